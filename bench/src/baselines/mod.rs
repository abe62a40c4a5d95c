//! Comparison engines: the same corpus and query mix in SQLite FTS5 and PostgreSQL.
//!
//! Both store the tags in the same normalised facet tables and answer a search
//! in one statement over a match set evaluated once (see [`sql`]); each uses its
//! own idiomatic full-text path (FTS5 with porter and `bm25()`, PostgreSQL's
//! stored `tsvector` with GIN and `ts_rank_cd`).

mod answer;
#[cfg(test)]
mod fixture;
pub mod postgres;
mod postgres_query;
mod postgres_server;
mod proc_mem;
mod sql;
pub mod sqlite;
mod sqlite_query;
