//! Global facet ordinals: one number per facet value across all segments, and
//! every document's values as those numbers.
//!
//! Each segment numbers its facet values (term ordinals) in its own facet
//! dictionary, which is compressed in blocks. Turning an ordinal back into its
//! value means decompressing a block, and a search that counts facets over many
//! matches has thousands of distinct values in every segment: profiled on a
//! million articles, those look-ups were two thirds of a search's time. So each
//! segment's dictionary is read once, in order, into global ids, and only the
//! few values shown are ever turned into text.
//!
//! Reading a document's ordinals from the bit-packed facet column was then the
//! largest cost (43% of a common-word search): so the same pass also lays every
//! document's global ids out flat in memory ([`SegmentFacets`], 4 bytes per
//! value: about 40 MB for a million articles), and counting is a walk over a
//! plain array. Segments are immutable, so this is valid for the segment's life
//! and only new segments (after a commit or a merge) are read; the tables of
//! segments that merged away are dropped when a newer searcher generation is
//! first seen.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::schema::Facet;
use tantivy::{Searcher, SegmentReader};

use crate::request::FacetField;
use crate::segment_cache::SegmentCache;

/// A facet value: its field and its path after the root
/// (e.g. `["medtop:16000000", "medtop:20000xxx"]` for a topic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FacetEntry {
    pub field: FacetField,
    pub path: Vec<String>,
}

/// Global id of a facet value ([`NOT_COUNTED`] for the roots and unknown fields).
pub(crate) type GlobalOrd = u32;
/// The id of dictionary entries that are not facet values (a root such as `/country`).
pub(crate) const NOT_COUNTED: GlobalOrd = GlobalOrd::MAX;

/// One segment's facet values per document, as global ids (roots left out).
#[derive(Debug, Default)]
pub(crate) struct SegmentFacets {
    /// `ids[starts[doc]..starts[doc + 1]]` are the values of `doc`.
    starts: Vec<u32>,
    ids: Vec<GlobalOrd>,
    /// One more than the largest id in `ids`.
    id_bound: usize,
}

impl SegmentFacets {
    /// The values of `doc` (empty for a document without facets or out of range).
    pub(crate) fn of(&self, doc: u32) -> &[GlobalOrd] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&start), Some(&end)) => self.ids.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// One more than the largest global id of this segment (the size of a count array).
    pub(crate) fn id_bound(&self) -> usize {
        self.id_bound
    }
}

/// The global ids handed out so far.
#[derive(Debug, Default)]
struct State {
    ids: HashMap<Vec<u8>, GlobalOrd>,
    entries: Vec<FacetEntry>,
}

/// The global ids of every segment's facet values (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct FacetOrdinals {
    state: RwLock<State>,
    segments: SegmentCache<SegmentFacets>,
}

impl FacetOrdinals {
    /// `segment`'s facet values per document, read on first use.
    pub(crate) fn segment(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        self.segments
            .get_or_load(segment, |segment| self.load(segment))
    }

    /// Forgets the tables of segments that `searcher` no longer has.
    pub(crate) fn forget_merged(&self, searcher: &Searcher) {
        self.segments.forget_merged(searcher);
    }

    fn load(&self, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let Ok(reader) = segment.facet_reader("facets") else {
            return Ok(SegmentFacets::default());
        };
        let mut values = Vec::with_capacity(reader.num_facets());
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            values.push((stream.term_ord(), stream.key().to_vec()));
        }
        let mut table = vec![NOT_COUNTED; reader.num_facets()];
        {
            let mut state = self.write();
            for (ord, encoded) in values {
                if let Some(slot) = usize::try_from(ord).ok().and_then(|o| table.get_mut(o)) {
                    *slot = state.intern(encoded);
                }
            }
        }
        let mut facets = SegmentFacets {
            starts: Vec::with_capacity(segment.max_doc() as usize + 1),
            ids: Vec::new(),
            id_bound: 0,
        };
        for doc in 0..segment.max_doc() {
            facets.starts.push(facets.ids.len() as u32);
            let ids = reader
                .facet_ords(doc)
                .filter_map(|ord| table.get(usize::try_from(ord).ok()?).copied())
                .filter(|id| *id != NOT_COUNTED);
            facets.ids.extend(ids);
        }
        facets.starts.push(facets.ids.len() as u32);
        facets.id_bound = facets.ids.iter().max().map_or(0, |m| *m as usize + 1);
        Ok(facets)
    }

    /// The entries of `ids` (in the same order; `None` for ids not known here).
    pub(crate) fn entries<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a GlobalOrd>,
    ) -> Vec<Option<FacetEntry>> {
        let state = self.read();
        ids.into_iter()
            .map(|id| state.entries.get(*id as usize).cloned())
            .collect()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every write is a
        // whole insert), so a poisoned lock is still usable.
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }
}

impl State {
    fn intern(&mut self, encoded: Vec<u8>) -> GlobalOrd {
        if let Some(id) = self.ids.get(&encoded) {
            return *id;
        }
        let Some(entry) = entry_of(&encoded) else {
            return NOT_COUNTED;
        };
        let Ok(id) = GlobalOrd::try_from(self.entries.len()) else {
            return NOT_COUNTED;
        };
        if id == NOT_COUNTED {
            return NOT_COUNTED;
        }
        self.entries.push(entry);
        self.ids.insert(encoded, id);
        id
    }
}

/// The entry of an encoded facet path, `None` for a root or an unknown field.
fn entry_of(encoded: &[u8]) -> Option<FacetEntry> {
    let facet = Facet::from_encoded(encoded.to_vec()).ok()?;
    let mut path = facet.to_path().into_iter();
    let root = path.next()?;
    let field = FacetField::ALL.into_iter().find(|f| f.name() == root)?;
    let path: Vec<String> = path.map(str::to_owned).collect();
    (!path.is_empty()).then_some(FacetEntry { field, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(path: &str) -> Vec<u8> {
        Facet::from_text(path)
            .expect("valid facet")
            .encoded_str()
            .as_bytes()
            .to_vec()
    }

    #[test]
    fn values_get_one_id_each_and_roots_none() {
        let mut state = State::default();
        let az = state.intern(encoded("/country/AZ"));
        let sub = state.intern(encoded("/topic/medtop:16000000/medtop:20000xxx"));
        assert_ne!(az, sub);
        assert_eq!(state.intern(encoded("/country/AZ")), az);
        assert_eq!(state.intern(encoded("/country")), NOT_COUNTED);
        assert_eq!(state.intern(encoded("/elsewhere/x")), NOT_COUNTED);
        assert_eq!(
            state.entries[sub as usize],
            FacetEntry {
                field: FacetField::Topic,
                path: vec!["medtop:16000000".into(), "medtop:20000xxx".into()]
            }
        );
    }
}
