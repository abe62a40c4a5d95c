//! [`ResultCache`]: answers to repeated searches, kept while the index is unchanged.
//!
//! Newsroom traffic repeats itself: the same story's query from several desks, the
//! web page asking again as a reader pages or toggles a facet and comes back, a
//! dashboard polling a topic. A search over a common word counts facets over a
//! third of the archive, so answering a repeat from memory saves tens of
//! milliseconds at a million articles. Entries are keyed by the whole request and
//! belong to one searcher generation: the first look-up after a commit or reload
//! empties the cache, so an answer never outlives the index it was computed on.
//! It is bounded by entry count and evicts the least recently used.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use lru::LruCache;

/// Entries kept by default (a search answer is 10–50 KB: tens of MB at most).
pub const DEFAULT_RESULT_CACHE_ENTRIES: usize = 1024;

/// How the cache has done since the process started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResultCacheStats {
    /// Look-ups answered from the cache.
    pub hits: u64,
    /// Look-ups that had to search.
    pub misses: u64,
}

/// Least-recently-used answers of one searcher generation.
pub(crate) struct ResultCache<V> {
    /// `None` when caching is off (capacity 0).
    state: Option<Mutex<State<V>>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

struct State<V> {
    generation: u64,
    entries: LruCache<String, V>,
}

impl<V: Clone> ResultCache<V> {
    /// A cache of at most `capacity` answers; 0 turns caching off.
    pub(crate) fn new(capacity: usize) -> Self {
        ResultCache {
            state: NonZeroUsize::new(capacity).map(|capacity| {
                Mutex::new(State {
                    generation: 0,
                    entries: LruCache::new(capacity),
                })
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The answer to `key` computed on searcher `generation`, if kept.
    pub(crate) fn get(&self, generation: u64, key: &str) -> Option<V> {
        let state = self.state.as_ref()?;
        let found = match state.lock() {
            Ok(mut state) => {
                if state.generation != generation {
                    state.entries.clear();
                    state.generation = generation;
                }
                state.entries.get(key).cloned()
            }
            Err(_) => None,
        };
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `value` as the answer to `key` on searcher `generation` (dropped when
    /// the cache has moved on to a newer generation meanwhile).
    pub(crate) fn insert(&self, generation: u64, key: String, value: V) {
        let Some(state) = self.state.as_ref() else {
            return;
        };
        if let Ok(mut state) = state.lock()
            && state.generation == generation
        {
            state.entries.put(key, value);
        }
    }

    pub(crate) fn stats(&self) -> ResultCacheStats {
        ResultCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_repeats_of_one_generation_only() {
        let cache = ResultCache::new(2);
        assert_eq!(cache.get(7, "q=gas"), None);
        cache.insert(7, "q=gas".into(), 1);
        assert_eq!(cache.get(7, "q=gas"), Some(1));
        // A newer generation empties the cache; an answer of the old one is refused.
        assert_eq!(cache.get(8, "q=gas"), None);
        cache.insert(7, "q=oil".into(), 2);
        assert_eq!(cache.get(8, "q=oil"), None);
        assert_eq!(cache.stats(), ResultCacheStats { hits: 1, misses: 3 });
    }

    #[test]
    fn evicts_the_least_recently_used_and_can_be_off() {
        let cache = ResultCache::new(2);
        cache.get(1, "a");
        cache.insert(1, "a".into(), 'a');
        cache.insert(1, "b".into(), 'b');
        assert_eq!(cache.get(1, "a"), Some('a'));
        cache.insert(1, "c".into(), 'c');
        assert_eq!(cache.get(1, "b"), None);
        assert_eq!(cache.get(1, "a"), Some('a'));

        let off = ResultCache::new(0);
        off.insert(1, "a".into(), 'a');
        assert_eq!(off.get(1, "a"), None);
        assert_eq!(off.stats(), ResultCacheStats::default());
    }
}
