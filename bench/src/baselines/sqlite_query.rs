//! SQLite FTS5 queries: one connection per client thread, each request one statement.
//!
//! Search (relevance; filters as in [`crate::baselines::sql`]):
//!
//! ```sql
//! WITH hits AS MATERIALIZED (
//!   SELECT articles_fts.rowid AS id, NULL AS published,
//!          bm25(articles_fts, 2.0, 1.0) AS rank  -- only for rows passing the filters
//!          , EXISTS (...) AS f0 ...
//!   FROM articles_fts       -- newest first: m.published, JOIN article_meta m, no bm25
//!   WHERE articles_fts MATCH ?1),                 -- '"w1" "w2"' or '"w1 w2"'
//! top AS MATERIALIZED (SELECT id, rank, published FROM hits WHERE f0 ...
//!                      ORDER BY rank, id LIMIT 20),  -- or published DESC, id
//! counts AS (...GROUP BY af.value_id), ranked AS (...row_number()...)
//! SELECT 0, NULL, count(*), NULL, NULL, NULL FROM hits WHERE f0 ...
//! UNION ALL
//! SELECT 1, t.id, row_number() OVER (ORDER BY t.rank, t.id), a.title, a.url,
//!        (SELECT snippet(articles_fts, 1, '<mark>', '</mark>', '…', 24) FROM articles_fts
//!         WHERE articles_fts MATCH ?1 AND rowid = t.id)
//! FROM top t JOIN articles a ON a.id = t.id
//! UNION ALL
//! SELECT 2, kind, n, value, NULL, NULL FROM ranked WHERE r <= 20
//! ```
//!
//! The match set is evaluated once; `snippet()` runs for the 20 rows shown only
//! (a correlated FTS5 lookup by rowid), not for every match as it would inside
//! an `ORDER BY rank LIMIT 20` query.
//!
//! Timeline:
//!
//! ```sql
//! SELECT m.month, count(*) FROM articles_fts JOIN article_meta m ON m.id = articles_fts.rowid
//! WHERE articles_fts MATCH ?1 GROUP BY m.month ORDER BY m.month
//! ```
//!
//! Connections: `query_only`, `mmap_size` 64 GiB (capped by SQLite's compile-time
//! limit), 256 MiB page cache each, temp store in memory; WAL lets them read concurrently.

use std::path::Path;

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags, params_from_iter};

use crate::baselines::answer::{
    BaselineClient, MonthCounts, PAGE_SIZE, SearchAnswer, SearchRow, SearchSpec,
};
use crate::baselines::sql::{Placeholder, facet_ctes, facet_rows, filter_sql};
use crate::engine::EngineClient;
use crate::workload::{BenchQuery, QueryShape, SortKind};

/// The rank expression (lower is better in FTS5); title matches weigh double.
const BM25: &str = "bm25(articles_fts, 2.0, 1.0)";

/// One reader connection to the loaded database.
pub struct SqliteClient {
    conn: Connection,
}

impl SqliteClient {
    /// Opens a reader on the database at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening {}", path.display()))?;
        conn.pragma_update(None, "query_only", true)?;
        conn.pragma_update(None, "mmap_size", 1_i64 << 36)?;
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(SqliteClient { conn })
    }
}

impl BaselineClient for SqliteClient {
    fn search(&mut self, spec: SearchSpec<'_>) -> anyhow::Result<SearchAnswer> {
        let filter = filter_sql(spec.filters, "articles_fts.rowid", Placeholder::Question, 2);
        // The date is read (from the narrow `article_meta`) only to sort by it.
        let (rank, published, date_join, order, top_order) = match spec.sort {
            SortKind::Relevance if spec.filters.is_empty() => {
                (BM25.to_string(), "NULL", "", "rank, id", "t.rank, t.id")
            }
            SortKind::Relevance => (
                format!("CASE WHEN {} THEN {BM25} END", filter.inline_all),
                "NULL",
                "",
                "rank, id",
                "t.rank, t.id",
            ),
            SortKind::Newest => (
                "NULL".to_string(),
                "m.published",
                "JOIN article_meta m ON m.id = articles_fts.rowid",
                "published DESC, id",
                "t.published DESC, t.id",
            ),
        };
        let sql = format!(
            "WITH hits AS MATERIALIZED (
               SELECT articles_fts.rowid AS id, {published} AS published, {rank} AS rank{flags}
               FROM articles_fts {date_join}
               WHERE articles_fts MATCH ?1),
             top AS MATERIALIZED (SELECT id, rank, published FROM hits WHERE {all}
               ORDER BY {order} LIMIT {PAGE_SIZE}),
             {facets}
             SELECT 0, NULL, count(*), NULL, NULL, NULL FROM hits WHERE {all}
             UNION ALL
             SELECT 1, t.id, row_number() OVER (ORDER BY {top_order}), a.title, a.url,
               (SELECT snippet(articles_fts, 1, '<mark>', '</mark>', '…', 24) FROM articles_fts
                WHERE articles_fts MATCH ?1 AND rowid = t.id)
             FROM top t JOIN articles a ON a.id = t.id
             UNION ALL
             {facet_rows}",
            flags = filter.flag_columns,
            all = filter.all,
            facets = facet_ctes(&filter),
            facet_rows = facet_rows("INTEGER", "TEXT"),
        );
        let mut params = vec![fts5_query(spec.shape, spec.words)?];
        params.extend(spec.filters.iter().map(|(_, value)| value.clone()));
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(params.iter()), |row| {
            Ok(SearchRow {
                part: row.get(0)?,
                key: row.get(1)?,
                n: row.get(2)?,
                a: row.get(3)?,
                b: row.get(4)?,
                c: row.get(5)?,
            })
        })?;
        SearchAnswer::from_rows(rows.map(|row| row.map_err(anyhow::Error::from)))
    }

    fn timeline(&mut self, words: &[String]) -> anyhow::Result<MonthCounts> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.month, count(*) FROM articles_fts \
             JOIN article_meta m ON m.id = articles_fts.rowid \
             WHERE articles_fts MATCH ?1 GROUP BY m.month ORDER BY m.month",
        )?;
        let query = fts5_query(QueryShape::AllWords, words)?;
        let rows = statement.query_map([query], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut months = MonthCounts::new();
        for row in rows {
            let (month, count) = row?;
            months.push((
                format!("{:04}-{:02}", month / 100, month % 100),
                u64::try_from(count)?,
            ));
        }
        Ok(months)
    }
}

impl EngineClient for SqliteClient {
    fn run(&mut self, query: &BenchQuery) -> anyhow::Result<u64> {
        self.answer(query)
    }
}

/// The FTS5 query for the words: each word quoted (all must match), or the
/// whole phrase quoted. Quoting keeps words such as `AND` or `near` literal.
fn fts5_query(shape: QueryShape, words: &[String]) -> anyhow::Result<String> {
    if words.is_empty() {
        bail!("a query needs at least one word");
    }
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    Ok(match shape {
        QueryShape::Phrase => quote(&words.join(" ")),
        QueryShape::Word | QueryShape::AllWords => {
            words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_one_by_one_and_phrases_whole() -> anyhow::Result<()> {
        let words = vec!["trade".to_string(), "and".to_string(), "x\"y".to_string()];
        assert_eq!(
            fts5_query(QueryShape::AllWords, &words)?,
            "\"trade\" \"and\" \"x\"\"y\""
        );
        assert_eq!(
            fts5_query(QueryShape::Phrase, &words)?,
            "\"trade and x\"\"y\""
        );
        assert!(fts5_query(QueryShape::Word, &[]).is_err());
        Ok(())
    }
}
