//! PostgreSQL full-text baseline: a stored, weighted `tsvector` with a GIN index,
//! facets in normalised tables, queried over TCP loopback.
//!
//! The server is Debian's PostgreSQL in a private cluster (see
//! [`crate::baselines::postgres_server`] for installation and settings).
//!
//! Schema (database `gazette_bench`, dropped and re-created by each load):
//!
//! ```sql
//! CREATE TABLE articles(id integer NOT NULL, published timestamptz NOT NULL,
//!     source text NOT NULL, url text NOT NULL, ext_id text NOT NULL, byline text NOT NULL,
//!     title text NOT NULL, body text NOT NULL,
//!     tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A')
//!                                    || setweight(to_tsvector('english', body), 'B')) STORED)
//!     WITH (autovacuum_enabled = off);  -- all three tables, for the load only
//! CREATE TABLE facet_value(id integer NOT NULL, kind smallint NOT NULL, value text NOT NULL);
//! CREATE TABLE article_facet(article integer NOT NULL, kind smallint NOT NULL,
//!     value_id integer NOT NULL);
//! -- COPY ... FROM STDIN (text format), one COPY stream per CPU core, 2,000 articles per COPY,
//! -- sessions with synchronous_commit = off; then:
//! ALTER TABLE articles ADD PRIMARY KEY (id);
//! CREATE INDEX articles_tsv ON articles USING gin (tsv);
//! CREATE INDEX articles_published ON articles (published);
//! ALTER TABLE facet_value ADD PRIMARY KEY (id);
//! ALTER TABLE facet_value ADD UNIQUE (kind, value);
//! ALTER TABLE article_facet ADD PRIMARY KEY (article, kind, value_id);
//! CREATE INDEX article_facet_value ON article_facet (value_id, article);
//! VACUUM (ANALYZE);  -- statistics, and the visibility map for index-only scans
//! ALTER TABLE ... RESET (autovacuum_enabled);
//! CHECKPOINT;
//! ```
//!
//! The load figure includes the index builds, the vacuum and the checkpoint, and
//! excludes `initdb` and the server start. Queries: [`crate::baselines::postgres_query`].

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use std::{fs, thread};

use anyhow::{Context, anyhow};
use postgres::{Client, NoTls};

use crate::baselines::answer::{facet_code, facet_values};
use crate::baselines::postgres_query::PgClient;
use crate::baselines::postgres_server::PgServer;
use crate::baselines::proc_mem::ProcessTree;
use crate::engine::{Engine, EngineClient, LoadReport};
use crate::workload::TaggedArticle;

/// The database the corpus is loaded into.
const DATABASE: &str = "gazette_bench";

/// Articles per COPY statement.
const BATCH: usize = 2_000;

const SCHEMA: &str = "
CREATE TABLE articles(id integer NOT NULL, published timestamptz NOT NULL, source text NOT NULL,
    url text NOT NULL, ext_id text NOT NULL, byline text NOT NULL, title text NOT NULL,
    body text NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A')
                                   || setweight(to_tsvector('english', body), 'B')) STORED)
    WITH (autovacuum_enabled = off);
CREATE TABLE facet_value(id integer NOT NULL, kind smallint NOT NULL, value text NOT NULL)
    WITH (autovacuum_enabled = off);
CREATE TABLE article_facet(article integer NOT NULL, kind smallint NOT NULL,
    value_id integer NOT NULL) WITH (autovacuum_enabled = off);
";

const INDEXES: &str = "
ALTER TABLE articles ADD PRIMARY KEY (id);
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE INDEX articles_published ON articles (published);
ALTER TABLE facet_value ADD PRIMARY KEY (id);
ALTER TABLE facet_value ADD UNIQUE (kind, value);
ALTER TABLE article_facet ADD PRIMARY KEY (article, kind, value_id);
CREATE INDEX article_facet_value ON article_facet (value_id, article);
";

/// Autovacuum is off during the load (the explicit `VACUUM (ANALYZE)` does its work).
const AUTOVACUUM_ON: &str = "
ALTER TABLE articles RESET (autovacuum_enabled);
ALTER TABLE facet_value RESET (autovacuum_enabled);
ALTER TABLE article_facet RESET (autovacuum_enabled);
";

/// PostgreSQL full-text search in a private cluster under `<work_dir>/postgres/`.
///
/// ```no_run
/// # fn demo(articles: &mut dyn Iterator<Item = anyhow::Result<crate::workload::TaggedArticle>>) -> anyhow::Result<()> {
/// use crate::engine::Engine;
/// // Installs PostgreSQL if needed, runs initdb and starts the server.
/// let mut postgres = crate::baselines::postgres::PostgresFts::new(std::path::Path::new("/tmp/bench"))?;
/// let report = postgres.load(articles)?;
/// let mut client = postgres.client()?; // one connection per load-generating thread
/// # Ok(()) }
/// ```
pub struct PostgresFts {
    server: PgServer,
}

