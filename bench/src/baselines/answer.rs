//! What a baseline returns for one request, in full, so that tests (and anyone
//! comparing engines) can check it against gazette's answer or a plain filter.

use std::collections::HashMap;

use crate::workload::{BenchQuery, FacetKind, QueryShape, SortKind};

/// Most values returned per facet, as gazette's API does by default (`facet_limit`).
pub const FACET_LIMIT: usize = 20;

/// Results per page, as in the mix (top 20).
pub const PAGE_SIZE: usize = 20;

/// The parts of a [`crate::workload::BenchQuery::Search`], borrowed.
#[derive(Debug, Clone, Copy)]
pub struct SearchSpec<'a> {
    pub shape: QueryShape,
    pub words: &'a [String],
    pub filters: &'a [(FacetKind, String)],
    pub sort: SortKind,
}

/// One result row of the first page.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The engine's row id (1-based load order).
    pub row_id: i64,
    pub title: String,
    pub url: String,
    /// The engine's highlighted excerpt (`snippet()` / `ts_headline`).
    pub snippet: String,
}

/// A search answer: total, first page, and facet counts (disjunctive for filtered facets).
#[derive(Debug, Clone, Default)]
pub struct SearchAnswer {
    pub total: u64,
    /// Best first (by relevance or by date, as asked).
    pub hits: Vec<Hit>,
    /// Up to [`FACET_LIMIT`] values per facet, most frequent first.
    pub facets: HashMap<FacetKind, Vec<(String, u64)>>,
}

/// Matching articles per calendar month (UTC), keyed `"YYYY-MM"`, in month order.
pub type MonthCounts = Vec<(String, u64)>;

/// The small integer each facet is stored under in the normalised facet tables.
pub fn facet_code(kind: FacetKind) -> i16 {
    match kind {
        FacetKind::Country => 0,
        FacetKind::Topic => 1,
        FacetKind::Expert => 2,
        FacetKind::Source => 3,
    }
}

/// The facet stored under `code`, if any.
pub fn facet_from_code(code: i64) -> Option<FacetKind> {
    FacetKind::ALL
        .into_iter()
        .find(|kind| i64::from(facet_code(*kind)) == code)
}

/// Every (facet, value) pair of an article, in the order they are stored.
pub fn facet_values(article: &crate::workload::TaggedArticle) -> Vec<(FacetKind, &str)> {
    let mut pairs = Vec::new();
    pairs.extend(
        article
            .countries
            .iter()
            .map(|v| (FacetKind::Country, v.as_str())),
    );
    pairs.extend(
        article
            .topics
            .iter()
            .map(|v| (FacetKind::Topic, v.as_str())),
    );
    pairs.extend(
        article
            .experts
            .iter()
            .map(|v| (FacetKind::Expert, v.as_str())),
    );
    pairs.push((FacetKind::Source, article.source.as_str()));
    pairs.sort_unstable_by_key(|(kind, value)| (facet_code(*kind), *value));
    pairs.dedup();
    pairs
}

/// One row of a search statement's `UNION ALL`: part 0 is the total (`n`),
/// part 1 a hit (`key` = row id, `n` = position, `a`/`b`/`c` = title, url, snippet),
/// part 2 a facet count (`key` = facet code, `n` = count, `a` = value).
#[derive(Debug, Default)]
pub struct SearchRow {
    pub part: i64,
    pub key: Option<i64>,
    pub n: Option<i64>,
    pub a: Option<String>,
    pub b: Option<String>,
    pub c: Option<String>,
}

impl SearchAnswer {
    /// Assembles an answer from the rows of a search statement, in any order.
    pub fn from_rows(
        rows: impl IntoIterator<Item = anyhow::Result<SearchRow>>,
    ) -> anyhow::Result<Self> {
        let mut answer = SearchAnswer::default();
        let mut ranked_hits = Vec::new();
        for row in rows {
            let row = row?;
            match (row.part, row.key, row.n) {
                (0, _, Some(total)) => answer.total = u64::try_from(total)?,
                (1, Some(row_id), Some(position)) => ranked_hits.push((
                    position,
                    Hit {
                        row_id,
                        title: row.a.unwrap_or_default(),
                        url: row.b.unwrap_or_default(),
                        snippet: row.c.unwrap_or_default(),
                    },
                )),
                (2, Some(code), Some(count)) => {
                    let Some(kind) = facet_from_code(code) else {
                        anyhow::bail!("unknown facet code {code} in facet_value");
                    };
                    answer
                        .facets
                        .entry(kind)
                        .or_default()
                        .push((row.a.unwrap_or_default(), u64::try_from(count)?));
                }
                (part, key, n) => anyhow::bail!("unexpected row shape ({part}, {key:?}, {n:?})"),
            }
        }
        ranked_hits.sort_by_key(|(position, _)| *position);
        answer.hits = ranked_hits.into_iter().map(|(_, hit)| hit).collect();
        for values in answer.facets.values_mut() {
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Ok(answer)
    }
}

/// A baseline's full answers; [`BaselineClient::answer`] maps the mix onto them.
pub trait BaselineClient {
    /// Total, first page with snippets, and disjunctive facet counts.
    fn search(&mut self, spec: SearchSpec<'_>) -> anyhow::Result<SearchAnswer>;
    /// Matches of all `words` per month.
    fn timeline(&mut self, words: &[String]) -> anyhow::Result<MonthCounts>;

    /// Answers one request of the mix completely; returns its total.
    fn answer(&mut self, query: &BenchQuery) -> anyhow::Result<u64> {
        match query {
            BenchQuery::Search {
                shape,
                words,
                filters,
                sort,
            } => Ok(self
                .search(SearchSpec {
                    shape: *shape,
                    words,
                    filters,
                    sort: *sort,
                })?
                .total),
            BenchQuery::Timeline { words } => {
                Ok(self.timeline(words)?.iter().map(|(_, n)| n).sum())
            }
        }
    }
}
