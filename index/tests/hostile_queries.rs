//! No query text may panic, hang, or fail with anything but a caller error.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use gazette_index::{ArchiveIndex, QueryMode, QuoteRequest, SearchRequest, SortOrder};
use proptest::prelude::*;

const SORTS: [SortOrder; 4] = [
    SortOrder::Relevance,
    SortOrder::Newest,
    SortOrder::Oldest,
    SortOrder::Hybrid,
];

fn index() -> &'static ArchiveIndex {
    static INDEX: OnceLock<ArchiveIndex> = OnceLock::new();
    INDEX.get_or_init(common::fixture_index)
}

/// Words of the fixture articles (and one absent word), for phrases that match.
const FIXTURE_WORDS: [&str; 16] = [
    "peace",
    "talks",
    "energy",
    "ties",
    "oil",
    "exports",
    "northern",
    "gaza",
    "israel",
    "baku",
    "convoys",
    "sanctions",
    "regional",
    "tension",
    "resume",
    "absentword",
];

/// Two or three fixture words as a phrase, sometimes sloppy or fielded, under a
/// negation (`-`, `NOT`, or `must_not` inside a group).
fn negated_phrase() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(&FIXTURE_WORDS[..]), 2..4),
        proptest::sample::select(&["", "~1", "~3"][..]),
        proptest::sample::select(&["", "title:", "text:"][..]),
        0..4usize,
    )
        .prop_map(|(words, slop, field, form)| {
            let phrase = format!("{field}\"{}\"{slop}", words.join(" "));
            match form {
                0 => format!(" -{phrase} "),
                1 => format!(" NOT {phrase} "),
                2 => format!(" ({} -{phrase}) ", words[0]),
                _ => format!(" -({} -{phrase}) ", words[1]),
            }
        })
}

/// Fragments that exercise every corner of the grammar, glued in random order.
fn hostile_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        negated_phrase(),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("~".to_string()),
        Just("~999999999999".to_string()),
        Just(" AND ".to_string()),
        Just(" OR ".to_string()),
        Just(" NOT ".to_string()),
        Just(" TO ".to_string()),
        Just("title:".to_string()),
        Just("published:[".to_string()),
        Just("published:[2024 TO *]".to_string()),
        Just("published:{* TO 2024-02-30}".to_string()),
        Just("country:".to_string()),
        Just("topic:\"".to_string()),
        Just("foo:bar".to_string()),
        Just("*".to_string()),
        Just("^2".to_string()),
        Just("\u{0}".to_string()),
        Just("é".to_string()),
        Just("\u{202e}".to_string()),
        Just("IRAN".to_string()),
        Just("iran".to_string()),
        "[a-zA-Z]{1,12}",
        "\\PC{0,6}",
    ]
}

/// The ids of every article matching `q`.
fn hit_ids(q: &str, sort: SortOrder) -> Result<BTreeSet<String>, TestCaseError> {
    let mut req = SearchRequest::new(q);
    req.per_page = 100;
    req.sort = sort;
    let results = index()
        .search(&req)
        .map_err(|e| TestCaseError::fail(format!("{q:?}: {e}")))?;
    prop_assert_eq!(results.total as usize, results.hits.len());
    Ok(results.hits.into_iter().map(|h| h.id).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_query_text_is_answered_or_refused_as_a_caller_error(
        parts in proptest::collection::vec(hostile_fragment(), 0..24),
        simple in any::<bool>(),
    ) {
        let q = parts.concat();
        let mut req = SearchRequest::new(q.clone());
        if simple {
            req.mode = QueryMode::Simple;
        }
        match index().search(&req) {
            Ok(results) => prop_assert!(results.hits.len() as u64 <= results.total),
            Err(err) => {
                prop_assert!(err.is_caller_error(), "{q:?} gave an internal error: {err:?}");
                prop_assert!(!simple, "simple mode must never reject: {q:?} -> {err}");
                // Messages quote the query: a slash betrays a path only if the query had none.
                prop_assert!(
                    q.contains('/') || !err.to_string().contains('/'),
                    "message leaks a path: {err}"
                );
            }
        }
        let quotes = index().quotes(&QuoteRequest { q: q.clone(), ..Default::default() });
        prop_assert!(quotes.is_ok() || quotes.as_ref().is_err_and(|e| e.is_caller_error()));
    }

    #[test]
    fn a_negated_phrase_drops_exactly_its_matches(
        words in proptest::collection::vec(proptest::sample::select(&FIXTURE_WORDS[..]), 2..4),
        base in proptest::sample::select(&["", "israel", "azerbaijan OR iran", "peace"][..]),
        sort in proptest::sample::select(&SORTS[..]),
    ) {
        let phrase = format!("\"{}\"", words.join(" "));
        let expected: BTreeSet<String> =
            hit_ids(base, sort)?.difference(&hit_ids(&phrase, sort)?).cloned().collect();
        let negated = format!("({base}) -{phrase}");
        prop_assert_eq!(hit_ids(&negated, sort)?, expected, "{}", negated);
    }

    #[test]
    fn all_capital_queries_are_never_rejected(words in proptest::collection::vec("[A-Z][A-Z(\")~:-]{0,7}", 1..20)) {
        let q = words.join(" ");
        prop_assert!(index().search(&SearchRequest::new(q.clone())).is_ok(), "{q:?} was rejected");
    }
}

#[test]
fn absurd_nesting_and_length_are_refused_quickly() {
    let deep = format!("{}iran{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(
        index()
            .search(&SearchRequest::new(deep))
            .unwrap_err()
            .is_caller_error()
    );
    let negations = "NOT ".repeat(500) + "iran";
    assert!(
        index()
            .search(&SearchRequest::new(negations))
            .unwrap_err()
            .is_caller_error()
    );
}
