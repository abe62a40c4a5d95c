//! Comparison engines: the same corpus and query mix in SQLite FTS5 and PostgreSQL.
