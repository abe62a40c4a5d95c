//! Search: filters, disjunctive and hierarchical facets, query language, sorting, snippets, paging.

mod common;

use common::{CONFLICT, INTERNATIONAL_RELATIONS, PEACE_PROCESS, POLITICS, fixture_index, ids};
use gazette_index::{IndexError, QueryMode, SearchRequest, SortOrder};

fn search(q: &str) -> gazette_index::SearchResults {
    fixture_index()
        .search(&SearchRequest::new(q))
        .expect("search")
}

fn count_of(values: &[gazette_index::FacetValue], value: &str) -> Option<u64> {
    values.iter().find(|v| v.value == value).map(|v| v.count)
}

#[test]
fn words_must_all_match_in_a_short_query() {
    let results = search("azerbaijan israel");
    assert_eq!(ids(&results.hits), ["az-israel"]);
    assert!(!results.relaxed);
}

#[test]
fn facet_counts_of_a_selected_facet_ignore_that_selection() {
    let index = fixture_index();
    let all = index.search(&SearchRequest::new("")).unwrap();
    let mut req = SearchRequest::new("");
    req.filters.countries = vec!["IR".into(), "AM".into()];
    let narrowed = index.search(&req).unwrap();

    assert_eq!(narrowed.total, 2, "OR within the country facet");
    let mut hit_ids = ids(&narrowed.hits);
    hit_ids.sort();
    assert_eq!(hit_ids, ["armenia-talks", "iran-sanctions"]);
    assert_eq!(
        narrowed.facets.country, all.facets.country,
        "country counts unchanged by the country selection"
    );
    assert_eq!(
        count_of(&narrowed.facets.source, "Global Desk"),
        Some(2),
        "other facets follow the selection"
    );
    assert_eq!(count_of(&narrowed.facets.source, "Policy Wire"), None);
}

#[test]
fn filters_combine_with_and_across_facets() {
    let index = fixture_index();
    let mut req = SearchRequest::new("");
    req.filters.countries = vec!["AZ".into()];
    req.filters.sources = vec!["global desk".into()];
    let results = index.search(&req).unwrap();
    assert_eq!(ids(&results.hits), ["armenia-talks"]);
    assert_eq!(
        count_of(&results.facets.source, "Policy Wire"),
        Some(2),
        "source counts ignore the source filter"
    );
}

#[test]
fn topics_roll_up_to_their_parent() {
    let results = search("");
    let topics = &results.facets.topic;
    assert_eq!(count_of(topics, POLITICS), Some(3));
    assert_eq!(count_of(topics, INTERNATIONAL_RELATIONS), Some(2));
    let child = topics.iter().find(|v| v.value == PEACE_PROCESS).unwrap();
    assert_eq!(child.parent.as_deref(), Some(CONFLICT));
    assert_eq!(child.label, "peace process");
    let parent_at = topics.iter().position(|v| v.value == CONFLICT).unwrap();
    let child_at = topics
        .iter()
        .position(|v| v.value == PEACE_PROCESS)
        .unwrap();
    assert!(parent_at < child_at, "a sub-topic follows its parent");

    let index = fixture_index();
    let mut req = SearchRequest::new("");
    req.filters.topics = vec![CONFLICT.into()];
    let mut hit_ids = ids(&index.search(&req).unwrap().hits)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    hit_ids.sort();
    assert_eq!(hit_ids, ["armenia-talks", "gaza-aid"]);
}

#[test]
fn operators_are_words_in_an_all_capitals_query() {
    // "AND" would be an operator in mixed case; "OR" here would otherwise widen the query.
    let caps = search("AZERBAIJAN AND ISRAEL OR");
    assert_eq!(ids(&caps.hits), ["az-israel"]);
    let not = search("PEACE TALKS NOT BORDER");
    assert_eq!(
        not.hits[0].id, "armenia-talks",
        "NOT is a word: the border article still matches, first"
    );
    assert!(
        fixture_index()
            .search(&SearchRequest::new("TALKS TO (RESUME"))
            .is_ok(),
        "never rejected"
    );
}

