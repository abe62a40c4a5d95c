//! Personal names: finding them in a run of words, separating titles from them, and a stable key.
//!
//! A name is a run of capitalised words (initials, hyphens, apostrophes and particles such as
//! "bin" or "van" allowed). Leading titles and roles ("US President", "Professor", "Lt. Col.")
//! are split off: honorifics are dropped, roles go to the affiliation, as the guideline asks.

use super::roles::is_role_noun;
use super::tokens::Token;
use crate::fold::fold;
use crate::lexicon::{List, has};

/// Whether a word is a title or role word that may precede a name ("Professor", "Lt.").
pub fn is_title(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && has(List::Titles, word)
}

/// Whether a word is a courtesy title ("Mr", "Dr.").
pub fn is_honorific(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && has(List::Honorifics, word)
}

/// Whether a word can be part of a personal name.
pub fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if has(List::Particles, word) {
        return true;
    }
    // "al-Sadr", "el-Baradei": a particle joined to a capitalised name.
    if let Some((particle, rest)) = word.split_once('-')
        && has(List::Particles, particle)
        && rest.starts_with(char::is_uppercase)
    {
        return true;
    }
    if !first.is_uppercase() {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    // An initial ("W", "W.") or a capitalised word with lower-case letters ("Hau-yip", "O'Connor").
    let is_initial = letters.len() == 1 && word.len() <= 2;
    is_initial || letters.iter().any(|c| c.is_lowercase())
}

/// A name separated from the titles written before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitName {
    /// The name without honorifics and titles ("Zeev Khanin").
    pub name: String,
    /// Titles and roles written before it ("Professor", "US President"); empty when none.
    pub role: String,
    /// Whether a courtesy title (Mr, Dr...) or a title preceded it, which makes a bare surname a person.
    pub titled: bool,
}

/// Splits "Lt. Col. Alexander Vindman" into role "Lt. Col." and name "Alexander Vindman".
/// The words must already be a run of name and title words.
pub fn split_title(words: &[&str]) -> Option<SplitName> {
    let mut role = Vec::new();
    let mut titled = false;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if is_honorific(word) {
            titled = true;
        } else if is_title(word) || is_role_word(word) {
            titled = true;
            role.push(*word);
        } else if is_role_noun(&word.to_lowercase()) || is_origin_word(word) {
            // "Guitarist", "Tunisian-born": a role, but not a title that makes a lone word a person.
            role.push(*word);
        } else {
            break;
        }
        index += 1;
    }
    let rest = words.get(index..)?;
    // A courtesy title after a non-title word starts the name there ("... of Canterbury Dr Rowan Williams").
    if rest.iter().any(|w| is_honorific(w)) {
        return None;
    }
    let name_words: Vec<&str> = rest.to_vec();
    // A title inside the run ("Carnegie Mellon Professor Raj Reddy") starts the name after it;
    // a final one is a surname ("John Major").
    let inner_title = name_words.len() > 1
        && name_words
            .iter()
            .take(name_words.len() - 1)
            .any(|w| is_title(w));
    if inner_title {
        return None;
    }
    if name_words.is_empty() || name_words.len() > 5 {
        return None;
    }
    if name_words.first().is_some_and(|w| has(List::Particles, w))
        || name_words.iter().any(|w| has(List::NotNameWords, w))
    {
        return None;
    }
    Some(SplitName {
        name: name_words.join(" "),
        role: role.join(" "),
        titled,
    })
}

/// "Tunisian-born", "London-based": where a person comes from, written before the name.
fn is_origin_word(word: &str) -> bool {
    word.ends_with("-born") || word.ends_with("-based")
}

/// Title-case role words not in the list, such as "Secretary-General" or "Shadow".
fn is_role_word(word: &str) -> bool {
    word.contains('-')
        && word
            .split('-')
            .all(|part| is_title(part) || part == "General")
}

