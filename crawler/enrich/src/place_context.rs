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

use crate::words::{Word, starts_sentence, word_after, word_before};

/// Head words of non-state organisations: a country word in the same capitalised run is part
/// of the organisation's name.
const ORGANISATION_HEADS: &[&str] = &[
    "Airways", "Airlines", "Airline", "University", "College", "Institute", "Institution",
    "Foundation", "Exchange", "News", "Post", "Times", "Herald", "Telegraph", "Journal", "Tribune",
    "Gazette", "Broadcasting", "Presse", "Press", "Petroleum", "Oil", "Corporation", "Corp",
    "Company", "Inc", "Ltd", "Plc", "PLC", "Holdings", "Club", "FC", "United", "Rovers",
    "Wanderers", "Albion", "Athletic", "Hotspur", "Enterprise", "Telecom", "Motors", "Network",
    "Television", "TV", "Radio", "Magazine", "Daily", "Weekly", "Review", "Insurance", "Securities",
    "Agence", "Express", "Standard", "Chronicle", "Brewery", "Tobacco",
];
/// Words that open an organisation name before the country word ("Air France", "Radio Free Asia").
const ORGANISATION_OPENERS: &[&str] = &["Air", "Agence", "Radio", "Banco", "Royal"];
/// Capitalised words that sit next to a place without making it part of a personal name.
const ROLE_AND_PLACE_WORDS: &[&str] = &[
    "President", "Prime", "Minister", "King", "Queen", "Prince", "Princess", "Crown", "Foreign",
    "Secretary", "Ambassador", "Senator", "Governor", "Mayor", "General", "Army", "Police",
    "Government", "Parliament", "Embassy", "Council", "State", "States", "National", "Federal",
    "Defence", "Defense", "Interior", "Ministry", "Department", "Office", "Supreme", "Court",
    "Republic", "Kingdom", "Democratic", "City", "DC", "D.C.", "Province", "County", "Region",
    "Valley", "Capitol", "Street", "Square", "Central", "Northern", "Southern", "Eastern",
    "Western", "North", "South", "East", "West", "Upper", "Lower", "Greater", "Metropolitan",
    "Sheikh", "Emir", "Sultan", "Hashemite", "Islamic", "Arab", "Muslim", "Christian", "Jewish",
    "Summit", "Conference", "Agreement", "Accord", "Treaty", "Declaration", "Talks", "Forum",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Olympics", "Games", "Cup", "Open", "Marathon", "Airport",
];
/// Capitalised function words: sentence openers that are not first names.
const FUNCTION_WORDS: &[&str] = &[
    "In", "The", "From", "To", "For", "At", "By", "With", "And", "But", "Of", "On", "As", "Neighbouring",
    "Neighboring", "While", "When", "If", "Since", "Both", "Unlike", "Like", "Against", "Across",
    "Meanwhile", "Only", "Even", "Also", "Now", "Then", "Why", "How", "What", "Where", "Visit",
    "Visiting", "Including", "Besides", "Beyond", "Inside", "Outside", "Within", "Without", "Into",
    "Did", "Does", "Do", "Will", "Would", "Can", "Could", "Should", "Has", "Have", "Had", "Is", "Was",
    "Are", "Were", "Why", "Says", "Said", "Tells", "Told", "Warns", "Backs", "Urges", "Rejects",
];
const HONORIFICS: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lady", "Lord", "Mr.", "Mrs.", "Ms.", "Dr."];
/// Languages that share their spelling with a demonym.
const LANGUAGES: &[&str] = &[
    "English", "French", "German", "Spanish", "Russian", "Chinese", "Japanese", "Italian",
    "Portuguese", "Dutch", "Greek", "Turkish", "Polish", "Swedish", "Danish", "Norwegian", "Finnish",
    "Hungarian", "Czech", "Romanian", "Bulgarian", "Serbian", "Croatian", "Ukrainian", "Thai",
    "Vietnamese", "Indonesian", "Welsh", "Irish", "Icelandic", "Albanian", "Armenian", "Georgian",
    "Azerbaijani", "Kazakh", "Uzbek", "Mongolian", "Malagasy", "Somali", "Nepali", "Burmese", "Khmer",
    "Lao", "Maltese", "Slovak", "Slovene", "Slovenian", "Estonian", "Latvian", "Lithuanian", "Tajik",
];
const LANGUAGE_VERBS: &[&str] =
    &["in", "speak", "speaks", "spoke", "speaking", "learn", "learning", "learned", "learnt", "fluent", "into", "teach", "taught"];
