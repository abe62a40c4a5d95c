//! Indexing throughput and search latency on a JSON Lines archive.
//!
//! ```text
//! cargo run -p gazette-index --profile fast --example bench -- ../shared/data/corpus/bbc.jsonl 10
//! ```
//!
//! Indexes the file `COPIES` times (ids suffixed, dates spread over two years)
//! into a temporary index, then times typical requests and prints the median
//! and 95th percentile of each.

use std::error::Error;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use gazette_article::Article;
use gazette_index::{ArchiveIndex, Interval, SearchRequest, SortOrder};

const RUNS: usize = 30;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

fn time(
    label: &str,
    mut f: impl FnMut() -> Result<u64, Box<dyn Error>>,
) -> Result<(), Box<dyn Error>> {
    let mut samples = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        total = f()?;
        samples.push(started.elapsed());
    }
    samples.sort();
    println!(
        "{label:<44} total {total:>7}  p50 {:>7.2} ms  p95 {:>7.2} ms",
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bench FILE.jsonl [COPIES]")?;
    let copies: usize = args.next().map(|c| c.parse()).transpose()?.unwrap_or(1);
    let articles: Vec<Article> = std::fs::read_to_string(&path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    let dir = tempfile::tempdir()?;
    let index = ArchiveIndex::open(dir.path())?;
    let mut writer = index.writer()?;
    let start = Utc
        .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
        .single()
        .ok_or("date")?;
    let started = Instant::now();
    let mut n = 0usize;
    for copy in 0..copies {
        for article in &articles {
            let mut a = article.clone();
            a.id = format!("{}-{copy}", a.id);
            a.published = Some(start + chrono::Duration::hours((n * 7 % 17_520) as i64));
            writer.upsert(&a)?;
            n += 1;
            if n.is_multiple_of(5_000) {
                writer.commit()?;
            }
        }
    }
    writer.commit()?;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "indexed {n} articles in {elapsed:.1} s ({:.0} articles/s)",
        n as f64 / elapsed
    );

    let search = |q: &str, sort: SortOrder| {
        let mut req = SearchRequest::new(q);
        req.sort = sort;
        let index = index.clone();
        move || -> Result<u64, Box<dyn Error>> { Ok(index.search(&req)?.total) }
    };
    time("match all, newest", search("", SortOrder::Newest))?;
    time("two words", search("oil prices", SortOrder::Relevance))?;
    time("phrase", search("\"prime minister\"", SortOrder::Relevance))?;
    time(
        "boolean",
        search("(election OR vote) -football", SortOrder::Relevance),
    )?;
    time(
        "long natural-language query",
        search(
            "what did the government say about the rising cost of oil and gas for households",
            SortOrder::Relevance,
        ),
    )?;
    time("two words, hybrid", search("oil prices", SortOrder::Hybrid))?;
    let timeline_index = index.clone();
    time("timeline by week, two words", move || {
        Ok(timeline_index
            .timeline(&SearchRequest::new("oil prices"), Interval::Week)?
            .buckets
            .len() as u64)
    })?;
    let export_index = index.clone();
    time("export every match of one word", move || {
        let mut count = 0;
        for record in export_index.export(&SearchRequest::new("government"), None)? {
            record?;
            count += 1;
        }
        Ok(count)
    })?;
    Ok(())
}
