//! Negated phrases (`-"a b"`, `NOT "a b"`, phrases under `must_not` in nested
//! groups) exclude exactly the phrase's matches, in every sort order, with
//! article and quote documents sharing the index.
//!
//! Regression: tantivy's exclusion used to drive the phrase scorer backwards,
//! which panicked in debug builds (see `query::exclusion`). Every expectation is
//! computed from other searches (set algebra), never written down by hand.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::{article, country, day, quote};
use gazette_article::Article;
use gazette_index::{ArchiveIndex, ExpertRequest, QuoteRequest, SearchRequest, SortOrder};

const SORTS: [SortOrder; 4] = [
    SortOrder::Relevance,
    SortOrder::Newest,
    SortOrder::Oldest,
    SortOrder::Hybrid,
];

/// The shared fixture plus two articles whose phrase "remain fragile" first
/// occurs well after the first document (one in the text and a quote, one in an
/// undated title).
fn index() -> ArchiveIndex {
    let mut ceasefire = article(
        "ceasefire-talks",
        "Ceasefire talks resume over Gaza",
        "Negotiators for Israel and Hamas met in Cairo to discuss a ceasefire in Gaza. \
         Joseph Epstein said talks \"remain fragile\".",
    );
    ceasefire.published = Some(day(2023, 11, 20));
    ceasefire.countries = vec![country("PS", "Palestine"), country("IL", "Israel")];
    ceasefire.quotes = vec![quote(
        "Joseph Epstein",
        "Turan Research Center",
        "remain fragile",
    )];
    let markets = article(
        "markets-fragile",
        "Markets remain fragile after sanctions",
        "Traders in Tehran and Baku watched oil prices and Israel's gas exports.",
    );
    let mut articles = common::fixture_articles();
    articles.insert(2, ceasefire);
    articles.push(markets);

    let index = ArchiveIndex::open_in_memory().expect("open");
    let mut writer = index.writer().expect("writer");
    for a in &articles {
        writer.upsert(a).expect("upsert");
    }
    writer.commit().expect("commit");
    index
}

fn request(q: &str, sort: SortOrder) -> SearchRequest {
    let mut req = SearchRequest::new(q);
    req.sort = sort;
    req.per_page = 100;
    req
}

/// The ids of every hit, in result order.
fn ranked(index: &ArchiveIndex, q: &str, sort: SortOrder) -> Vec<String> {
    let results = index
        .search(&request(q, sort))
        .unwrap_or_else(|e| panic!("{q:?} ({sort:?}) failed: {e}"));
    assert_eq!(
        results.total as usize,
        results.hits.len(),
        "{q:?}: one page"
    );
    results.hits.into_iter().map(|h| h.id).collect()
}

fn set(index: &ArchiveIndex, q: &str) -> BTreeSet<String> {
    ranked(index, q, SortOrder::Relevance).into_iter().collect()
}

fn minus(a: &BTreeSet<String>, b: &BTreeSet<String>) -> BTreeSet<String> {
    a.difference(b).cloned().collect()
}

#[test]
fn a_negated_phrase_drops_exactly_its_matches_in_every_order() {
    let index = index();
    let phrase = set(&index, "\"remain fragile\"");
    assert_eq!(phrase.len(), 2, "the fixture has two matches: {phrase:?}");
    for (query, base) in [
        ("-\"remain fragile\"", ""),
        ("NOT \"remain fragile\"", ""),
        ("israel -\"remain fragile\"", "israel"),
        ("israel AND NOT \"remain fragile\"", "israel"),
    ] {
        for sort in SORTS {
            let expected: Vec<String> = ranked(&index, base, sort)
                .into_iter()
                .filter(|id| !phrase.contains(id))
                .collect();
            assert!(!expected.is_empty(), "{query:?} must keep some articles");
            let got = ranked(&index, query, sort);
            // A purely negative query has no relevance of its own: under the
            // score-based orders only its set is compared.
            let by_score = matches!(sort, SortOrder::Relevance | SortOrder::Hybrid);
            if base.is_empty() && by_score {
                let got: BTreeSet<&String> = got.iter().collect();
                assert_eq!(got, expected.iter().collect(), "{query:?} {sort:?}");
            } else {
                assert_eq!(got, expected, "{query:?} {sort:?}");
            }
        }
    }
}

