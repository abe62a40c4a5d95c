//! [`SegmentCache`]: data derived from a segment, computed once for its life.
//!
//! Segments are immutable, so anything computed from one (a table of its facet
//! values, a dense copy of a column) stays valid until the segment merges away.
//! The cache keys entries by segment id, computes a missing one on first use,
//! and drops the entries of merged-away segments when a newer searcher
//! generation is first seen, so memory follows the live index.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

#[derive(Debug)]
struct Entries<T> {
    by_segment: HashMap<SegmentId, Arc<T>>,
    generation: Option<u64>,
}

/// Per-segment derived data (see the module documentation).
#[derive(Debug)]
pub(crate) struct SegmentCache<T> {
    entries: RwLock<Entries<T>>,
}

impl<T> Default for SegmentCache<T> {
    fn default() -> Self {
        SegmentCache {
            entries: RwLock::new(Entries {
                by_segment: HashMap::new(),
                generation: None,
            }),
        }
    }
}

impl<T> SegmentCache<T> {
    /// The entry of `segment`, computed by `load` if it is not cached yet. Two
    /// threads may both compute a missing entry; the results are equal, and one wins.
    pub(crate) fn get_or_load(
        &self,
        segment: &SegmentReader,
        load: impl FnOnce(&SegmentReader) -> tantivy::Result<T>,
    ) -> tantivy::Result<Arc<T>> {
        let id = segment.segment_id();
        if let Some(entry) = self.read().by_segment.get(&id) {
            return Ok(entry.clone());
        }
        let entry = Arc::new(load(segment)?);
        self.write().by_segment.insert(id, entry.clone());
        Ok(entry)
    }

    /// Drops the entries of segments that `searcher` no longer has (once per generation).
    pub(crate) fn forget_merged(&self, searcher: &Searcher) {
        let generation = searcher.generation().generation_id();
        if self.read().generation == Some(generation) {
            return;
        }
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        let mut entries = self.write();
        entries.by_segment.retain(|id, _| live.contains(id));
        entries.generation = Some(generation);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Entries<T>> {
        // Every write is a whole insert or retain, so a poisoned lock still holds
        // consistent data.
        self.entries.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Entries<T>> {
        self.entries.write().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn an_entry_is_loaded_once_per_segment() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        let mut doc = TantivyDocument::default();
        doc.add_text(body, "hello");
        writer.add_document(doc).expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let segment = &searcher.segment_readers()[0];
        let cache: SegmentCache<u32> = SegmentCache::default();
        let mut loads = 0;
        for _ in 0..3 {
            let value = cache
                .get_or_load(segment, |s| {
                    loads += 1;
                    Ok(s.max_doc())
                })
                .expect("load");
            assert_eq!(*value, 1);
        }
        assert_eq!(loads, 1);
        cache.forget_merged(&searcher);
        assert_eq!(cache.read().by_segment.len(), 1, "a live segment stays");
    }
}
