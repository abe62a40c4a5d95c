//! The workload every engine receives: the same synthesised, tagged articles and
//! the same query mix, so that the figures compare like with like.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One synthesised article with the tags gazette's enrichment gives it.
///
/// gazette imports the untagged fields and tags them itself (tagging is part of its
/// import figure); the baselines load the tags as they are (their load figures
/// exclude tagging, as the reference figures in the issue do).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaggedArticle {
    pub id: String,
    pub url: String,
    pub title: String,
    /// Paragraphs separated by a blank line.
    pub text: String,
    pub published: DateTime<Utc>,
    pub source: String,
    pub byline: Vec<String>,
    pub section: String,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// IPTC Media Topic codes, each with its ancestors (as gazette's topic facet rolls up).
    pub topics: Vec<String>,
    /// Names of quoted experts.
    pub experts: Vec<String>,
}

/// The four facets of a search response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FacetKind {
    Country,
    Topic,
    Expert,
    Source,
}

impl FacetKind {
    pub const ALL: [FacetKind; 4] = [
        FacetKind::Country,
        FacetKind::Topic,
        FacetKind::Expert,
        FacetKind::Source,
    ];

    /// The facet's name in gazette's API (`country`, `topic`, `expert`, `source`).
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Country => "country",
            FacetKind::Topic => "topic",
            FacetKind::Expert => "expert",
            FacetKind::Source => "source",
        }
    }
}

/// How the query's words combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryShape {
    /// One word.
    Word,
    /// Two to four words, all of which must match.
    AllWords,
    /// An exact phrase of two or three words.
    Phrase,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKind {
    /// BM25 (or the engine's nearest equivalent: FTS5 `bm25`, PostgreSQL `ts_rank_cd`).
    Relevance,
    /// Newest first.
    Newest,
}

/// One request of the mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BenchQuery {
    /// Top 20 with snippets, the total, and counts for all four facets
    /// (disjunctive for a filtered facet, as gazette's API answers).
    Search {
        shape: QueryShape,
        /// Lower-case words, in order (a phrase's words are consecutive in some article).
        words: Vec<String>,
        /// Zero to three filters, on different facets.
        filters: Vec<(FacetKind, String)>,
        sort: SortKind,
    },
    /// Article counts per month for the words (all must match).
    Timeline { words: Vec<String> },
}
