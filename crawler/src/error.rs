//! Error types of the crawler's public API.

use thiserror::Error;

/// Why a crawl, a replay or a state query could not run at all.
///
/// Failing pages (404s, timeouts, hostile servers) are never a `CrawlError`: they are
/// counted in the [`crate::CrawlReport`]. A `CrawlError` means the crawl itself is broken,
/// e.g. the data directory is unwritable or the sink refused to persist articles.
#[derive(Debug, Error)]
pub enum CrawlError {
    #[error("crawl state database: {0}")]
    State(#[from] redb::Error),
    #[error("crawl state record could not be encoded or decoded: {0}")]
    StateEncoding(#[from] serde_json::Error),
    #[error("I/O error on {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the article sink failed: {0}")]
    Sink(#[from] SinkError),
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
    #[error("invalid source {source_name:?}: {reason}")]
    InvalidSource { source_name: String, reason: String },
}

impl CrawlError {
    /// Wraps an I/O error with the path it happened on, so the operator can act on it.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        CrawlError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Converts every redb error type into [`CrawlError::State`] so `?` works on all of them.
macro_rules! redb_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for CrawlError {
            fn from(e: $t) -> Self { CrawlError::State(e.into()) }
        }
    )*};
}
redb_errors!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// An [`crate::ArticleSink`] failure: the articles handed over could not be stored.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct SinkError {
    message: String,
}

impl SinkError {
    /// A sink error with a message for the operator.
    pub fn new(message: impl Into<String>) -> Self {
        SinkError {
            message: message.into(),
        }
    }
}
