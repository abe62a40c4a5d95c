//! SQLite FTS5 baseline: the corpus in one SQLite file, searched in-process.
//!
//! SQLite is compiled into the bench (rusqlite's `bundled` feature), so the
//! bench needs no libsqlite3-dev and FTS5 is always present.
//!
//! Schema:
//!
//! ```sql
//! CREATE TABLE articles(id INTEGER PRIMARY KEY, published INTEGER, source TEXT, url TEXT,
//!                       ext_id TEXT, byline TEXT, title TEXT, text TEXT);
//! CREATE TABLE article_meta(id INTEGER PRIMARY KEY, published INTEGER, month INTEGER);
//! CREATE TABLE facet_value(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, value TEXT NOT NULL,
//!                          UNIQUE (kind, value));
//! CREATE TABLE article_facet(article INTEGER, kind INTEGER, value_id INTEGER,
//!                            PRIMARY KEY (article, kind, value_id)) WITHOUT ROWID;
//! CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',
//!     content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
//! -- after the load:
//! INSERT INTO articles_fts(articles_fts) VALUES ('optimize');
//! CREATE INDEX article_facet_value ON article_facet(value_id, article);
//! ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);
//! ```
//!
//! `article_meta` keeps the date (and month) of each article in a narrow table,
//! so that sorting the match set by date or counting it per month reads a few
//! bytes per row rather than each article's row with its text. The FTS index is
//! external-content: it stores only the inverted index, and `snippet()` reads the
//! text from `articles`.
//!
//! Loading: `journal_mode=WAL`, `synchronous=NORMAL`, 1 GiB page cache, 64 MiB
//! FTS5 in-memory segment (`hashsize`), one transaction per 10,000 articles, then
//! the statements above. Queries: see [`crate::baselines::sqlite_query`].

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use chrono::Datelike;
use rusqlite::{Connection, Transaction, params};

use crate::baselines::answer::{facet_code, facet_values};
use crate::baselines::proc_mem;
use crate::baselines::sqlite_query::SqliteClient;
use crate::engine::{Engine, EngineClient, LoadReport};
use crate::workload::TaggedArticle;

/// Articles per load transaction.
const BATCH: usize = 10_000;

