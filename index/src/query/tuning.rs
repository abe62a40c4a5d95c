//! The ranking parameters.
//!
//! General settings, never per query, tuned on the TIME dev queries (see
//! `tests/time_relevance.rs`): MAP rose from 0.622 (title ×2, strict-then-25%
//! relaxation, strong proximity) to 0.743. A lower title weight helped most;
//! long-query relaxation and a light, wide proximity clause helped a little;
//! disjunction-max over fields, other BM25 length normalisations and
//! pseudo-relevance feedback did not help and are not used.

/// Ranking parameters (general, not per query); defaults tuned on the TIME dev queries.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingTuning {
    /// Weight of a title match relative to a body match.
    pub title_boost: f32,
    /// Weight of the neighbouring-words proximity clauses.
    pub proximity_boost: f32,
    /// Slop of those clauses (positions between the two words, either order).
    pub proximity_slop: u32,
    /// A bag of this many plain words or more is relaxed.
    pub relax_threshold: usize,
    /// A bag of this many words or more is relaxed when the query also has function words.
    pub phrased_threshold: usize,
    /// Share of a relaxed bag's words a document must match (rounded up, at least 1).
    pub relax_fraction: f32,
}

impl Default for RankingTuning {
    fn default() -> Self {
        RankingTuning {
            title_boost: 0.5,
            proximity_boost: 0.05,
            proximity_slop: 16,
            relax_threshold: 5,
            phrased_threshold: 3,
            relax_fraction: 0.2,
        }
    }
}
