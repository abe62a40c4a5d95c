//! Personal names: finding them in a run of words, separating titles from them, and a stable key.
//!
//! A name is a run of capitalised words (initials, hyphens, apostrophes and particles such as
//! "bin" or "van" allowed). Leading titles and roles ("US President", "Professor", "Lt. Col.")
//! are split off: honorifics are dropped, roles go to the affiliation, as the guideline asks.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::fold::fold;

static TITLE_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| TITLES.iter().copied().collect());
static NOT_NAME_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| NOT_NAME_WORDS.iter().copied().collect());

/// Whether a word is a title or role word that may precede a name ("Professor", "Lt.").
pub fn is_title(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && TITLE_SET.contains(word)
}

/// Whether a word is a courtesy title ("Mr", "Dr.").
pub fn is_honorific(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && HONORIFICS.contains(&word)
}

/// Courtesy titles: dropped from the name, not kept as a role.
pub const HONORIFICS: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Mr.", "Mrs.", "Ms.", "Dr.", "Mx"];

/// Titles and role words that can precede a name; they become (part of) the affiliation.
pub const TITLES: &[&str] = &[
    "President", "Vice", "Prime", "Minister", "Secretary", "Foreign", "Home", "Chancellor", "Professor",
    "Prof", "Prof.", "Ambassador", "Senator", "Sen.", "Representative", "Rep.", "Governor", "Gov.", "Mayor",
    "General", "Gen.", "Lt", "Lt.", "Col", "Col.", "Colonel", "Lieutenant", "Major", "Maj.", "Captain",
    "Capt.", "Cmdr", "Cmdr.", "Commander", "Admiral", "Adm.", "Sergeant", "Sgt.", "Cardinal", "Archbishop",
    "Bishop", "Rabbi", "Imam", "Sheikh", "Father", "Reverend", "Rev.", "Pope", "Prince", "Princess", "King",
    "Queen", "Emir", "Sultan", "Judge", "Justice", "Chief", "Executive", "Director", "Deputy", "Shadow",
    "Leader", "Commissioner", "Chairman", "Chairwoman", "Chair", "Spokesman", "Spokeswoman", "Speaker",
    "Defence", "Defense", "Interior", "Finance", "Trade", "Economy", "Justice", "Health", "Education",
    "Culture", "Environment", "Energy", "Labour", "Opposition", "Attorney", "Solicitor", "Inspector",
    "Detective", "Superintendent", "Constable", "Officer", "Dean", "Councillor", "Alderman", "Envoy",
    "Special", "Counsel", "Former", "Ex", "Acting", "Interim", "Senior", "Assistant", "Associate",
    "State", "Federal", "Economic", "National", "Security", "Adviser", "Advisor", "Minister's",
    "Congressman", "Congresswoman", "Premier", "Chief Executive", "Director-General", "Secretary-General",
    "MP", "MEP", "Sheriff", "Ambassador-at-large", "Crown", "Lord", "Lady", "Baroness", "Baron",
];

/// Small words allowed inside a name ("Osama bin Laden", "Ursula von der Leyen").
const PARTICLES: &[&str] = &["bin", "ibn", "al", "el", "van", "von", "der", "den", "de", "da", "del", "della", "di", "du", "la", "le", "ul", "abu", "bint"];