impl PostgresFts {
    /// Installs PostgreSQL when missing, and initialises and starts a fresh cluster.
    pub fn new(work_dir: &Path) -> anyhow::Result<Self> {
        let root = work_dir.join("postgres");
        fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        Ok(PostgresFts {
            server: PgServer::start(&root)?,
        })
    }

    fn connect(&self, dbname: &str) -> anyhow::Result<Client> {
        Client::connect(&self.server.conninfo(dbname), NoTls)
            .with_context(|| format!("connecting to PostgreSQL database {dbname}"))
    }

    fn server_tree(&self) -> Option<ProcessTree> {
        self.server.postmaster_pid().map(ProcessTree::of)
    }
}

impl Engine for PostgresFts {
    fn name(&self) -> &'static str {
        "postgresql"
    }

    fn load(
        &mut self,
        articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
    ) -> anyhow::Result<LoadReport> {
        let started = Instant::now();
        let mut admin = self.connect("postgres")?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))?;
        admin.batch_execute(&format!("CREATE DATABASE {DATABASE}"))?;
        drop(admin);
        let mut main = self.connect(DATABASE)?;
        main.batch_execute("SET synchronous_commit = off")?;
        main.batch_execute(SCHEMA)?;

        let streams = thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
        let conninfo = self.server.conninfo(DATABASE);
        let (sender, receiver) = sync_channel::<CopyBatch>(streams * 2);
        let receiver = Arc::new(Mutex::new(receiver));
        let mut encoder = Encoder::default();
        let (encoded, copied) = thread::scope(|scope| {
            let workers: Vec<_> = (0..streams)
                .map(|_| {
                    let receiver = Arc::clone(&receiver);
                    let conninfo = conninfo.as_str();
                    scope.spawn(move || copy_worker(conninfo, &receiver))
                })
                .collect();
            drop(receiver);
            let encoded = encoder.encode_all(articles, &sender);
            drop(sender);
            let copied: anyhow::Result<Vec<Option<u64>>> = workers
                .into_iter()
                .map(|worker| {
                    worker
                        .join()
                        .map_err(|_| anyhow!("a COPY worker panicked"))?
                })
                .collect();
            (encoded, copied)
        });
        let worker_peaks = copied?;
        encoded?;

        let mut values = main.copy_in("COPY facet_value (id, kind, value) FROM STDIN")?;
        std::io::Write::write_all(&mut values, &encoder.facet_value_rows())?;
        values.finish()?;
        main.batch_execute(INDEXES)?;
        main.batch_execute("VACUUM (ANALYZE)")?;
        main.batch_execute(AUTOVACUUM_ON)?;
        main.batch_execute("CHECKPOINT")?;
        let seconds = started.elapsed().as_secs_f64();
        let server_peak = self.server_tree().and_then(|tree| tree.max_peak_rss());
        let peak_rss_bytes = worker_peaks
            .into_iter()
            .chain([server_peak])
            .flatten()
            .max();
        Ok(LoadReport {
            articles: encoder.loaded,
            seconds,
            peak_rss_bytes,
        })
    }

    fn client(&self) -> anyhow::Result<Box<dyn EngineClient>> {
        Ok(Box::new(PgClient::new(self.connect(DATABASE)?)?))
    }

    fn size_on_disk(&self) -> anyhow::Result<u64> {
        let mut client = self.connect(DATABASE)?;
        let bytes: i64 = client
            .query_one("SELECT pg_database_size($1::text)", &[&DATABASE])?
            .get(0);
        Ok(u64::try_from(bytes)?)
    }

    /// Every server process's private memory plus the shared buffers once
    /// (see [`ProcessTree::resident_bytes`]).
    fn server_rss_bytes(&self) -> Option<u64> {
        self.server_tree()?.resident_bytes()
    }
}

/// COPY text-format rows for one batch of articles.
struct CopyBatch {
    articles: Vec<u8>,
    facets: Vec<u8>,
}

/// Turns articles into COPY rows: row ids in load order, the facet dictionary.
#[derive(Default)]
struct Encoder {
    loaded: u64,
    facet_ids: std::collections::HashMap<(i16, String), i32>,
}

impl Encoder {
    /// Encodes every article and hands batches to the COPY workers.
    fn encode_all(
        &mut self,
        articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
        sender: &SyncSender<CopyBatch>,
    ) -> anyhow::Result<()> {
        let mut batch = CopyBatch::empty();
        let mut in_batch = 0;
        for article in articles {
            self.encode(&article?, &mut batch)?;
            in_batch += 1;
            if in_batch == BATCH {
                let full = std::mem::replace(&mut batch, CopyBatch::empty());
                // A send fails only when every worker has stopped; their error is reported.
                if sender.send(full).is_err() {
                    return Ok(());
                }
                in_batch = 0;
            }
        }
        if in_batch > 0 {
            let _ = sender.send(batch);
        }
        Ok(())
    }

