//! Reading the words around a place name to decide whether it really names the place.
//!
//! Four general tests, each from the annotation guideline:
//! * proper names of non-state organisations that contain the name ("British Airways",
//!   "American University of Kabul", "London Metal Exchange"): a capitalised run around the
//!   match that holds an organisation head word;
//! * personal names ("Paris Hilton", "Michael Jordan"), only for names flagged as such: a
//!   capitalised neighbour that is neither a role, a place word nor a function word;
//! * languages used as languages ("in English", "French-speaking");
//! * the context cues of the other reading (Georgia the US state, turkey the bird).

use crate::lexicon::{List, entries, has};
use crate::words::{Word, starts_sentence, word_after, word_before};

fn is_hyphen_compound_word(text: &str, word: &Word<'_>) -> bool {
    text.get(..word.start).is_some_and(|h| h.ends_with('-'))
}

/// "United's" -> "United".
fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// Whether the match at `start..end` sits inside a non-state organisation's proper name.
pub fn inside_organisation_name(text: &str, start: usize, end: usize) -> bool {
    // Up to three capitalised words after the match ("Enterprise Institute", "Metal Exchange").
    let mut pos = end;
    for _ in 0..3 {
        let Some(word) = word_after(text, pos) else {
            break;
        };
        if !word.is_capitalised() || has(List::RoleAndPlaceWords, word.text) {
            break;
        }
        if has(List::OrganisationHeads, without_possessive(word.text)) {
            return true;
        }
        pos = word.end;
    }
    // Up to three words before it: "University of Kabul", "Agence France-Presse", "Air France".
    let mut pos = start;
    for step in 0..3 {
        let Some(word) = word_before(text, pos) else {
            break;
        };
        let connector = matches!(word.text, "of" | "for" | "the" | "and" | "&");
        if !connector && !word.is_capitalised() {
            break;
        }
        if has(List::OrganisationHeads, without_possessive(word.text))
            && !starts_sentence(text, word.start)
        {
            return true;
        }
        if step == 0 && has(List::OrganisationOpeners, word.text) {
            return true;
        }
        pos = word.start;
    }
    false
}

fn looks_like_name(text: &str, word: &Word<'_>) -> bool {
    word.is_capitalised()
        && word.text.chars().any(char::is_lowercase)
        && !has(List::RoleAndPlaceWords, word.text)
        && !has(List::FunctionWords, word.text)
        && !has(List::OrganisationHeads, word.text)
        && !word.text.ends_with("'s")
        && !word.text.ends_with("\u{2019}s")
        && !is_hyphen_compound_word(text, word)
}

/// Whether a name flagged as also personal is used as a person's name here ("Paris Hilton",
/// "Michael Jordan", "Mr Washington").
pub fn used_as_personal_name(
    text: &str,
    start: usize,
    end: usize,
    is_place: impl Fn(&str) -> bool,
) -> bool {
    if follows_a_name(text, start, &is_place) {
        return true;
    }
    let tail = text.get(end..).unwrap_or("");
    tail.starts_with(' ')
        && word_after(text, end)
            .is_some_and(|after| looks_like_name(text, &after) && !is_place(after.text))
}

/// Whether a courtesy title precedes the word ("Mr Irish", "Mrs Holland"): a surname, whatever
/// else it could be.
pub fn after_honorific(text: &str, start: usize) -> bool {
    word_before(text, start).is_some_and(|before| has(List::PlaceHonorifics, before.text))
}

/// Whether a capitalised given name precedes the word inside a sentence ("Oliver Irish").
pub fn follows_a_name(text: &str, start: usize, is_place: impl Fn(&str) -> bool) -> bool {
    word_before(text, start).is_some_and(|before| {
        has(List::PlaceHonorifics, before.text)
            || (looks_like_name(text, &before)
                && !starts_sentence(text, before.start)
                && !is_place(before.text))
    })
}

/// Whether a demonym that is also a language name is used for the language ("in English").
pub fn used_as_language(text: &str, start: usize, end: usize) -> bool {
    let Some(name) = text.get(start..end) else {
        return false;
    };
    if !has(List::Languages, name) {
        return false;
    }
    let after = word_after(text, end);
    if let Some(after) = after
        && has(List::LanguageFollowers, &after.text.to_lowercase())
    {
        return true;
    }
    let before = word_before(text, start).map(|w| w.text.to_lowercase());
    let verb_before = before
        .as_deref()
        .is_some_and(|b| has(List::LanguageVerbs, b));
    // "in English." / "in French and German" are languages; "in French politics" is France.
    let noun_follows = text.get(end..).is_some_and(|t| t.starts_with(' '))
        && after.is_some_and(|w| !w.is_capitalised() && !matches!(w.text, "and" | "or"));
    verb_before && !noun_follows
}

