//! What callers ask the index for: search, quote, expert and facet requests.
//!
//! Filter values arrive already resolved by the caller (country codes, topic
//! codes, expert and source names as shown); the index matches them exactly,
//! except that expert and source names are compared case-insensitively.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::IndexError;

/// How the `q` text is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryMode {
    /// The query language: phrases, `OR`, `-word`/`NOT`, parentheses, `field:term`.
    #[default]
    Query,
    /// Every character is literal: the text is only a bag of words.
    Simple,
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Pure BM25 relevance (with field weights and proximity); ties broken newest first.
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Newest,
    /// Oldest first; undated articles last.
    Oldest,
    /// Relevance × a recency factor `0.5 + 0.5 × 2^(−age_days / 90)` (undated: 0.5).
    Hybrid,
}

/// Facet filters shared by every read: OR within one facet, AND across facets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// ISO 3166-1 alpha-2 codes (case-insensitive).
    pub countries: Vec<String>,
    /// IPTC Media Topic codes (`medtop:11000000`); a code also matches its descendants.
    pub topics: Vec<String>,
    /// Expert names as shown (case-insensitive).
    pub experts: Vec<String>,
    /// Source names (case-insensitive).
    pub sources: Vec<String>,
    /// First day included (UTC).
    pub from: Option<NaiveDate>,
    /// Last day included (UTC).
    pub to: Option<NaiveDate>,
}

/// A ranked, faceted search (`GET /api/search`).
///
/// ```
/// use gazette_index::{SearchRequest, SortOrder};
/// let mut req = SearchRequest::new("azerbaijan israel");
/// req.filters.countries.push("AZ".into());
/// req.sort = SortOrder::Newest;
/// assert_eq!(req.per_page, 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The query; empty matches every article.
    pub q: String,
    pub mode: QueryMode,
    pub filters: Filters,
    pub sort: SortOrder,
    /// 1-based page number.
    pub page: usize,
    /// Hits per page (the server clamps it to 100).
    pub per_page: usize,
    /// How many values each facet lists in a search response.
    pub facet_limit: usize,
}

impl SearchRequest {
    /// A first-page relevance search for `q` with no filters.
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            ..SearchRequest::default()
        }
    }
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            mode: QueryMode::Query,
            filters: Filters::default(),
            sort: SortOrder::Relevance,
            page: 1,
            per_page: 20,
            facet_limit: 20,
        }
    }
}

/// Quotes as records (`GET /api/quotes`): `q` searches the quote text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuoteRequest {
    pub q: String,
    pub mode: QueryMode,
    pub filters: Filters,
    /// `Relevance` (default when `q` is set) or `Newest`/`Oldest`.
    pub sort: SortOrder,
    pub page: usize,
    pub per_page: usize,
}

impl Default for QuoteRequest {
    fn default() -> Self {
        QuoteRequest {
            q: String::new(),
            mode: QueryMode::Query,
            filters: Filters::default(),
            sort: SortOrder::Relevance,
            page: 1,
            per_page: 20,
        }
    }
}

/// The experts directory (`GET /api/experts`): `q` matches names, affiliations
/// and quote text; filters narrow to experts quoted in matching articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpertRequest {
    pub q: String,
    pub filters: Filters,
    pub page: usize,
    pub per_page: usize,
}

impl Default for ExpertRequest {
    fn default() -> Self {
        ExpertRequest {
            q: String::new(),
            filters: Filters::default(),
            page: 1,
            per_page: 50,
        }
    }
}

/// The four facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    Country,
    Topic,
    Expert,
    Source,
}

impl FacetField {
    pub const ALL: [FacetField; 4] = [
        FacetField::Country,
        FacetField::Topic,
        FacetField::Expert,
        FacetField::Source,
    ];

    /// The name used in URLs, JSON and facet paths.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::Topic => "topic",
            FacetField::Expert => "expert",
            FacetField::Source => "source",
        }
    }

    /// The selected values of this facet in `filters`.
    pub fn selection(self, filters: &Filters) -> &[String] {
        match self {
            FacetField::Country => &filters.countries,
            FacetField::Topic => &filters.topics,
            FacetField::Expert => &filters.experts,
            FacetField::Source => &filters.sources,
        }
    }
}

impl FromStr for FacetField {
    type Err = IndexError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FacetField::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                IndexError::bad_request(format!(
                    "unknown facet '{s}'; facets are country, topic, expert, source"
                ))
            })
    }
}

/// Timeline bucket width. Buckets are calendar units in UTC; weeks are ISO weeks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    #[default]
    Month,
    Year,
}

impl FromStr for Interval {
    type Err = IndexError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            "year" => Ok(Interval::Year),
            _ => Err(IndexError::bad_request(format!(
                "unknown interval '{s}'; use day, week, month or year"
            ))),
        }
    }
}
