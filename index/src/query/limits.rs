//! Limits that keep any query cheap; breaking one is the caller's error.

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4_000;
/// Most leaves (words, phrases, ranges) in one query.
pub const MAX_LEAVES: usize = 200;
/// Deepest nesting of groups and `NOT`s.
pub const MAX_DEPTH: usize = 16;
/// Largest phrase slop (`"a b"~N`).
pub const MAX_SLOP: u32 = 100;
/// Most words in one phrase.
pub const MAX_PHRASE_WORDS: usize = 32;
/// Deepest result reachable by paging; beyond it, use the export cursor.
pub const MAX_RESULT_WINDOW: usize = 10_000;