fn sentence_has_any(sentence: &str, cues: List) -> bool {
    let lower = sentence.to_lowercase();
    entries(cues).any(|cue| {
        lower.match_indices(cue).any(|(i, _)| {
            let before_ok = lower
                .get(..i)
                .and_then(|h| h.chars().next_back())
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = lower
                .get(i + cue.len()..)
                .and_then(|t| t.chars().next())
                .is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        })
    })
}

/// Whether the sentence reads "Georgia" as the US state.
pub fn has_us_state_cues(sentence: &str) -> bool {
    sentence_has_any(sentence, List::UsStateCues) && !sentence.contains("Tbilisi")
}

/// Whether the sentence uses a country name as a common noun ("roast turkey").
pub fn has_common_noun_cues(sentence: &str) -> bool {
    sentence_has_any(sentence, List::CommonNounCues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, needle: &str) -> (usize, usize) {
        let start = text.find(needle).unwrap_or(0);
        (start, start + needle.len())
    }

    #[test]
    fn organisation_names_hide_their_country_words() {
        for (text, needle) in [
            ("She flew British Airways to Rome.", "British"),
            (
                "A fellow at the American Enterprise Institute disagreed.",
                "American",
            ),
            (
                "He taught at the American University of Kabul for years.",
                "Kabul",
            ),
            (
                "Copper fell on the London Metal Exchange on Friday.",
                "London",
            ),
            (
                "The report was carried by Agence France-Presse overnight.",
                "France",
            ),
            ("Creditors met at the Paris Club in June.", "Paris"),
        ] {
            let (s, e) = span(text, needle);
            assert!(inside_organisation_name(text, s, e), "{text}");
        }
    }

    #[test]
    fn state_bodies_and_described_companies_still_count() {
        for (text, needle) in [
            ("The Bank of England held rates.", "England"),
            ("The US company UPS hired drivers.", "US"),
            ("Kazakhstan's Air Astana grew fast.", "Kazakhstan"),
            ("The Israeli army withdrew at dawn.", "Israeli"),
        ] {
            let (s, e) = span(text, needle);
            assert!(!inside_organisation_name(text, s, e), "{text}");
        }
    }

    #[test]
    fn personal_names_are_told_from_places() {
        let no_place = |_: &str| false;
        for text in [
            "Fans cheered Paris Hilton at the party.",
            "The shoes were made for Michael Jordan last year.",
            "A statue of George Washington stands there.",
        ] {
            let needle = ["Paris", "Jordan", "Washington"]
                .into_iter()
                .find(|n| text.contains(n))
                .unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(used_as_personal_name(text, s, e, no_place), "{text}");
        }
        for text in [
            "Talks in Jordan resumed.",
            "Jordan's King Abdullah spoke.",
            "Officials in Washington disagreed.",
            "King Abdullah of Jordan arrived.",
        ] {
            let needle = ["Jordan", "Washington"]
                .into_iter()
                .find(|n| text.contains(n))
                .unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(!used_as_personal_name(text, s, e, no_place), "{text}");
        }
    }

    #[test]
    fn languages_are_not_countries() {
        for text in [
            "The leaflet was printed in English.",
            "A French-speaking region voted.",
            "She teaches German language classes.",
        ] {
            let needle = ["English", "French", "German"]
                .into_iter()
                .find(|n| text.contains(n))
                .unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(used_as_language(text, s, e), "{text}");
        }
        let text = "Unrest in French politics grew.";
        let (s, e) = span(text, "French");
        assert!(!used_as_language(text, s, e));
    }

    #[test]
    fn reads_the_other_sense_from_the_sentence() {
        assert!(has_us_state_cues(
            "The governor of Georgia signed the bill in Atlanta."
        ));
        assert!(!has_us_state_cues(
            "Georgia and Russia fought over South Ossetia."
        ));
        assert!(has_common_noun_cues(
            "Turkey with stuffing is a Christmas dinner staple."
        ));
        assert!(!has_common_noun_cues(
            "Turkey and Greece held talks on Cyprus."
        ));
    }
}