/// The last word of a name: the surname, for back-references ("Khanin noted").
pub fn surname(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

/// One expert identity across articles: a normalised key for a speaker name.
///
/// Case, accents, punctuation and honorifics or titles at the front are removed, so
/// "Prof. Zeev Khanin", "ZEEV KHANIN" and "Zeev Khanin" share a key.
///
/// ```
/// use gazette_enrich::expert_key;
/// assert_eq!(expert_key("Dr. José  Ramos-Horta"), "jose ramos horta");
/// assert_eq!(expert_key("Professor Zeev Khanin"), expert_key("zeev khanin"));
/// assert_eq!(expert_key("George W. Bush"), "george w bush");
/// ```
pub fn expert_key(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut start = 0;
    while let Some(word) = words.get(start) {
        let bare = word.trim_end_matches('.');
        let mut capitalised: String = bare.chars().take(1).flat_map(char::to_uppercase).collect();
        capitalised.extend(bare.chars().skip(1).flat_map(char::to_lowercase));
        let dotted = format!("{capitalised}.");
        let is_title = [capitalised.as_str(), dotted.as_str()]
            .iter()
            .any(|w| is_title(w) || is_honorific(w));
        if is_title && start + 1 < words.len() {
            start += 1;
        } else {
            break;
        }
    }
    let rest = words.get(start..).unwrap_or(&[]).join(" ");
    let folded: String = fold(&rest)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person found in a run of name words: the name, where it starts, and its roles.
pub struct PersonInRun {
    pub name: SplitName,
    /// How many leading words of the run were dropped (places, sentence openers).
    pub skipped: usize,
    /// Index of the first name token (after dropped words and titles).
    pub first_token: usize,
}

/// The longest tail of a run that is a personal name: "But Home Secretary Charles Clarke" gives
/// "Charles Clarke" (role "Home Secretary"), "Ukraine Kurt Volker" gives "Kurt Volker".
pub fn person_in_run(
    run: &[Token<'_>],
    run_start: usize,
    is_place: &dyn Fn(&str) -> bool,
    is_country_word: &dyn Fn(&str) -> bool,
) -> Option<PersonInRun> {
    for skip in 0..run.len() {
        let words: Vec<&str> = run.get(skip..)?.iter().map(|t| t.core).collect();
        let Some(split) = split_title(&words) else {
            continue;
        };
        let mut words_of_name = split.name.split(' ');
        let first = words_of_name.next().unwrap_or("");
        let rest_is_a_name = words_of_name.count() >= 2;
        // A leading place ("Ukraine Kurt Volker") is dropped when a full name remains; a first
        // name that is also a city ("Sofia Reyes") stays.
        if is_place(&split.name)
            || (is_place(first) && rest_is_a_name)
            || split.name.split(' ').any(is_country_word)
        {
            continue;
        }
        let title_words = words.len() - split.name.split(' ').count();
        return Some(PersonInRun {
            name: split,
            skipped: skip,
            first_token: run_start + skip + title_words,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_name_words() {
        for w in ["Hau-yip", "O'Connor", "W", "W.", "bin", "Khanin", "al-Sadr"] {
            assert!(is_name_word(w), "{w}");
        }
        for w in ["analysts", "NATO", "said"] {
            assert!(!is_name_word(w), "{w}");
        }
    }

    #[test]
    fn splits_titles_from_names() {
        let split = split_title(&["Lt.", "Col.", "Alexander", "Vindman"]);
        assert_eq!(
            split.as_ref().map(|s| (s.name.as_str(), s.role.as_str())),
            Some(("Alexander Vindman", "Lt. Col."))
        );
        let split = split_title(&["Mr", "Straw"]);
        assert_eq!(
            split
                .as_ref()
                .map(|s| (s.name.as_str(), s.role.as_str(), s.titled)),
            Some(("Straw", "", true))
        );
        assert_eq!(split_title(&["Foreign", "Ministry"]), None);
        assert_eq!(split_title(&["Amnesty", "International"]), None);
    }

    #[test]
    fn keys_ignore_case_accents_and_titles() {
        assert_eq!(expert_key("MR JACK STRAW"), "jack straw");
        assert_eq!(
            expert_key("Cormac Murphy-O'Connor"),
            "cormac murphy o connor"
        );
        assert_eq!(expert_key("Sir"), "sir");
    }
}
