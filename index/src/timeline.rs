//! `ArchiveIndex::timeline`: matching articles per calendar day, ISO week, month or year.
//!
//! tantivy's `date_histogram` only knows fixed intervals, so documents are
//! counted per UTC day from the `published` fast field and the days are then
//! grouped into calendar buckets here.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::published::{PublishedDates, SegmentDates};
use crate::query::build::Target;
use crate::request::{Interval, SearchRequest};
use crate::response::{Timeline, TimelineBucket};
use crate::schema::KIND_ARTICLE;

/// Most buckets one timeline may have (ask for a wider interval beyond it).
pub const MAX_BUCKETS: usize = 20_000;

/// Documents per UTC day number, and how many had no date.
#[derive(Debug, Default)]
pub(crate) struct DayCounts {
    pub days: FxHashMap<i64, u64>,
    pub undated: u64,
}

/// The day counts of every article, for one searcher generation.
///
/// A timeline shows each bucket's share of all articles, and counting all of
/// them is a scan of the whole archive (a million documents: the bulk of a
/// timeline request, profiled). It changes only with a commit, so it is
/// counted once per searcher generation.
#[derive(Debug, Default)]
pub(crate) struct AllDays(RwLock<Option<(u64, Arc<DayCounts>)>>);

pub(crate) struct DayCounter {
    dates: Arc<PublishedDates>,
}

pub(crate) struct SegmentDayCounter {
    dates: Option<Arc<SegmentDates>>,
    counts: DayCounts,
}

impl Collector for DayCounter {
    type Fruit = DayCounts;
    type Child = SegmentDayCounter;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentDayCounter {
            dates: self.dates.segment(segment).ok(),
            counts: DayCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let mut merged = DayCounts::default();
        for fruit in fruits {
            merged.undated += fruit.undated;
            for (day, count) in fruit.days {
                *merged.days.entry(day).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentDayCounter {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.dates.as_ref().and_then(|d| d.of(doc)) {
            Some(ts) => *self.counts.days.entry(ts.div_euclid(86_400)).or_default() += 1,
            None => self.counts.undated += 1,
        }
    }

    fn harvest(self) -> DayCounts {
        self.counts
    }
}

/// The first day of the bucket holding `day`, and the bucket's key.
fn bucket_of(day: NaiveDate, interval: Interval) -> (NaiveDate, String) {
    match interval {
        Interval::Day => (day, day.format("%Y-%m-%d").to_string()),
        Interval::Week => {
            let week = day.iso_week();
            let start = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            (start, format!("{}-W{:02}", week.year(), week.week()))
        }
        Interval::Month => (
            day.with_day(1).unwrap_or(day),
            day.format("%Y-%m").to_string(),
        ),
        Interval::Year => (
            day.with_ordinal(1).unwrap_or(day),
            day.format("%Y").to_string(),
        ),
    }
}

/// The first day of the bucket after the one starting at `start`.
fn next_bucket(start: NaiveDate, interval: Interval) -> Option<NaiveDate> {
    match interval {
        Interval::Day => start.succ_opt(),
        Interval::Week => start.checked_add_signed(Duration::days(7)),
        Interval::Month => start.checked_add_months(chrono::Months::new(1)),
        Interval::Year => start.checked_add_months(chrono::Months::new(12)),
    }
}

impl ArchiveIndex {
    /// The day counts of all articles as `searcher` sees them (see [`AllDays`]).
    fn all_days(
        &self,
        searcher: &tantivy::Searcher,
        counter: &DayCounter,
    ) -> Result<Arc<DayCounts>, IndexError> {
        let generation = searcher.generation().generation_id();
        let cache = &self.inner.all_days.0;
        if let Some((seen, days)) = &*cache.read().unwrap_or_else(|p| p.into_inner())
            && *seen == generation
        {
            return Ok(days.clone());
        }
        let all: Box<dyn Query> = Box::new(self.kind_query(KIND_ARTICLE));
        let days = Arc::new(searcher.search(&*all, counter)?);
        *cache.write().unwrap_or_else(|p| p.into_inner()) = Some((generation, days.clone()));
        Ok(days)
    }
}

fn day_date(day: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(day.checked_mul(86_400)?, 0).map(|d| d.date_naive())
}

fn group(days: &FxHashMap<i64, u64>, interval: Interval) -> BTreeMap<NaiveDate, (String, u64)> {
    let mut buckets: BTreeMap<NaiveDate, (String, u64)> = BTreeMap::new();
    for (day, count) in days {
        if let Some(date) = day_date(*day) {
            let (start, key) = bucket_of(date, interval);
            buckets.entry(start).or_insert((key, 0)).1 += count;
        }
    }
    buckets
}

impl ArchiveIndex {
    /// Matching articles per calendar bucket, each with the bucket's total of
    /// all articles (`GET /api/timeline`). Buckets run from the first to the
    /// last bucket with a match; empty ones in between have count 0.
    pub fn timeline(
        &self,
        req: &SearchRequest,
        interval: Interval,
    ) -> Result<Timeline, IndexError> {
        let searcher = self.searcher();
        let (_, query) = self.restricted_query(
            &req.q,
            req.mode,
            Target::Articles,
            KIND_ARTICLE,
            &req.filters,
            None,
        )?;
        let counter = DayCounter {
            dates: self.published_dates(&searcher),
        };
        let matching = searcher.search(&*query, &counter)?;
        let everything = self.all_days(&searcher, &counter)?;
        let counts = group(&matching.days, interval);
        let totals = group(&everything.days, interval);
        let mut buckets = Vec::new();
        if let (Some(first), Some(last)) = (
            counts.keys().next().copied(),
            counts.keys().next_back().copied(),
        ) {
            let mut start = first;
            while start <= last {
                if buckets.len() >= MAX_BUCKETS {
                    return Err(IndexError::bad_request(format!(
                        "the timeline would have more than {MAX_BUCKETS} buckets; use a wider interval or a date range"
                    )));
                }
                let (key, count) = counts
                    .get(&start)
                    .cloned()
                    .unwrap_or_else(|| (bucket_of(start, interval).1, 0));
                let total = totals.get(&start).map_or(0, |(_, t)| *t);
                buckets.push(TimelineBucket {
                    key,
                    start,
                    count,
                    total,
                });
                match next_bucket(start, interval) {
                    Some(next) => start = next,
                    None => break,
                }
            }
        }
        Ok(Timeline {
            interval,
            buckets,
            undated: matching.undated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_start_on_monday_and_may_belong_to_the_previous_year() {
        let day = NaiveDate::from_ymd_opt(2021, 1, 3).unwrap();
        let (start, key) = bucket_of(day, Interval::Week);
        assert_eq!(key, "2020-W53");
        assert_eq!(start, NaiveDate::from_ymd_opt(2020, 12, 28).unwrap());
    }

    #[test]
    fn months_step_across_year_ends() {
        let dec = NaiveDate::from_ymd_opt(2023, 12, 1).unwrap();
        assert_eq!(
            next_bucket(dec, Interval::Month),
            NaiveDate::from_ymd_opt(2024, 1, 1)
        );
    }
}