    fn encode(&mut self, article: &TaggedArticle, batch: &mut CopyBatch) -> anyhow::Result<()> {
        let id = i32::try_from(self.loaded + 1)?;
        let row = &mut batch.articles;
        for field in [
            id.to_string().as_str(),
            &article.published.to_rfc3339(),
            &article.source,
            &article.url,
            &article.id,
            &article.byline.join("; "),
            &article.title,
        ] {
            push_field(row, field);
            row.push(b'\t');
        }
        push_field(row, &article.text);
        row.push(b'\n');
        for (kind, value) in facet_values(article) {
            let code = facet_code(kind);
            let next_id = i32::try_from(self.facet_ids.len() + 1)?;
            let value_id = *self
                .facet_ids
                .entry((code, value.to_string()))
                .or_insert(next_id);
            batch
                .facets
                .extend_from_slice(format!("{id}\t{code}\t{value_id}\n").as_bytes());
        }
        self.loaded += 1;
        Ok(())
    }

    /// The facet dictionary as COPY rows.
    fn facet_value_rows(&self) -> Vec<u8> {
        let mut rows = Vec::new();
        for ((code, value), id) in &self.facet_ids {
            rows.extend_from_slice(format!("{id}\t{code}\t").as_bytes());
            push_field(&mut rows, value);
            rows.push(b'\n');
        }
        rows
    }
}

impl CopyBatch {
    fn empty() -> Self {
        CopyBatch {
            articles: Vec::with_capacity(BATCH * 4096),
            facets: Vec::with_capacity(BATCH * 128),
        }
    }
}

/// Appends `value` escaped for COPY's text format.
fn push_field(out: &mut Vec<u8>, value: &str) {
    for byte in value.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            other => out.push(other),
        }
    }
}

/// One COPY stream: takes batches until the channel closes; returns its backend's peak RSS.
fn copy_worker(
    conninfo: &str,
    batches: &Mutex<Receiver<CopyBatch>>,
) -> anyhow::Result<Option<u64>> {
    let mut client = Client::connect(conninfo, NoTls).context("connecting a COPY stream")?;
    client.batch_execute("SET synchronous_commit = off")?;
    let backend: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
    loop {
        let next = batches
            .lock()
            .map_err(|_| anyhow!("a COPY worker panicked"))?
            .recv();
        let Ok(batch) = next else { break };
        for (statement, rows) in [
            (
                "COPY articles (id, published, source, url, ext_id, byline, title, body) FROM STDIN",
                &batch.articles,
            ),
            (
                "COPY article_facet (article, kind, value_id) FROM STDIN",
                &batch.facets,
            ),
        ] {
            let mut writer = client.copy_in(statement)?;
            std::io::Write::write_all(&mut writer, rows)?;
            writer.finish()?;
        }
    }
    let peak = u32::try_from(backend)
        .ok()
        .and_then(|pid| ProcessTree::of(pid).max_peak_rss());
    Ok(peak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baselines::fixture;

    #[test]
    fn copy_fields_are_escaped() {
        let mut out = Vec::new();
        push_field(&mut out, "a\tb\\c\nd");
        assert_eq!(out, b"a\\tb\\\\c\\nd");
    }

    #[test]
    fn answers_match_a_plain_filter_over_the_same_articles() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut engine = match PostgresFts::new(dir.path()) {
            Ok(engine) => engine,
            Err(error) => {
                eprintln!("SKIP: PostgreSQL cannot be installed or started: {error:#}");
                return Ok(());
            }
        };
        let articles = fixture::articles();
        let report = engine.load(&mut articles.clone().into_iter().map(Ok))?;
        assert_eq!(report.articles, articles.len() as u64);
        assert!(engine.size_on_disk()? > 0);
        assert!(engine.server_rss_bytes().unwrap_or(0) > 0);
        let mut client = PgClient::new(engine.connect(DATABASE)?)?;
        fixture::check_engine(&articles, &mut client)?;
        // A second load starts from a fresh store.
        let report = engine.load(&mut articles.clone().into_iter().take(10).map(Ok))?;
        assert_eq!(report.articles, 10);
        let mut client = engine.client()?;
        let words = vec![fixture::COMMON_WORD.to_string()];
        let expected = articles[..10]
            .iter()
            .filter(|a| fixture::contains_words(a, &words))
            .count();
        let timeline = crate::workload::BenchQuery::Timeline { words };
        assert_eq!(client.run(&timeline)?, expected as u64);
        Ok(())
    }
}
