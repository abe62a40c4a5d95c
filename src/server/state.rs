//! What every handler shares: the index, the tagger's vocabularies, the crawl jobs and
//! the server's settings and limits.
//!
//! Everything is behind an `Arc` (or is cheap to clone), so cloning [`AppState`] per
//! request costs a few reference-count increments.

use super::error::ApiError;
use gazette_enrich::Enricher;
use gazette_index::{ArchiveIndex, IndexError};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Control over the crawl jobs, as the API needs it. The scheduler implements it.
pub trait JobControl: Send + Sync {
    /// Starts a run now (of one source, or all); a run already in progress is reported, not an error.
    fn trigger(&self, source: Option<String>) -> Result<TriggerOutcome, JobError>;
    /// Schedule, last and next run, pages by status, new and updated articles, errors by kind.
    fn status(&self) -> serde_json::Value;
}

/// What a trigger did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerOutcome {
    Started,
    AlreadyRunning,
}

/// Why a trigger could not start a run.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("no source is named '{0}'")]
    UnknownSource(String),
    #[error("the crawl could not start: {0}")]
    Failed(String),
}

/// The state handed to every handler (and to the web page's router).
///
/// ```ignore
/// let state = AppState {
///     index: Arc::new(ArchiveIndex::open(dir)?),
///     enricher: Arc::new(enricher),
///     jobs,
///     settings: Arc::new(ServerSettings::default()),
/// };
/// let router = server::app(state);
/// ```
#[derive(Clone)]
pub struct AppState {
    /// The search index; its searches are blocking and run on the blocking pool.
    pub index: Arc<ArchiveIndex>,
    /// Resolves filter values (country names, topic labels) to the codes the index stores.
    pub enricher: Arc<Enricher>,
    /// The crawl jobs: trigger a run, report their status.
    pub jobs: Arc<dyn JobControl>,
    pub settings: Arc<ServerSettings>,
}

/// How the server listens, who may administer it and the limits it enforces.
///
/// Every limit is documented in the OpenAPI description and answered with a 4xx
/// (or a 503 with `Retry-After` for overload) that names it.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    /// The bearer token for write endpoints (`POST /api/crawl`); `None` disables them.
    pub admin_token: Option<String>,
    /// Origins allowed to call the API from a browser; empty = no CORS headers at all.
    pub cors_origins: Vec<String>,
    pub limits: Limits,
}

/// The request limits. Defaults suit a single-machine deployment.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest accepted `q`, in characters.
    pub max_query_len: usize,
    /// Largest `per_page`; bigger requests are clamped and the response says so.
    pub max_per_page: usize,
    /// Deepest result reachable by paging (`page * per_page`); beyond it, use the export.
    pub max_page_depth: usize,
    /// Time allowed to produce a response's head (a streamed export may take longer).
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// Requests handled at once; more are shed with 503 and `Retry-After`.
    pub max_concurrent_requests: usize,
    /// Exports streaming at once (each holds an index snapshot and a blocking thread
    /// for as long as the client reads); more are refused with 503 and `Retry-After`.
    pub max_concurrent_exports: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_len: 1000,
            max_per_page: 100,
            max_page_depth: 10_000,
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
            max_concurrent_requests: 64,
            max_concurrent_exports: 4,
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            admin_token: None,
            cors_origins: Vec::new(),
            limits: Limits::default(),
        }
    }
}

impl AppState {
    /// Runs a read on the index in the blocking pool (tantivy searches are CPU- and
    /// I/O-bound and must not stall the async workers) and maps its errors for the API.
    pub async fn read_index<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&ArchiveIndex) -> Result<T, IndexError> + Send + 'static,
    {
        let index = Arc::clone(&self.index);
        match tokio::task::spawn_blocking(move || read(&index)).await {
            Ok(result) => result.map_err(ApiError::from),
            Err(join_error) => {
                tracing::error!(error = %join_error, "BUG: an index read panicked");
                Err(ApiError::internal())
            }
        }
    }
}
