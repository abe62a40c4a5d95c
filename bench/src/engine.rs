//! The seam between the load generator and the engines under test.

use crate::workload::{BenchQuery, TaggedArticle};

/// What an engine's load reported.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Articles loaded.
    pub articles: u64,
    /// Wall-clock seconds for the load, including index builds and a final commit/checkpoint.
    pub seconds: f64,
    /// Peak resident memory of the loading process (server or client), if measurable.
    pub peak_rss_bytes: Option<u64>,
}

/// An engine under test: gazette over its HTTP API, SQLite FTS5, or PostgreSQL.
pub trait Engine {
    /// Short name for the report table, e.g. `"gazette"`, `"sqlite-fts5"`, `"postgresql"`.
    fn name(&self) -> &'static str;
    /// Loads every article (a fresh store each time) and reports how long it took.
    fn load(
        &mut self,
        articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
    ) -> anyhow::Result<LoadReport>;
    /// A client for one load-generating thread; each of the concurrent clients gets its own.
    fn client(&self) -> anyhow::Result<Box<dyn EngineClient>>;
    /// Bytes on disk of the loaded store (index, tables, WAL).
    fn size_on_disk(&self) -> anyhow::Result<u64>;
    /// Resident memory of the serving process now, if the engine runs as a server.
    fn server_rss_bytes(&self) -> Option<u64>;
    /// The serving process's private memory (`RssAnon`, without mapped files), where it
    /// differs from its RSS in kind: gazette maps its index, and those pages are page cache.
    fn server_anon_bytes(&self) -> Option<u64> {
        None
    }
    /// Lines for the report's footer about how the engine ran (e.g. its caches).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// One connection to an engine, used by one thread at a time.
pub trait EngineClient: Send {
    /// Answers one request of the mix completely (rows read, snippets built, counts
    /// fetched); returns the total number of matching articles.
    fn run(&mut self, query: &BenchQuery) -> anyhow::Result<u64>;
}
