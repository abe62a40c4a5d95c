//! No query text may panic, hang, or fail with anything but a caller error.

mod common;

use std::sync::OnceLock;

use gazette_index::{ArchiveIndex, QueryMode, QuoteRequest, SearchRequest};
use proptest::prelude::*;

fn index() -> &'static ArchiveIndex {
    static INDEX: OnceLock<ArchiveIndex> = OnceLock::new();
    INDEX.get_or_init(common::fixture_index)
}

/// Fragments that exercise every corner of the grammar, glued in random order.
fn hostile_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
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
                prop_assert!(!err.to_string().contains('/'), "message leaks a path: {err}");
            }
        }
        let quotes = index().quotes(&QuoteRequest { q: q.clone(), ..Default::default() });
        prop_assert!(quotes.is_ok() || quotes.as_ref().is_err_and(|e| e.is_caller_error()));
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
