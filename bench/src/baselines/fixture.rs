//! Test fixture for the baselines: 200 small articles built from a tiny
//! vocabulary, and a plain-Rust oracle that answers the same requests by
//! filtering them, so that each engine's totals and counts are checked against
//! an independent computation rather than hard-coded figures.
//!
//! The vocabulary avoids stop words and words whose stems collide, so that
//! "the token occurs" is exactly what both FTS5's porter tokenizer and
//! PostgreSQL's `english` configuration match.

use std::collections::HashMap;

use anyhow::ensure;
use chrono::{Datelike, TimeZone, Utc};

use crate::baselines::answer::{BaselineClient, SearchAnswer, SearchSpec, facet_values};
use crate::workload::{FacetKind, QueryShape, SortKind, TaggedArticle};

const VOCABULARY: [&str; 12] = [
    "tariff",
    "grain",
    "border",
    "ceasefire",
    "pipeline",
    "drought",
    "embassy",
    "sanction",
    "refugee",
    "parliament",
    "harvest",
    "reactor",
];
const COUNTRIES: [&str; 6] = ["FR", "DE", "US", "UA", "KE", "BR"];
/// (parent, child) topic codes; an article lists its child and the parent.
const TOPICS: [(&str, &str); 3] = [
    ("medtop:11000000", "medtop:20000574"),
    ("medtop:11000000", "medtop:20000587"),
    ("medtop:04000000", "medtop:20000344"),
];
const EXPERTS: [&str; 4] = ["Ana Silva", "Tom Berg", "Lee Park", "Aoife O'Brien"];
const SOURCES: [&str; 3] = ["Daily Ledger", "Baltic Wire", "Nairobi Post"];

/// A word in most articles.
pub const COMMON_WORD: &str = "tariff";

