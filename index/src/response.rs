//! What the index answers, in the exact JSON shapes of the HTTP API (SPEC.md).

use chrono::{DateTime, NaiveDate, Utc};
use gazette_article::Article;
use serde::Serialize;

/// `GET /api/search`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: u64,
    pub took_ms: u64,
    pub page: usize,
    pub per_page: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when a long query was relaxed (not every word had to match).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub relaxed: bool,
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub byline: Vec<String>,
    /// HTML: the text is escaped, the only markup is `<mark>…</mark>`.
    pub snippet: String,
    pub countries: Vec<HitCountry>,
    pub topics: Vec<HitTopic>,
    pub experts: Vec<String>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitCountry {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitTopic {
    pub code: String,
    pub label: String,
}

/// Disjunctive facet counts of a search.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub country: Vec<FacetValue>,
    pub topic: Vec<FacetValue>,
    pub expert: Vec<FacetValue>,
    pub source: Vec<FacetValue>,
}

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u64,
    /// For a sub-topic, the code of its parent topic (the topic facet is a tree:
    /// a parent's count includes its children's articles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// `GET /api/facets/{field}`.
#[derive(Debug, Clone, Serialize)]
pub struct FacetValues {
    pub field: String,
    /// How many distinct values matched (before `limit`).
    pub total: u64,
    pub values: Vec<FacetValue>,
}

/// `GET /api/timeline`.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub interval: crate::Interval,
    /// Buckets in time order from the first to the last non-empty one, gaps filled with zeros.
    pub buckets: Vec<TimelineBucket>,
    /// Matching articles that have no published date (not in any bucket).
    pub undated: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineBucket {
    /// `2024-03-05`, `2024-W10`, `2024-03` or `2024`.
    pub key: String,
    /// First day of the bucket.
    pub start: NaiveDate,
    /// Matching articles in the bucket.
    pub count: u64,
    /// All articles in the bucket, regardless of query and filters.
    pub total: u64,
}

/// `GET /api/quotes`.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteResults {
    pub total: u64,
    pub took_ms: u64,
    pub page: usize,
    pub per_page: usize,
    pub quotes: Vec<QuoteHit>,
}

/// One attributed quote with where it appeared.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    pub speaker: String,
    pub affiliation: String,
    pub text: String,
    /// The quote text as HTML with the query's words in `<mark>`.
    pub highlighted: String,
    pub article_id: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub source: Option<String>,
    pub score: f32,
}

/// `GET /api/experts`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpertDirectory {
    pub total: u64,
    pub page: usize,
    pub per_page: usize,
    pub experts: Vec<ExpertEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpertEntry {
    pub name: String,
    /// Other forms of the name seen (e.g. the surname alone).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Distinct affiliations, most frequent first.
    pub affiliations: Vec<String>,
    pub articles: u64,
    pub quotes: u64,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// Countries of the articles quoting the expert, most frequent first (at most 5).
    pub countries: Vec<FacetValue>,
    /// Topics of those articles, most frequent first (at most 5).
    pub topics: Vec<FacetValue>,
}

/// One exported article and the cursor that resumes the export after it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRecord {
    pub article: Article,
    pub cursor: String,
}
