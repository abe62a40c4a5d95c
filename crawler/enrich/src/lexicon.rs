//! Closed word lists (speech verbs, titles, organisation head words...), kept as data in
//! `data/lexicon.txt` and parsed once into hash sets, so the code reads as rules and the lists
//! can be reviewed and extended without touching it.

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

const LEXICON: &str = include_str!("../data/lexicon.txt");

/// The word lists of `data/lexicon.txt`, one per `[section]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    OrganisationHeads,
    OrganisationOpeners,
    RoleAndPlaceWords,
    FunctionWords,
    PlaceHonorifics,
    Languages,
    LanguageVerbs,
    LanguageFollowers,
    UsStateCues,
    CommonNounCues,
    SpeechVerbs,
    Participles,
    QuoteOnlyVerbs,
    Prepositions,
    Auxiliaries,
    AffiliationPrepositions,
    Pronouns,
    TimeWords,
    Honorifics,
    Titles,
    Particles,
    NotNameWords,
    RoleNouns,
    Modifiers,
    Connectors,
    NotRoleWords,
    Articles,
    Abbreviations,
}

const SECTIONS: &[(List, &str)] = &[
    (List::OrganisationHeads, "organisation_heads"),
    (List::OrganisationOpeners, "organisation_openers"),
    (List::RoleAndPlaceWords, "role_and_place_words"),
    (List::FunctionWords, "function_words"),
    (List::PlaceHonorifics, "place_honorifics"),
    (List::Languages, "languages"),
    (List::LanguageVerbs, "language_verbs"),
    (List::LanguageFollowers, "language_followers"),
    (List::UsStateCues, "us_state_cues"),
    (List::CommonNounCues, "common_noun_cues"),
    (List::SpeechVerbs, "speech_verbs"),
    (List::Participles, "participles"),
    (List::QuoteOnlyVerbs, "quote_only_verbs"),
    (List::Prepositions, "prepositions"),
    (List::Auxiliaries, "auxiliaries"),
    (List::AffiliationPrepositions, "affiliation_prepositions"),
    (List::Pronouns, "pronouns"),
    (List::TimeWords, "time_words"),
    (List::Honorifics, "honorifics"),
    (List::Titles, "titles"),
    (List::Particles, "particles"),
    (List::NotNameWords, "not_name_words"),
    (List::RoleNouns, "role_nouns"),
    (List::Modifiers, "modifiers"),
    (List::Connectors, "connectors"),
    (List::NotRoleWords, "not_role_words"),
    (List::Articles, "articles"),
    (List::Abbreviations, "abbreviations"),
];

/// The lists, indexed by `List as usize`. Look-ups are the tagger's innermost
/// operation (several per word of every article), hence a vector and a fast hasher
/// rather than a map of maps with SipHash.
static LISTS: LazyLock<Vec<FxHashSet<&'static str>>> = LazyLock::new(|| {
    let by_name: HashMap<&str, List> = SECTIONS.iter().map(|(list, name)| (*name, *list)).collect();
    let mut lists: Vec<FxHashSet<&'static str>> = vec![FxHashSet::default(); SECTIONS.len()];
    let mut current: Option<List> = None;
    for line in LEXICON.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = by_name.get(name).copied();
            continue;
        }
        if let Some(set) = current.and_then(|list| lists.get_mut(list as usize)) {
            set.extend(line.split(',').map(str::trim).filter(|w| !w.is_empty()));
        }
    }
    lists
});

/// Whether `word` is in the list (exact match).
pub fn has(list: List, word: &str) -> bool {
    LISTS
        .get(list as usize)
        .is_some_and(|set| set.contains(word))
}

/// Every entry of a list, in no particular order.
pub fn entries(list: List) -> impl Iterator<Item = &'static str> {
    LISTS
        .get(list as usize)
        .into_iter()
        .flat_map(|set| set.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_present_and_filled() {
        for (list, name) in SECTIONS {
            assert!(
                entries(*list).next().is_some(),
                "list [{name}] is empty or missing"
            );
        }
    }

    #[test]
    fn entries_match_exactly() {
        assert!(has(List::SpeechVerbs, "said"));
        assert!(!has(List::SpeechVerbs, "Said"));
        assert!(has(List::UsStateCues, "state of georgia"));
    }
}