/// Deterministic pseudo-random numbers (xorshift), so the fixture is the same every run.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The 200 fixture articles.
pub fn articles() -> Vec<TaggedArticle> {
    let mut seq = Sequence(0x9e37_79b9_7f4a_7c15);
    (0..200)
        .map(|i| {
            let paragraph = |seq: &mut Sequence| {
                (0..8)
                    .map(|_| VOCABULARY[seq.below(VOCABULARY.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let text = format!("{}.\n\n{}.", paragraph(&mut seq), paragraph(&mut seq));
            let mut countries = vec![COUNTRIES[seq.below(COUNTRIES.len())].to_string()];
            let second = COUNTRIES[seq.below(COUNTRIES.len())].to_string();
            if !countries.contains(&second) && seq.below(2) == 0 {
                countries.push(second);
            }
            let (parent, child) = TOPICS[seq.below(TOPICS.len())];
            let experts = match seq.below(3) {
                0 => Vec::new(),
                _ => vec![EXPERTS[seq.below(EXPERTS.len())].to_string()],
            };
            let month = 1 + seq.below(6) as u32;
            let day = 1 + seq.below(28) as u32;
            let published = Utc
                .with_ymd_and_hms(2024, month, day, seq.below(24) as u32, 0, 0)
                .single()
                .unwrap_or_default();
            TaggedArticle {
                id: format!("a{i}"),
                url: format!("https://example.org/{i}"),
                title: format!("{} bulletin", VOCABULARY[seq.below(VOCABULARY.len())]),
                text,
                published,
                source: SOURCES[seq.below(SOURCES.len())].to_string(),
                byline: vec!["Desk".to_string()],
                section: "world".to_string(),
                countries,
                topics: vec![parent.to_string(), child.to_string()],
                experts,
            }
        })
        .collect()
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every word occurs in the title or the text.
pub fn contains_words(article: &TaggedArticle, words: &[String]) -> bool {
    let mut all = tokens(&article.title);
    all.extend(tokens(&article.text));
    words.iter().all(|w| all.contains(w))
}

fn contains_phrase(article: &TaggedArticle, words: &[String]) -> bool {
    [&article.title, &article.text]
        .into_iter()
        .any(|field| tokens(field).windows(words.len()).any(|w| w == words))
}

fn matches(article: &TaggedArticle, spec: &SearchSpec<'_>) -> bool {
    match spec.shape {
        QueryShape::Phrase => contains_phrase(article, spec.words),
        QueryShape::Word | QueryShape::AllWords => contains_words(article, spec.words),
    }
}

/// The article passes every filter except those on `ignored`.
fn passes(
    article: &TaggedArticle,
    filters: &[(FacetKind, String)],
    ignored: Option<FacetKind>,
) -> bool {
    let values = facet_values(article);
    filters
        .iter()
        .filter(|(kind, _)| Some(*kind) != ignored)
        .all(|(kind, value)| values.contains(&(*kind, value.as_str())))
}

/// Checks an engine's search answer against the oracle.
fn check_search(
    articles: &[TaggedArticle],
    spec: SearchSpec<'_>,
    answer: &SearchAnswer,
) -> anyhow::Result<()> {
    let selected: Vec<&TaggedArticle> = articles
        .iter()
        .filter(|a| matches(a, &spec) && passes(a, spec.filters, None))
        .collect();
    ensure!(selected.len() >= 2, "fixture query {spec:?} too selective");
    ensure!(
        answer.total == selected.len() as u64,
        "{spec:?}: total {} but {} articles match",
        answer.total,
        selected.len()
    );
    ensure!(
        answer.hits.len() == selected.len().min(20),
        "{spec:?}: page size"
    );
    let mut previous_date = None;
    for hit in &answer.hits {
        let index = usize::try_from(hit.row_id - 1)?;
        let article = articles.get(index);
        ensure!(
            article.is_some_and(|a| selected.iter().any(|s| s.id == a.id) && a.title == hit.title),
            "{spec:?}: hit {hit:?} does not match"
        );
        ensure!(hit.snippet.contains("<mark>"), "{spec:?}: no highlight");
        if let (SortKind::Newest, Some(article)) = (spec.sort, article) {
            ensure!(
                previous_date.is_none_or(|d| d >= article.published),
                "{spec:?}: not newest first"
            );
            previous_date = Some(article.published);
        }
    }
    for kind in FacetKind::ALL {
        let mut expected: HashMap<String, u64> = HashMap::new();
        for article in articles
            .iter()
            .filter(|a| matches(a, &spec) && passes(a, spec.filters, Some(kind)))
        {
            for (_, value) in facet_values(article)
                .into_iter()
                .filter(|(k, _)| *k == kind)
            {
                *expected.entry(value.to_string()).or_default() += 1;
            }
        }
        let got: HashMap<String, u64> = answer
            .facets
            .get(&kind)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        ensure!(
            got == expected,
            "{spec:?}: {kind:?} counts {got:?}, expected {expected:?}"
        );
    }
    Ok(())
}

/// Runs a word query, a phrase query, filtered queries (disjunctive counts,
/// both sort orders, two and three filters) and a timeline against an engine loaded with [`articles`].
pub fn check_engine(
    articles: &[TaggedArticle],
    engine: &mut dyn BaselineClient,
) -> anyhow::Result<()> {
    let word = vec![COMMON_WORD.to_string()];
    let spec = SearchSpec {
        shape: QueryShape::Word,
        words: &word,
        filters: &[],
        sort: SortKind::Relevance,
    };
    check_search(articles, spec, &engine.search(spec)?)?;

    // A phrase that occurs in article 7's text.
    let text = tokens(&articles[7].text);
    let phrase = text[3..5].to_vec();
    let spec = SearchSpec {
        shape: QueryShape::Phrase,
        words: &phrase,
        ..spec
    };
    check_search(articles, spec, &engine.search(spec)?)?;

    let pair = vec![COMMON_WORD.to_string(), "grain".to_string()];
    let filters = vec![
        (FacetKind::Country, "FR".to_string()),
        (FacetKind::Topic, "medtop:11000000".to_string()),
    ];
    for sort in [SortKind::Newest, SortKind::Relevance] {
        let spec = SearchSpec {
            shape: QueryShape::AllWords,
            words: &pair,
            filters: &filters,
            sort,
        };
        check_search(articles, spec, &engine.search(spec)?)?;
    }

    let three = vec![
        (FacetKind::Country, "FR".to_string()),
        (FacetKind::Topic, "medtop:11000000".to_string()),
        (FacetKind::Source, SOURCES[1].to_string()),
    ];
    let spec = SearchSpec {
        shape: QueryShape::Word,
        words: &word,
        filters: &three,
        sort: SortKind::Relevance,
    };
    check_search(articles, spec, &engine.search(spec)?)?;

    let mut expected: Vec<(String, u64)> = Vec::new();
    let mut dated: Vec<String> = articles
        .iter()
        .filter(|a| contains_words(a, &pair))
        .map(|a| format!("{:04}-{:02}", a.published.year(), a.published.month()))
        .collect();
    dated.sort();
    for month in dated {
        match expected.last_mut() {
            Some((last, n)) if *last == month => *n += 1,
            _ => expected.push((month, 1)),
        }
    }
    let timeline = engine.timeline(&pair)?;
    ensure!(
        timeline == expected,
        "timeline {timeline:?}, expected {expected:?}"
    );
    Ok(())
}
