//! What a query mix holds: its make-up, printed with every run, and the classes each
//! request's latency is reported under.

use std::fmt;

use crate::workload::{BenchQuery, QueryShape, SortKind};

/// How many requests of each kind the measured part of a mix holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composition {
    pub total: usize,
    pub words: usize,
    pub all_words: usize,
    pub phrases: usize,
    pub timelines: usize,
    /// Searches by number of filters (index 0 = unfiltered).
    pub by_filter_count: [usize; 4],
    pub newest: usize,
}

impl Composition {
    /// Counts the requests of each kind.
    pub fn of(queries: &[BenchQuery]) -> Composition {
        let mut c = Composition {
            total: queries.len(),
            ..Composition::default()
        };
        for query in queries {
            match query {
                BenchQuery::Timeline { .. } => c.timelines += 1,
                BenchQuery::Search {
                    shape,
                    filters,
                    sort,
                    ..
                } => {
                    match shape {
                        QueryShape::Word => c.words += 1,
                        QueryShape::AllWords => c.all_words += 1,
                        QueryShape::Phrase => c.phrases += 1,
                    }
                    c.by_filter_count[filters.len().min(3)] += 1;
                    c.newest += usize::from(*sort == SortKind::Newest);
                }
            }
        }
        c
    }
}

impl fmt::Display for Composition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = |n: usize| 100.0 * n as f64 / self.total.max(1) as f64;
        let searches = self.total - self.timelines;
        let filtered = searches - self.by_filter_count[0];
        writeln!(f, "query mix: {} measured requests", self.total)?;
        writeln!(
            f,
            "  searches {searches} ({:.0}%): one word {}, 2-4 words {}, phrases {}",
            share(searches),
            self.words,
            self.all_words,
            self.phrases
        )?;
        writeln!(
            f,
            "  filtered {filtered} ({:.0}% of searches; 1/2/3 filters: {}/{}/{}), newest first {} ({:.0}% of searches)",
            100.0 * filtered as f64 / searches.max(1) as f64,
            self.by_filter_count[1],
            self.by_filter_count[2],
            self.by_filter_count[3],
            self.newest,
            100.0 * self.newest as f64 / searches.max(1) as f64
        )?;
        write!(
            f,
            "  timelines {} ({:.0}%), by month",
            self.timelines,
            share(self.timelines)
        )
    }
}

/// The classes a request's latency is reported under: its shape, and `filtered` /
/// `newest` when they apply.
pub fn classes(query: &BenchQuery) -> Vec<&'static str> {
    match query {
        BenchQuery::Timeline { .. } => vec!["timeline"],
        BenchQuery::Search {
            shape,
            filters,
            sort,
            ..
        } => {
            let mut classes = vec![match shape {
                QueryShape::Word => "word",
                QueryShape::AllWords => "all-words",
                QueryShape::Phrase => "phrase",
            }];
            if !filters.is_empty() {
                classes.push("filtered");
            }
            if *sort == SortKind::Newest {
                classes.push("newest");
            }
            classes
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::FacetKind;

    #[test]
    fn classes_name_shape_filters_and_sort() {
        let query = BenchQuery::Search {
            shape: QueryShape::Phrase,
            words: vec!["interest".into(), "rates".into()],
            filters: vec![(FacetKind::Country, "GB".into())],
            sort: SortKind::Newest,
        };
        assert_eq!(classes(&query), vec!["phrase", "filtered", "newest"]);
        assert_eq!(
            classes(&BenchQuery::Timeline {
                words: vec!["oil".into()]
            }),
            vec!["timeline"]
        );
    }

    #[test]
    fn composition_counts_each_kind() {
        let search = |shape, filters: usize, sort| BenchQuery::Search {
            shape,
            words: vec!["oil".into()],
            filters: vec![(FacetKind::Source, "X".into()); filters],
            sort,
        };
        let queries = vec![
            search(QueryShape::Word, 0, SortKind::Relevance),
            search(QueryShape::Word, 2, SortKind::Newest),
            search(QueryShape::Phrase, 3, SortKind::Relevance),
            BenchQuery::Timeline {
                words: vec!["oil".into()],
            },
        ];
        let c = Composition::of(&queries);
        assert_eq!(
            (c.total, c.words, c.all_words, c.phrases, c.timelines),
            (4, 2, 0, 1, 1)
        );
        assert_eq!((c.by_filter_count, c.newest), ([1, 0, 1, 1], 1));
        assert!(
            c.to_string()
                .contains("filtered 2 (67% of searches; 1/2/3 filters: 0/1/1)"),
            "{c}"
        );
    }
}