/// Capitalised words that are never part of a personal name.
pub const NOT_NAME_WORDS: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "You",
    "His", "Her", "Their", "Our", "Its", "In", "On", "At", "For", "But", "And", "Or", "If", "When",
    "While", "After", "Before", "As", "So", "Yet", "Now", "Then", "Also", "However", "Meanwhile",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "June", "July", "August", "September", "October", "November", "December",
    "Analysts", "Experts", "Officials", "Critics", "Observers", "Sources", "Diplomats", "Residents",
    "Witnesses", "Police", "Government", "Ministry", "Office", "Department", "Council", "Commission",
    "Committee", "Agency", "Party", "Union", "Bank", "Group", "Company", "Association", "Organisation",
    "Organization", "Institute", "University", "Center", "Centre", "Foundation", "Court", "Army", "Service",
    "Network", "News", "Times", "Post", "Watch", "International", "Reuters", "Corp", "Inc", "Ltd", "Plc",
    "Fund", "Board", "Authority", "Federation", "Forces", "Force", "Parliament", "Congress", "Senate",
    "House", "Street", "Square", "Hall", "Palace", "Embassy", "Agency", "Trust", "Society", "Club",
    "League", "Airways", "Airlines", "Exchange", "Securities", "Capital", "Partners", "Research", "Tribunal",
    "Prosecution", "Public", "Labour", "Conservatives", "Tories", "Democrats", "Republicans", "Liberal",
    "Coalition", "Movement", "Front", "Alliance", "Cabinet", "Mission", "Administration", "Secretariat",
    "Kingdom", "Republic", "States", "United", "Nations", "European", "Western", "Muslim", "Christian",
    "Catholic", "Church", "Islamic", "Jewish", "Arab", "Hamas", "Hezbollah", "Taliban", "God", "Allah",
    "Twitter", "Facebook", "Google", "Amazon", "Apple", "Microsoft", "Wikileaks", "WikiLeaks", "BBC",
    "Christmas", "Easter", "Ramadan", "Brexit", "Yes", "No", "Not", "What", "Why", "How", "Who",
    "Both", "Neither", "Either", "Many", "Some", "Most", "All", "Several", "Each", "Every", "Another", "Other",
    "Rebranded", "Speaking", "Asked", "According", "Following", "Under", "Despite", "During", "Since", "Until",
];

/// Whether a word can be part of a personal name.
pub fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else { return false };
    if PARTICLES.contains(&word) {
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
    if name_words.is_empty() || name_words.len() > 5 {
        return None;
    }
    if name_words.first().is_some_and(|w| PARTICLES.contains(w)) || name_words.iter().any(|w| NOT_NAME_SET.contains(w)) {
        return None;
    }
    Some(SplitName { name: name_words.join(" "), role: role.join(" "), titled })
}

/// Title-case role words not in the list, such as "Secretary-General" or "Shadow".
fn is_role_word(word: &str) -> bool {
    word.contains('-') && word.split('-').all(|part| is_title(part) || part == "General")
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
        let is_title = HONORIFICS.iter().chain(TITLES).any(|t| t.trim_end_matches('.').eq_ignore_ascii_case(bare));
        // (a linear scan is fine here: keys are built once per speaker, not per token)
        if is_title && start + 1 < words.len() {
            start += 1;
        } else {
            break;
        }
    }
    let rest = words.get(start..).unwrap_or(&[]).join(" ");
    let folded: String = fold(&rest).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_name_words() {
        for w in ["Hau-yip", "O'Connor", "W", "W.", "bin", "Khanin"] {
            assert!(is_name_word(w), "{w}");
        }
        for w in ["analysts", "NATO", "said"] {
            assert!(!is_name_word(w), "{w}");
        }
    }

    #[test]
    fn splits_titles_from_names() {
        let split = split_title(&["Lt.", "Col.", "Alexander", "Vindman"]);
        assert_eq!(split.as_ref().map(|s| (s.name.as_str(), s.role.as_str())), Some(("Alexander Vindman", "Lt. Col.")));
        let split = split_title(&["Mr", "Straw"]);
        assert_eq!(split.as_ref().map(|s| (s.name.as_str(), s.role.as_str(), s.titled)), Some(("Straw", "", true)));
        assert_eq!(split_title(&["Foreign", "Ministry"]), None);
        assert_eq!(split_title(&["Amnesty", "International"]), None);
    }

    #[test]
    fn keys_ignore_case_accents_and_titles() {
        assert_eq!(expert_key("MR JACK STRAW"), "jack straw");
        assert_eq!(expert_key("Cormac Murphy-O'Connor"), "cormac murphy o connor");
        assert_eq!(expert_key("Sir"), "sir");
    }
}
