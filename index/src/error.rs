//! The index's error type: caller mistakes are kept apart from internal failures.
//!
//! The HTTP server maps [`IndexError::is_caller_error`] to a 4xx status and shows
//! the message as is, so caller-error messages say what to change and never carry
//! file paths or tantivy internals. Internal failures display a fixed text; their
//! detail is only reachable through [`std::error::Error::source`], for logs.

use thiserror::Error;

/// Everything that can go wrong in the index.
#[derive(Debug, Error)]
pub enum IndexError {
    /// The query text cannot be parsed or breaks a limit; the message names the
    /// position or token at fault.
    #[error("{message}")]
    BadQuery { message: String },
    /// Some other request parameter is unusable (date range, paging depth, facet name).
    #[error("{message}")]
    BadRequest { message: String },
    /// An export cursor that this index did not produce (or that was altered).
    #[error("the export cursor is not valid; start the export again without a cursor")]
    BadCursor,
    /// Another writer (another process, or another `ArchiveWriter`) holds the index.
    /// A lock that fails for another reason (an unwritable directory) is `Internal`.
    #[error("the index is being written by another process or task; try again when it finishes")]
    WriterBusy,
    /// The index on disk was built by an incompatible version of gazette.
    #[error(
        "the index was built with a different schema (version {found}); rebuild it with `gazette reindex`"
    )]
    SchemaMismatch { found: String },
    /// A tantivy failure: I/O, corruption, a bug.
    #[error("internal index error")]
    Internal(#[source] tantivy::TantivyError),
    /// Stored data that does not decode (should never happen for data we wrote).
    #[error("internal index error: unreadable stored record")]
    Corrupt(#[source] serde_json::Error),
    /// A file-system failure outside tantivy (creating the index directory).
    #[error("internal index error: file system")]
    Io(#[source] std::io::Error),
}

impl IndexError {
    /// True when the request was at fault (the server answers 400), false for
    /// failures of the index itself (the server answers 500 and logs the source).
    pub fn is_caller_error(&self) -> bool {
        matches!(
            self,
            IndexError::BadQuery { .. } | IndexError::BadRequest { .. } | IndexError::BadCursor
        )
    }

    /// A stable machine-readable code for the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            IndexError::BadQuery { .. } => "bad_query",
            IndexError::BadRequest { .. } => "bad_request",
            IndexError::BadCursor => "bad_cursor",
            IndexError::WriterBusy => "writer_busy",
            IndexError::SchemaMismatch { .. } => "schema_mismatch",
            IndexError::Internal(_) | IndexError::Corrupt(_) | IndexError::Io(_) => "internal",
        }
    }

    pub(crate) fn bad_query(message: impl Into<String>) -> Self {
        IndexError::BadQuery {
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        IndexError::BadRequest {
            message: message.into(),
        }
    }
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(err: tantivy::TantivyError) -> Self {
        match err {
            tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            ) => IndexError::WriterBusy,
            // A lock file that cannot be created (read-only or full disk) is a storage
            // failure, not contention: say so rather than "busy".
            other => IndexError::Internal(other),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for IndexError {
    fn from(err: tantivy::directory::error::OpenDirectoryError) -> Self {
        IndexError::Internal(err.into())
    }
}