#[test]
fn operators_work_in_mixed_case() {
    let mut either = ids(&search("armenia OR sanctions").hits)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    either.sort();
    assert_eq!(either, ["armenia-talks", "iran-sanctions"]);
    assert!(!ids(&search("azerbaijan -baku").hits).contains(&"az-israel"));
    assert!(!ids(&search("azerbaijan NOT baku").hits).contains(&"armenia-talks"));
    assert_eq!(ids(&search("(gaza OR yerevan) AND peace").hits).len(), 2);
}

#[test]
fn phrases_respect_order_and_slop() {
    assert_eq!(ids(&search("\"peace talks\"").hits), ["armenia-talks"]);
    assert!(search("\"talks peace\"").hits.is_empty());
    assert_eq!(ids(&search("\"gas energy\"~20").hits), ["az-israel"]);
    assert!(search("\"gas energy\"").hits.is_empty());
}

#[test]
fn fielded_terms_reach_titles_and_facet_keys() {
    assert_eq!(ids(&search("title:sanctions").hits), ["iran-sanctions"]);
    assert_eq!(ids(&search("country:AM").hits), ["armenia-talks"]);
    assert_eq!(
        ids(&search("country:armenia").hits),
        ["armenia-talks"],
        "country names resolve to codes"
    );
    assert_eq!(ids(&search("expert:khanin").hits), ["az-israel"]);
    assert_eq!(search("source:\"global desk\"").total, 2);
    assert_eq!(search("topic:\"peace process\"").total, 2);
    assert_eq!(ids(&search("published:2024-04").hits), ["gaza-aid"]);
    assert_eq!(search("published:[2024-03-01 TO 2024-03-31]").total, 2);
}

#[test]
fn syntax_errors_name_the_place_at_fault() {
    let index = fixture_index();
    let message = |q: &str| match index.search(&SearchRequest::new(q)) {
        Err(IndexError::BadQuery { message }) => message,
        other => panic!("{q:?} should be a bad query, got {other:?}"),
    };
    assert!(message("iran \"nuclear deal").contains("position 6"));
    assert!(message("(iran OR iraq").contains("never closed"));
    assert!(message("iran)").contains("')' at position 5"));
    assert!(message("author:smith").contains("unknown field 'author'"));
    assert!(message("iran OR").contains("'OR'"));
    assert!(message("published:[2024 TO 2023]").contains("ends before"));
    assert!(message("\"a b\"~x").contains('~'));
    let long = "word ".repeat(1000);
    assert!(message(&long).contains("limit"));
    let deep = format!("{}x{}", "(".repeat(40), ")".repeat(40));
    assert!(message(&deep).contains("nests deeper"));
}

#[test]
fn simple_mode_takes_every_character_literally() {
    let index = fixture_index();
    let mut req = SearchRequest::new("\"border (talks");
    assert!(index.search(&req).is_err());
    req.mode = QueryMode::Simple;
    assert_eq!(ids(&index.search(&req).unwrap().hits), ["armenia-talks"]);
    req.q = "country:AM".into();
    assert_eq!(
        index.search(&req).unwrap().total,
        0,
        "no field syntax in simple mode"
    );
}

#[test]
fn date_filters_include_both_ends() {
    let index = fixture_index();
    let mut req = SearchRequest::new("");
    req.filters.from = chrono::NaiveDate::from_ymd_opt(2024, 3, 5);
    req.filters.to = chrono::NaiveDate::from_ymd_opt(2024, 3, 20);
    let mut hit_ids = ids(&index.search(&req).unwrap().hits)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    hit_ids.sort();
    assert_eq!(hit_ids, ["az-israel", "iran-sanctions"]);
    req.filters.from = chrono::NaiveDate::from_ymd_opt(2024, 3, 21);
    assert!(
        index.search(&req).unwrap_err().is_caller_error(),
        "from after to"
    );
}

#[test]
fn newest_and_oldest_put_undated_articles_last() {
    let index = fixture_index();
    let mut req = SearchRequest::new("");
    req.sort = SortOrder::Newest;
    assert_eq!(
        ids(&index.search(&req).unwrap().hits),
        [
            "gaza-aid",
            "iran-sanctions",
            "az-israel",
            "armenia-talks",
            "undated-note"
        ]
    );
    req.sort = SortOrder::Oldest;
    assert_eq!(
        ids(&index.search(&req).unwrap().hits),
        [
            "armenia-talks",
            "az-israel",
            "iran-sanctions",
            "gaza-aid",
            "undated-note"
        ]
    );
}

