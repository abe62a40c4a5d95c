//! [`PublishedDates`]: dense in-memory copies of the `published` column, for sorting.
//!
//! Every matching document's sort key reads its date (relevance breaks ties
//! newest first; `newest`, `oldest` and `hybrid` order by it). Read from the
//! column, that is an optional-index rank plus a bit-unpacking per document,
//! and profiling a million-article archive put it at a sixth of a search. A
//! dense copy costs 8 bytes per document (8 MB per million) and is a plain
//! array load; it is built once per segment ([`SegmentCache`]).

use std::sync::Arc;

use tantivy::{DocId, SegmentReader};

use crate::segment_cache::SegmentCache;

/// The value standing for "no date" in a dense copy (no article is dated there).
const UNDATED: i64 = i64::MIN;

/// One segment's dates, by document.
#[derive(Debug, Default)]
pub(crate) struct SegmentDates(Vec<i64>);

impl SegmentDates {
    /// The published date of `doc` in UTC seconds, if it has one.
    pub(crate) fn of(&self, doc: DocId) -> Option<i64> {
        self.0.get(doc as usize).copied().filter(|t| *t != UNDATED)
    }
}

/// The dense dates of every segment (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct PublishedDates {
    segments: SegmentCache<SegmentDates>,
}

impl PublishedDates {
    /// `segment`'s dates, copied from the column on first use.
    pub(crate) fn segment(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentDates>> {
        self.segments.get_or_load(segment, |segment| {
            let Ok(column) = segment.fast_fields().i64("published") else {
                return Ok(SegmentDates::default());
            };
            let dates = (0..segment.max_doc())
                .map(|doc| column.first(doc).unwrap_or(UNDATED))
                .collect();
            Ok(SegmentDates(dates))
        })
    }

    /// Drops the copies of segments that `searcher` no longer has.
    pub(crate) fn forget_merged(&self, searcher: &tantivy::Searcher) {
        self.segments.forget_merged(searcher);
    }
}
