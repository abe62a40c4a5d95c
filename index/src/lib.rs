//! gazette's search index: tantivy schema, batched writes, the query language,
//! ranked and faceted search, snippets, timelines, quotes and the experts directory.
//!
//! The index knows nothing of HTTP and does no network I/O. The server calls
//! [`ArchiveIndex`] from blocking tasks and serialises the response types
//! ([`response`]) straight to JSON: their shapes are those of SPEC.md.
//!
//! Where things are decided:
//! - the schema, and why articles and quotes share one index: `schema`;
//! - the query language (grammar, the all-capitals rule, error messages): `query::parser`;
//!   its limits: [`limits`]; long-query relaxation and proximity: `query::build`;
//!   the ranking parameters and how they were tuned: [`RankingTuning`];
//! - sort orders, undated articles and the hybrid recency decay: `search`;
//! - disjunctive and hierarchical facets: `facets`, [`topics`]; facet labels: [`labels`];
//! - snippet HTML (escaped text, only `<mark>` added): [`snippet`];
//! - export order and cursors: [`ExportIter`]; retrieval metrics: [`relevance`].
//!
//! Errors separate the caller's mistakes ([`IndexError::is_caller_error`], a 4xx)
//! from internal failures, whose messages never carry paths or internals.
//!
//! ```
//! use gazette_article::{Article, CountryTag};
//! use gazette_index::{ArchiveIndex, SearchRequest};
//!
//! let index = ArchiveIndex::open_in_memory().unwrap();
//! let mut writer = index.writer().unwrap();
//! let mut article = Article::new("Gas deal signed", "Azerbaijan will ship gas to Israel.");
//! article.id = "az-1".into();
//! article.countries.push(CountryTag { code: "AZ".into(), name: "Azerbaijan".into(), mentions: 1 });
//! writer.upsert(&article).unwrap();
//! writer.commit().unwrap();
//!
//! let mut request = SearchRequest::new("gas");
//! request.filters.countries.push("AZ".into());
//! let results = index.search(&request).unwrap();
//! assert_eq!(results.total, 1);
//! assert_eq!(results.facets.country[0].label, "Azerbaijan");
//! ```

mod archive;
mod browse;
mod directory;
mod document;
mod error;
mod experts;
mod export;
mod facet_ordinals;
mod facets;
mod filters;
pub mod labels;
mod published;
mod query;
mod quotes;
pub mod relevance;
pub mod request;
pub mod response;
mod result_cache;
mod schema;
mod search;
mod segment_cache;
pub mod snippet;
mod speakers;
mod stats;
mod stemmer;
mod timeline;
pub mod topics;
mod writer;

pub use archive::{ArchiveIndex, IndexOptions};
pub use error::IndexError;
pub use export::{EXPORT_BATCH, ExportIter};
pub use query::build::RankingTuning;
pub use query::limits;
pub use request::{
    ExpertRequest, FacetField, Filters, Interval, QueryMode, QuoteRequest, SearchRequest, SortOrder,
};
pub use response::*;
pub use result_cache::{DEFAULT_RESULT_CACHE_ENTRIES, ResultCacheStats};
pub use schema::SCHEMA_VERSION;
pub use search::HYBRID_HALF_LIFE_DAYS;
pub use speakers::{canonical_speakers, distinct_speakers};
pub use topics::TopicParentFn;
pub use writer::ArchiveWriter;