const LANGUAGE_FOLLOWERS: &[&str] = &[
    "language", "languages", "speaking", "speaker", "speakers", "translation", "translations",
    "subtitles", "subtitled", "lessons", "classes", "teacher", "teachers", "dictionary", "grammar",
    "dub", "dubbed", "version", "edition", "literature", "words", "word", "phrase", "accent",
];
const US_STATE_CUES: &[&str] = &[
    "atlanta", "savannah", "u.s. state", "us state", "state of georgia", "georgia state", "governor",
    "senator", "republican", "democrat", "county", "alabama", "florida", "tennessee", "carolina",
    "georgia tech", "athens, georgia",
];
const COMMON_NOUN_CUES: &[&str] = &[
    "roast", "thanksgiving", "christmas dinner", "stuffing", "poultry", "bird", "turkeys", "gravy",
    "meat", "dinner", "twizzler", "farm", "carve",
];

fn is_one_of(word: &Word<'_>, list: &[&str]) -> bool {
    list.contains(&word.text)
}

fn is_hyphen_compound_word(text: &str, word: &Word<'_>) -> bool {
    text.get(..word.start).is_some_and(|h| h.ends_with('-'))
}

/// Whether the match at `start..end` sits inside a non-state organisation's proper name.
pub fn inside_organisation_name(text: &str, start: usize, end: usize) -> bool {
    // Up to three capitalised words after the match ("Enterprise Institute", "Metal Exchange").
    let mut pos = end;
    for _ in 0..3 {
        let Some(word) = word_after(text, pos) else { break };
        if !word.is_capitalised() || is_one_of(&word, ROLE_AND_PLACE_WORDS) {
            break;
        }
        if is_one_of(&word, ORGANISATION_HEADS) {
            return true;
        }
        pos = word.end;
    }
    // Up to three words before it: "University of Kabul", "Agence France-Presse", "Air France".
    let mut pos = start;
    for step in 0..3 {
        let Some(word) = word_before(text, pos) else { break };
        let connector = matches!(word.text, "of" | "for" | "the" | "and" | "&");
        if !connector && !word.is_capitalised() {
            break;
        }
        if is_one_of(&word, ORGANISATION_HEADS) && !starts_sentence(text, word.start) {
            return true;
        }
        if step == 0 && is_one_of(&word, ORGANISATION_OPENERS) {
            return true;
        }
        pos = word.start;
    }
    false
}

fn looks_like_name(text: &str, word: &Word<'_>) -> bool {
    word.is_capitalised()
        && word.text.chars().any(char::is_lowercase)
        && !is_one_of(word, ROLE_AND_PLACE_WORDS)
        && !is_one_of(word, FUNCTION_WORDS)
        && !is_one_of(word, ORGANISATION_HEADS)
        && !word.text.ends_with("'s")
        && !word.text.ends_with("\u{2019}s")
        && !is_hyphen_compound_word(text, word)
}

/// Whether a name flagged as also personal is used as a person's name here ("Paris Hilton",
/// "Michael Jordan", "Mr Washington").
pub fn used_as_personal_name(text: &str, start: usize, end: usize, is_place: impl Fn(&str) -> bool) -> bool {
    if let Some(before) = word_before(text, start) {
        if is_one_of(&before, HONORIFICS) {
            return true;
        }
        if looks_like_name(text, &before) && !starts_sentence(text, before.start) && !is_place(before.text) {
            return true;
        }
    }
    let tail = text.get(end..).unwrap_or("");
    if tail.starts_with(' ')
        && let Some(after) = word_after(text, end)
        && looks_like_name(text, &after)
        && !is_place(after.text)
    {
        return true;
    }
    false
}

