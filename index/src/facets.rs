//! Facet counting: a collector over the `facets` field, and the disjunctive logic.
//!
//! Facet values are counted from the facet column of each matching document;
//! the topic facet stores every prefix of a topic's path, so a parent topic's
//! count is the number of articles with it or any of its descendants (roll-up).
//!
//! Disjunctive counts: the counts of a facet with a selection come from the
//! query with every filter except that facet's own; facets without a selection
//! share the fully filtered run.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facet_ordinals::{FacetOrdinals, GlobalOrd, SegmentFacets};
use crate::labels::Labels;
use crate::request::FacetField;
use crate::response::FacetValue;

/// Counts of facet paths (segments after the root, e.g. `["topic", "medtop:…", "medtop:…"]`).
pub(crate) type FacetCounts = HashMap<Vec<String>, u64>;

/// Counts every facet path of the matching documents under the given roots.
pub(crate) struct FacetCounter {
    pub roots: Vec<FacetField>,
    pub ordinals: Arc<FacetOrdinals>,
}

/// Matching documents buffered before their values are counted.
const COUNT_BATCH: usize = 256;

/// Counts one segment's facet values in a plain array of global ids (see [`crate::facet_ordinals`]).
///
/// Documents are counted in batches rather than one by one as they match: reading
/// a document's values is a cache miss, and a tight loop over a batch lets the
/// processor wait for many of them at once instead of one after each match
/// (profiled: most of a common-word search was spent waiting on these loads).
pub(crate) struct SegmentFacetCounter {
    facets: Arc<SegmentFacets>,
    counts: Vec<u32>,
    pending: Vec<DocId>,
}

impl SegmentFacetCounter {
    fn count_pending(&mut self) {
        for doc in &self.pending {
            prefetch(self.facets.of(*doc));
        }
        for doc in self.pending.drain(..) {
            for id in self.facets.of(doc) {
                if let Some(slot) = self.counts.get_mut(*id as usize) {
                    *slot += 1;
                }
            }
        }
    }
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let facets = self.ordinals.segment(segment)?;
        Ok(SegmentFacetCounter {
            counts: vec![0; facets.id_bound()],
            facets,
            pending: Vec::with_capacity(COUNT_BATCH),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(GlobalOrd, u64)>>) -> tantivy::Result<FacetCounts> {
        let mut totals: HashMap<GlobalOrd, u64> = HashMap::new();
        for (id, count) in fruits.into_iter().flatten() {
            *totals.entry(id).or_default() += count;
        }
        let (ids, counts): (Vec<GlobalOrd>, Vec<u64>) = totals.into_iter().unzip();
        let entries = self.ordinals.entries(&ids);
        Ok(entries
            .into_iter()
            .zip(counts)
            .filter_map(|(entry, count)| {
                let entry = entry.filter(|e| self.roots.contains(&e.field))?;
                let mut path = Vec::with_capacity(entry.path.len() + 1);
                path.push(entry.field.name().to_owned());
                path.extend(entry.path);
                Some((path, count))
            })
            .collect())
    }
}

/// Asks the processor to start loading `values` into the cache, so that the loads of
/// a whole batch overlap instead of each waiting its turn (a hint: it never faults).
#[inline]
fn prefetch(values: &[GlobalOrd]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch reads nothing and cannot fault; the pointer is into a live slice.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(values.as_ptr().cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = values;
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<(GlobalOrd, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.pending.push(doc);
        if self.pending.len() >= COUNT_BATCH {
            self.count_pending();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.pending.extend_from_slice(docs);
        self.count_pending();
    }

    fn harvest(mut self) -> Self::Fruit {
        self.count_pending();
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(id, count)| (id as GlobalOrd, u64::from(*count)))
            .collect()
    }
}

/// The values of one facet from raw counts, most frequent first.
///
/// For topics, top-level topics come in count order, each followed by its
/// sub-topics (count order); `limit` bounds the number of top-level entries
/// and of sub-topics under each.
pub(crate) fn facet_values(
    field: FacetField,
    counts: &FacetCounts,
    labels: &Labels,
    limit: usize,
) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .iter()
        .filter(|(path, _)| {
            path.first().map(String::as_str) == Some(field.name()) && path.len() >= 2
        })
        .map(|(path, count)| {
            let value = path.last().cloned().unwrap_or_default();
            let label = match field {
                FacetField::Country => labels.country_label(&value),
                FacetField::Topic => labels.topic_label(&value),
                FacetField::Expert | FacetField::Source => value.clone(),
            };
            let parent = (path.len() > 2).then(|| path[path.len() - 2].clone());
            FacetValue {
                value,
                label,
                count: *count,
                parent,
            }
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    if field != FacetField::Topic {
        values.truncate(limit);
        return values;
    }
    let mut ordered = Vec::new();
    let roots: Vec<FacetValue> = values
        .iter()
        .filter(|v| v.parent.is_none())
        .take(limit)
        .cloned()
        .collect();
    for root in roots {
        ordered.push(root.clone());
        append_children(&values, &root.value, limit, &mut ordered, 0);
    }
    ordered
}

fn append_children(
    values: &[FacetValue],
    parent: &str,
    limit: usize,
    out: &mut Vec<FacetValue>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    for child in values
        .iter()
        .filter(|v| v.parent.as_deref() == Some(parent))
        .take(limit)
    {
        out.push(child.clone());
        append_children(values, &child.value, limit, out, depth + 1);
    }
}