#[test]
fn phrases_under_must_not_in_nested_groups_are_excluded() {
    let index = index();
    let all = set(&index, "");
    let fragile = set(&index, "\"remain fragile\"");
    let peace = set(&index, "\"peace talks\"");
    let sloppy = set(&index, "\"talks fragile\"~2");
    let titled = set(&index, "title:\"peace talks\"");
    for excluded in [&fragile, &peace, &sloppy, &titled] {
        assert!(!excluded.is_empty() && excluded.len() < all.len());
    }
    let cases = [
        (
            "israel (gaza -\"remain fragile\")",
            minus(&set(&index, "israel gaza"), &fragile),
        ),
        (
            "(azerbaijan OR israel) -\"peace talks\"",
            minus(&set(&index, "azerbaijan OR israel"), &peace),
        ),
        (
            "-(gaza -\"remain fragile\")",
            minus(&all, &minus(&set(&index, "gaza"), &fragile)),
        ),
        (
            "iran OR -\"remain fragile\"",
            set(&index, "iran")
                .union(&minus(&all, &fragile))
                .cloned()
                .collect(),
        ),
        (
            "-\"remain fragile\" NOT \"peace talks\"",
            minus(&minus(&all, &fragile), &peace),
        ),
        ("-\"talks fragile\"~2", minus(&all, &sloppy)),
        ("-title:\"peace talks\"", minus(&all, &titled)),
    ];
    for (query, expected) in cases {
        assert!(!expected.is_empty(), "{query:?} must keep some articles");
        for sort in SORTS {
            let got: BTreeSet<String> = ranked(&index, query, sort).into_iter().collect();
            assert_eq!(got, expected, "{query:?} {sort:?}");
        }
    }
}

#[test]
fn negated_phrases_filter_quotes_and_experts_too() {
    let index = index();
    let quotes = |q: &str| -> BTreeSet<(String, String)> {
        let req = QuoteRequest {
            q: q.into(),
            per_page: 100,
            ..Default::default()
        };
        let results = index.quotes(&req).expect("quotes");
        results
            .quotes
            .into_iter()
            .map(|h| (h.article_id, h.text))
            .collect()
    };
    let fragile = quotes("\"remain fragile\"");
    assert_eq!(fragile.len(), 1);
    let all = quotes("");
    assert_eq!(quotes("-\"remain fragile\""), minus_quotes(&all, &fragile));
    assert_eq!(
        quotes("NOT \"remain fragile\""),
        minus_quotes(&all, &fragile)
    );

    let experts = index
        .experts(&ExpertRequest {
            q: "-\"remain fragile\"".into(),
            ..Default::default()
        })
        .expect("experts");
    assert!(experts.total > 0);
}

fn minus_quotes(
    a: &BTreeSet<(String, String)>,
    b: &BTreeSet<(String, String)>,
) -> BTreeSet<(String, String)> {
    a.difference(b).cloned().collect()
}

fn bbc_corpus() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/corpus/bbc.jsonl"
    ))
}

/// The case reported from the server: `NOT "prime minister"` over the BBC corpus.
#[test]
fn negated_phrases_over_the_bbc_corpus_match_the_set_difference() {
    let path = bbc_corpus();
    let Ok(lines) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} not found", path.display());
        return;
    };
    let index = ArchiveIndex::open_in_memory().expect("open");
    let mut writer = index.writer().expect("writer");
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let article: Article = serde_json::from_str(line).expect("article");
        writer.upsert(&article).expect("upsert");
    }
    writer.commit().expect("commit");

    let total = |q: &str, sort: SortOrder| {
        let mut req = request(q, sort);
        req.per_page = 20;
        index.search(&req).expect("search")
    };
    let mut phrase_req = request("\"prime minister\"", SortOrder::Relevance);
    phrase_req.per_page = 5_000;
    let phrase: BTreeSet<String> = index
        .search(&phrase_req)
        .expect("phrase")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(phrase.len() > 1, "the corpus mentions prime ministers");
    for sort in SORTS {
        for (query, base) in [
            ("NOT \"prime minister\"", ""),
            ("-\"prime minister\"", ""),
            ("labour -\"prime minister\"", "labour"),
        ] {
            let base_total = total(base, sort).total;
            let both = total(&format!("{base} \"prime minister\""), sort).total;
            let results = total(query, sort);
            assert_eq!(results.total, base_total - both, "{query:?} {sort:?}");
            assert!(
                results.hits.iter().all(|h| !phrase.contains(&h.id)),
                "{query:?} {sort:?} returned a phrase match"
            );
        }
    }
}
