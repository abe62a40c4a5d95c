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

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::labels::Labels;
use crate::request::FacetField;
use crate::response::FacetValue;

/// Counts of facet paths (segments after the root, e.g. `["topic", "medtop:…", "medtop:…"]`).
pub(crate) type FacetCounts = HashMap<Vec<String>, u64>;

/// Counts every facet path of the matching documents under the given roots.
pub(crate) struct FacetCounter {
    pub roots: Vec<FacetField>,
}

pub(crate) struct SegmentFacetCounter {
    reader: Option<tantivy::fastfield::FacetReader>,
    counts: Vec<u64>,
    roots: Vec<&'static str>,
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let reader = segment.facet_reader("facets").ok();
        let size = reader.as_ref().map_or(0, |r| r.num_facets());
        Ok(SegmentFacetCounter {
            reader,
            counts: vec![0; size],
            roots: self.roots.iter().map(|r| r.name()).collect(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::new();
        for fruit in fruits {
            for (path, count) in fruit {
                *merged.entry(path).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(reader) = &self.reader {
            for ord in reader.facet_ords(doc) {
                if let Some(slot) = usize::try_from(ord)
                    .ok()
                    .and_then(|o| self.counts.get_mut(o))
                {
                    *slot += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut counts = FacetCounts::new();
        let Some(reader) = &self.reader else {
            return counts;
        };
        let mut facet = Facet::root();
        for (ord, count) in self.counts.iter().enumerate() {
            if *count == 0 || reader.facet_from_ord(ord as u64, &mut facet).is_err() {
                continue;
            }
            let path: Vec<String> = facet.to_path().into_iter().map(str::to_string).collect();
            if path
                .first()
                .is_some_and(|root| self.roots.contains(&root.as_str()))
            {
                counts.insert(path, *count);
            }
        }
        counts
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