/// Whether a demonym that is also a language name is used for the language ("in English").
pub fn used_as_language(text: &str, start: usize, end: usize) -> bool {
    let Some(name) = text.get(start..end) else { return false };
    if !LANGUAGES.contains(&name) {
        return false;
    }
    let after = word_after(text, end);
    if let Some(after) = after
        && LANGUAGE_FOLLOWERS.contains(&after.text.to_lowercase().as_str())
    {
        return true;
    }
    let before = word_before(text, start).map(|w| w.text.to_lowercase());
    let verb_before = before.as_deref().is_some_and(|b| LANGUAGE_VERBS.contains(&b));
    // "in English." / "in French and German" are languages; "in French politics" is France.
    let noun_follows = text.get(end..).is_some_and(|t| t.starts_with(' ')) && after.is_some_and(|w| !w.is_capitalised() && !matches!(w.text, "and" | "or"));
    verb_before && !noun_follows
}

fn sentence_has_any(sentence: &str, cues: &[&str]) -> bool {
    let lower = sentence.to_lowercase();
    cues.iter().any(|cue| {
        lower.match_indices(cue).any(|(i, _)| {
            let before_ok = lower.get(..i).and_then(|h| h.chars().next_back()).is_none_or(|c| !c.is_alphanumeric());
            let after_ok = lower.get(i + cue.len()..).and_then(|t| t.chars().next()).is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        })
    })
}

/// Whether the sentence reads "Georgia" as the US state.
pub fn has_us_state_cues(sentence: &str) -> bool {
    sentence_has_any(sentence, US_STATE_CUES) && !sentence.contains("Tbilisi")
}

/// Whether the sentence uses a country name as a common noun ("roast turkey").
pub fn has_common_noun_cues(sentence: &str) -> bool {
    sentence_has_any(sentence, COMMON_NOUN_CUES)
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
            ("A fellow at the American Enterprise Institute disagreed.", "American"),
            ("He taught at the American University of Kabul for years.", "Kabul"),
            ("Copper fell on the London Metal Exchange on Friday.", "London"),
            ("The report was carried by Agence France-Presse overnight.", "France"),
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
        for text in ["Fans cheered Paris Hilton at the party.", "The shoes were made for Michael Jordan last year.", "A statue of George Washington stands there."] {
            let needle = ["Paris", "Jordan", "Washington"].into_iter().find(|n| text.contains(n)).unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(used_as_personal_name(text, s, e, no_place), "{text}");
        }
        for text in ["Talks in Jordan resumed.", "Jordan's King Abdullah spoke.", "Officials in Washington disagreed.", "King Abdullah of Jordan arrived."] {
            let needle = ["Jordan", "Washington"].into_iter().find(|n| text.contains(n)).unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(!used_as_personal_name(text, s, e, no_place), "{text}");
        }
    }

    #[test]
    fn languages_are_not_countries() {
        for text in ["The leaflet was printed in English.", "A French-speaking region voted.", "She teaches German language classes."] {
            let needle = ["English", "French", "German"].into_iter().find(|n| text.contains(n)).unwrap_or("");
            let (s, e) = span(text, needle);
            assert!(used_as_language(text, s, e), "{text}");
        }
        let text = "Unrest in French politics grew.";
        let (s, e) = span(text, "French");
        assert!(!used_as_language(text, s, e));
    }

    #[test]
    fn reads_the_other_sense_from_the_sentence() {
        assert!(has_us_state_cues("The governor of Georgia signed the bill in Atlanta."));
        assert!(!has_us_state_cues("Georgia and Russia fought over South Ossetia."));
        assert!(has_common_noun_cues("Turkey with stuffing is a Christmas dinner staple."));
        assert!(!has_common_noun_cues("Turkey and Greece held talks on Cyprus."));
    }
}
