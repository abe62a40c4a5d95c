//! PostgreSQL queries: one connection per client thread, statements prepared
//! once per shape, each request one statement.
//!
//! Search (relevance; filters as in [`crate::baselines::sql`]; `Q` is
//! `plainto_tsquery('english', $1)`, or `phraseto_tsquery` for a phrase):
//!
//! ```sql
//! WITH hits AS MATERIALIZED (
//!   SELECT s.id, s.published, ts_rank_cd(s.tsv, Q) AS rank  -- only for rows passing the filters
//!          , s.f0 ...
//!   FROM (SELECT a.id, a.published, a.tsv, EXISTS (...) AS f0 ...
//!         FROM articles a WHERE a.tsv @@ Q OFFSET 0) s),
//! top AS MATERIALIZED (SELECT id, rank, published FROM hits WHERE f0 ...
//!                      ORDER BY rank DESC, id LIMIT 20),     -- or published DESC, id
//! counts AS (...GROUP BY af.value_id), ranked AS (...row_number()...)
//! SELECT 0, NULL, count(*), NULL, NULL, NULL FROM hits WHERE f0 ...
//! UNION ALL
//! SELECT 1, t.id, row_number() OVER (ORDER BY t.rank DESC, t.id), a.title, a.url,
//!        ts_headline('english', a.body, Q, 'MaxFragments=1, MaxWords=30, MinWords=12,
//!                    StartSel=<mark>, StopSel=</mark>')
//! FROM top t JOIN articles a ON a.id = t.id
//! UNION ALL
//! SELECT 2, kind, n, value, NULL, NULL FROM ranked WHERE r <= 20
//! ```
//!
//! The GIN index finds the matches once; `ts_rank_cd` (which must detoast each
//! row's `tsvector`) runs only when ranking, and only on rows that pass the
//! filters (`OFFSET 0` keeps the filter flags computed before it);
//! `ts_headline` runs for the 20 rows shown.
//!
//! Timeline:
//!
//! ```sql
//! SELECT to_char(date_trunc('month', published AT TIME ZONE 'UTC'), 'YYYY-MM'), count(*)
//! FROM articles WHERE tsv @@ plainto_tsquery('english', $1) GROUP BY 1 ORDER BY 1
//! ```
//!
//! Sessions use `plan_cache_mode = force_custom_plan`: a full-text query's
//! selectivity depends on its words, so each execution is planned for its values.

use std::collections::HashMap;

use anyhow::bail;
use postgres::types::ToSql;
use postgres::{Client, Statement};

use crate::baselines::answer::{
    BaselineClient, MonthCounts, PAGE_SIZE, SearchAnswer, SearchRow, SearchSpec,
};
use crate::baselines::sql::{Placeholder, facet_ctes, facet_rows, filter_sql};
use crate::engine::EngineClient;
use crate::workload::{BenchQuery, QueryShape, SortKind};

const TIMELINE: &str = "SELECT to_char(date_trunc('month', published AT TIME ZONE 'UTC'), 'YYYY-MM'), \
     count(*) FROM articles WHERE tsv @@ plainto_tsquery('english', $1) GROUP BY 1 ORDER BY 1";

/// One connection to the loaded database.
pub struct PgClient {
    client: Client,
    prepared: HashMap<String, Statement>,
}

impl PgClient {
    /// Wraps a connection to the loaded database.
    pub fn new(mut client: Client) -> anyhow::Result<Self> {
        client.batch_execute("SET plan_cache_mode = force_custom_plan")?;
        Ok(PgClient {
            client,
            prepared: HashMap::new(),
        })
    }

    fn statement(&mut self, sql: &str) -> anyhow::Result<Statement> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.prepared.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

impl BaselineClient for PgClient {
    fn search(&mut self, spec: SearchSpec<'_>) -> anyhow::Result<SearchAnswer> {
        if spec.words.is_empty() {
            bail!("a query needs at least one word");
        }
        let query = match spec.shape {
            QueryShape::Phrase => "phraseto_tsquery('english', $1)",
            QueryShape::Word | QueryShape::AllWords => "plainto_tsquery('english', $1)",
        };
        let filter = filter_sql(spec.filters, "a.id", Placeholder::Dollar, 2);
        let (rank, order, top_order) = match spec.sort {
            SortKind::Relevance if spec.filters.is_empty() => (
                format!("ts_rank_cd(s.tsv, {query})"),
                "rank DESC, id",
                "t.rank DESC, t.id",
            ),
            SortKind::Relevance => (
                format!(
                    "CASE WHEN {} THEN ts_rank_cd(s.tsv, {query}) END",
                    filter.all
                ),
                "rank DESC, id",
                "t.rank DESC, t.id",
            ),
            SortKind::Newest => (
                "NULL::real".to_string(),
                "published DESC, id",
                "t.published DESC, t.id",
            ),
        };
        let flag_names: String = (0..spec.filters.len())
            .map(|i| format!(", s.f{i}"))
            .collect();
        let sql = format!(
            "WITH hits AS MATERIALIZED (
               SELECT s.id, s.published, {rank} AS rank{flag_names}
               FROM (SELECT a.id, a.published, a.tsv{flags} FROM articles a
                     WHERE a.tsv @@ {query} OFFSET 0) s),
             top AS MATERIALIZED (SELECT id, rank, published FROM hits WHERE {all}
               ORDER BY {order} LIMIT {PAGE_SIZE}),
             {facets}
             SELECT 0, NULL::int8, count(*), NULL::text, NULL::text, NULL::text
               FROM hits WHERE {all}
             UNION ALL
             SELECT 1, t.id::int8, row_number() OVER (ORDER BY {top_order}), a.title, a.url,
               ts_headline('english', a.body, {query},
                 'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=<mark>, StopSel=</mark>')
             FROM top t JOIN articles a ON a.id = t.id
             UNION ALL
             {facet_rows}",
            flags = filter.flag_columns,
            all = filter.all,
            facets = facet_ctes(&filter),
            facet_rows = facet_rows("int8", "text"),
        );
        let statement = self.statement(&sql)?;
        let text = spec.words.join(" ");
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&text];
        params.extend(
            spec.filters
                .iter()
                .map(|(_, value)| value as &(dyn ToSql + Sync)),
        );
        let rows = self.client.query(&statement, &params)?;
        SearchAnswer::from_rows(rows.iter().map(|row| {
            Ok(SearchRow {
                part: i64::from(row.try_get::<_, i32>(0)?),
                key: row.try_get(1)?,
                n: row.try_get(2)?,
                a: row.try_get(3)?,
                b: row.try_get(4)?,
                c: row.try_get(5)?,
            })
        }))
    }

    fn timeline(&mut self, words: &[String]) -> anyhow::Result<MonthCounts> {
        let statement = self.statement(TIMELINE)?;
        let text = words.join(" ");
        let mut months = MonthCounts::new();
        for row in self.client.query(&statement, &[&text])? {
            let month: String = row.try_get(0)?;
            let count: i64 = row.try_get(1)?;
            months.push((month, u64::try_from(count)?));
        }
        Ok(months)
    }
}

impl EngineClient for PgClient {
    fn run(&mut self, query: &BenchQuery) -> anyhow::Result<u64> {
        self.answer(query)
    }
}