#[test]
fn snippets_escape_the_text_and_mark_the_words() {
    let results = search("azerbaijan coverage");
    let hit = results
        .hits
        .iter()
        .find(|h| h.id == "undated-note")
        .unwrap();
    assert!(hit.snippet.contains("&lt;script&gt;"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<script>"));
    assert!(
        hit.snippet.contains("<mark>Azerbaijan</mark>"),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("&amp;"));
    let lead = search("");
    let note = lead.hits.iter().find(|h| h.id == "undated-note").unwrap();
    assert!(note.snippet.starts_with("&lt;script&gt;") && !note.snippet.contains("<mark>"));
}

#[test]
fn hits_carry_tags_and_canonical_experts() {
    let results = search("gas agreement");
    let hit = &results.hits[0];
    assert_eq!(hit.experts, ["Zeev Khanin", "Joseph Epstein"]);
    assert_eq!(hit.countries[0].name, "Azerbaijan");
    let json = serde_json::to_value(&results).unwrap();
    for key in ["total", "took_ms", "page", "per_page", "hits", "facets"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert!(json["facets"]["country"][0].get("label").is_some());
}

#[test]
fn a_long_query_is_relaxed_and_ranks_the_best_match_first() {
    let results = search(
        "renewed peace talks between armenia and azerbaijan over the disputed border in geneva this winter",
    );
    assert!(results.relaxed);
    assert_eq!(results.hits[0].id, "armenia-talks");
}

#[test]
fn function_words_mark_a_short_natural_language_query() {
    let keywords = search("peace talks geneva");
    assert!(!keywords.relaxed);
    assert_eq!(
        ids(&keywords.hits),
        ["armenia-talks"],
        "keyword queries stay strict"
    );
    let phrased = search("peace talks in geneva");
    assert!(phrased.relaxed);
    assert_eq!(phrased.total, 2);
}

#[test]
fn hybrid_sort_prefers_recent_among_equal_matches() {
    let index = fixture_index();
    let mut req = SearchRequest::new("azerbaijan");
    req.sort = SortOrder::Relevance;
    let relevance = index.search(&req).unwrap();
    req.sort = SortOrder::Hybrid;
    let hybrid = index.search(&req).unwrap();
    assert_eq!(relevance.total, hybrid.total);
    let score = |r: &gazette_index::SearchResults, id: &str| {
        r.hits.iter().find(|h| h.id == id).unwrap().score
    };
    let undated_ratio = score(&hybrid, "undated-note") / score(&relevance, "undated-note");
    let dated_ratio = score(&hybrid, "az-israel") / score(&relevance, "az-israel");
    assert!(
        (undated_ratio - 0.5).abs() < 1e-3,
        "undated articles get the floor factor"
    );
    assert!(dated_ratio >= undated_ratio);
}

#[test]
fn deep_paging_points_to_the_export() {
    let mut req = SearchRequest::new("");
    req.page = 600;
    req.per_page = 20;
    match fixture_index().search(&req) {
        Err(IndexError::BadRequest { message }) => assert!(message.contains("export")),
        other => panic!("expected a bad request, got {other:?}"),
    }
}

#[test]
fn stop_words_alone_find_nothing_but_do_not_fail() {
    let results = search("the of and");
    assert_eq!(results.total, 0);
}

#[test]
fn a_purely_negative_query_ranks_like_a_browse_newest_first() {
    let index = fixture_index();
    let mut relevance = SearchRequest::new("-iran");
    relevance.sort = SortOrder::Relevance;
    let mut newest = SearchRequest::new("-iran");
    newest.sort = SortOrder::Newest;
    let by_relevance = index.search(&relevance).expect("search");
    let by_date = index.search(&newest).expect("search");
    assert!(
        by_relevance.total > 1,
        "the fixture has several articles without Iran"
    );
    assert_eq!(ids(&by_relevance.hits), ids(&by_date.hits));
}