const SCHEMA: &str = "
CREATE TABLE articles(id INTEGER PRIMARY KEY, published INTEGER NOT NULL, source TEXT NOT NULL,
    url TEXT NOT NULL, ext_id TEXT NOT NULL, byline TEXT NOT NULL, title TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE TABLE article_meta(id INTEGER PRIMARY KEY, published INTEGER NOT NULL, month INTEGER NOT NULL);
CREATE TABLE facet_value(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, value TEXT NOT NULL,
    UNIQUE (kind, value));
CREATE TABLE article_facet(article INTEGER NOT NULL, kind INTEGER NOT NULL, value_id INTEGER NOT NULL,
    PRIMARY KEY (article, kind, value_id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 67108864);
";

const FINISH: &str = "
INSERT INTO articles_fts(articles_fts) VALUES ('optimize');
CREATE INDEX article_facet_value ON article_facet(value_id, article);
ANALYZE;
";

/// SQLite FTS5 over a database file in `<work_dir>/sqlite/`.
///
/// ```no_run
/// # fn demo(articles: &mut dyn Iterator<Item = anyhow::Result<crate::workload::TaggedArticle>>) -> anyhow::Result<()> {
/// use crate::engine::Engine;
/// let mut sqlite = crate::baselines::sqlite::SqliteFts5::new(std::path::Path::new("/tmp/bench"))?;
/// let report = sqlite.load(articles)?;
/// let mut client = sqlite.client()?; // one per load-generating thread
/// # Ok(()) }
/// ```
pub struct SqliteFts5 {
    db_path: PathBuf,
}

impl SqliteFts5 {
    /// Prepares `<work_dir>/sqlite/`; the database is created by [`Engine::load`].
    pub fn new(work_dir: &Path) -> anyhow::Result<Self> {
        let dir = work_dir.join("sqlite");
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(SqliteFts5 {
            db_path: dir.join("articles.db"),
        })
    }

    /// The database file and its WAL and shared-memory companions.
    fn files(&self) -> [PathBuf; 3] {
        let companion = |suffix: &str| {
            let mut name = self.db_path.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        [self.db_path.clone(), companion("-wal"), companion("-shm")]
    }
}

impl Engine for SqliteFts5 {
    fn name(&self) -> &'static str {
        "sqlite-fts5"
    }

    fn load(
        &mut self,
        articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
    ) -> anyhow::Result<LoadReport> {
        for file in self.files() {
            if file.exists() {
                fs::remove_file(&file).with_context(|| format!("removing {}", file.display()))?;
            }
        }
        proc_mem::reset_own_peak();
        let started = Instant::now();
        let mut conn = Connection::open(&self.db_path)
            .with_context(|| format!("creating {}", self.db_path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -1_048_576)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.execute_batch(SCHEMA)?;
        let mut loader = Loader::default();
        loop {
            let tx = conn.transaction()?;
            let batch_done = loader.load_batch(&tx, articles)?;
            tx.commit()?;
            if batch_done {
                break;
            }
        }
        conn.execute_batch(FINISH)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(conn);
        Ok(LoadReport {
            articles: loader.loaded,
            seconds: started.elapsed().as_secs_f64(),
            peak_rss_bytes: proc_mem::own_peak_rss(),
        })
    }

    fn client(&self) -> anyhow::Result<Box<dyn EngineClient>> {
        Ok(Box::new(SqliteClient::open(&self.db_path)?))
    }

    fn size_on_disk(&self) -> anyhow::Result<u64> {
        let mut bytes = 0;
        for file in self.files() {
            if let Ok(meta) = fs::metadata(&file) {
                bytes += meta.len();
            }
        }
        Ok(bytes)
    }

    fn server_rss_bytes(&self) -> Option<u64> {
        None
    }
}

/// Load state carried across transactions: the next row id and the facet dictionary.
#[derive(Default)]
struct Loader {
    loaded: u64,
    facet_ids: HashMap<(i16, String), i64>,
}

impl Loader {
    /// Loads up to [`BATCH`] articles in `tx`; true when the input is exhausted.
    fn load_batch(
        &mut self,
        tx: &Transaction<'_>,
        articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
    ) -> anyhow::Result<bool> {
        let mut insert_article = tx.prepare_cached(
            "INSERT INTO articles(id, published, source, url, ext_id, byline, title, text) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut insert_meta = tx
            .prepare_cached("INSERT INTO article_meta(id, published, month) VALUES (?1, ?2, ?3)")?;
        let mut insert_fts =
            tx.prepare_cached("INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?;
        let mut insert_value =
            tx.prepare_cached("INSERT INTO facet_value(id, kind, value) VALUES (?1, ?2, ?3)")?;
        let mut insert_facet = tx.prepare_cached(
            "INSERT INTO article_facet(article, kind, value_id) VALUES (?1, ?2, ?3)",
        )?;
        for _ in 0..BATCH {
            let Some(article) = articles.next() else {
                return Ok(true);
            };
            let article = article?;
            let id = i64::try_from(self.loaded + 1)?;
            let published = article.published.timestamp();
            let month =
                i64::from(article.published.year()) * 100 + i64::from(article.published.month());
            insert_article.execute(params![
                id,
                published,
                article.source,
                article.url,
                article.id,
                article.byline.join("; "),
                article.title,
                article.text
            ])?;
            insert_meta.execute(params![id, published, month])?;
            insert_fts.execute(params![id, article.title, article.text])?;
            for (kind, value) in facet_values(&article) {
                let code = facet_code(kind);
                let next_id = i64::try_from(self.facet_ids.len() + 1)?;
                let value_id = match self.facet_ids.get(&(code, value.to_string())) {
                    Some(known) => *known,
                    None => {
                        insert_value.execute(params![next_id, code, value])?;
                        self.facet_ids.insert((code, value.to_string()), next_id);
                        next_id
                    }
                };
                insert_facet.execute(params![id, code, value_id])?;
            }
            self.loaded += 1;
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baselines::fixture;

    #[test]
    fn answers_match_a_plain_filter_over_the_same_articles() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut engine = SqliteFts5::new(dir.path())?;
        let articles = fixture::articles();
        let report = engine.load(&mut articles.clone().into_iter().map(Ok))?;
        assert_eq!(report.articles, articles.len() as u64);
        assert!(engine.size_on_disk()? > 0);
        let mut client = SqliteClient::open(&engine.db_path)?;
        fixture::check_engine(&articles, &mut client)?;
        // A second load starts from a fresh store.
        let report = engine.load(&mut articles.clone().into_iter().take(10).map(Ok))?;
        assert_eq!(report.articles, 10);
        let mut client = engine.client()?;
        let everything = crate::workload::BenchQuery::Timeline {
            words: vec![fixture::COMMON_WORD.to_string()],
        };
        let expected = articles[..10]
            .iter()
            .filter(|a| fixture::contains_words(a, &[fixture::COMMON_WORD.to_string()]))
            .count();
        assert_eq!(client.run(&everything)?, expected as u64);
        Ok(())
    }
}
