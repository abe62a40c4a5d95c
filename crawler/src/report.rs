//! What a crawl did: counters per source and in total, job records, and the Prometheus
//! counters (via the `metrics` facade; the binary installs the recorder).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Counters of one crawl (or one source's part of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrawlStats {
    /// Responses by HTTP status code (as a string key, e.g. `"200"`, `"304"`).
    pub pages_by_status: BTreeMap<String, u64>,
    /// Body bytes received (decoded).
    pub bytes: u64,
    pub articles_new: u64,
    pub articles_updated: u64,
    /// Articles fetched again and found identical (304 or same content).
    pub articles_unchanged: u64,
    pub robots_blocked: u64,
    pub retries: u64,
    /// Pages recognised as a copy of an article already stored (canonical, hash or simhash).
    pub dedup_hits: u64,
    /// Failures by kind (`timeout`, `too_large`, `not_html`, `redirect_loop`, `http_404` ...).
    pub errors_by_kind: BTreeMap<String, u64>,
    /// URLs refused before fetching (off-scope, trap, private address, budget).
    pub urls_refused: u64,
}

impl CrawlStats {
    pub(crate) fn count_status(&mut self, status: u16) {
        *self.pages_by_status.entry(status.to_string()).or_default() += 1;
    }

    pub(crate) fn count_error(&mut self, kind: &str) {
        *self.errors_by_kind.entry(kind.to_string()).or_default() += 1;
        metrics::counter!("gazette_crawler_errors_total", "kind" => kind.to_string()).increment(1);
    }

    /// Pages fetched (any status).
    pub fn pages(&self) -> u64 {
        self.pages_by_status.values().sum()
    }

    pub(crate) fn add(&mut self, other: &CrawlStats) {
        for (k, v) in &other.pages_by_status {
            *self.pages_by_status.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.errors_by_kind {
            *self.errors_by_kind.entry(k.clone()).or_default() += v;
        }
        self.bytes += other.bytes;
        self.articles_new += other.articles_new;
        self.articles_updated += other.articles_updated;
        self.articles_unchanged += other.articles_unchanged;
        self.robots_blocked += other.robots_blocked;
        self.retries += other.retries;
        self.dedup_hits += other.dedup_hits;
        self.urls_refused += other.urls_refused;
    }
}

/// The result of [`crate::Crawler::run`]: totals and the breakdown per source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CrawlReport {
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
    pub elapsed_ms: u64,
    pub totals: CrawlStats,
    pub sources: BTreeMap<String, CrawlStats>,
    /// Job ids run (one per source), resumed or new.
    pub job_ids: Vec<String>,
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Running, or interrupted (killed) and waiting to be resumed by the next run.
    Running,
    Finished,
}

/// One crawl job of one source, as kept in the job history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    pub source: String,
    pub started: DateTime<Utc>,
    pub finished: Option<DateTime<Utc>>,
    pub status: JobStatus,
    /// How many times the job was resumed after an interruption.
    #[serde(default)]
    pub resumed: u32,
    pub stats: CrawlStats,
}

/// The result of [`crate::replay_archive`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReplayReport {
    pub files: u64,
    pub records: u64,
    pub pages: u64,
    pub articles: u64,
    pub dedup_hits: u64,
    pub skipped_not_article: u64,
}

/// Records one response in the Prometheus counters.
pub(crate) fn record_fetch_metrics(status: u16, bytes: usize, latency: Duration) {
    let class = format!("{}xx", status / 100);
    metrics::counter!("gazette_crawler_pages_total", "status" => class).increment(1);
    metrics::counter!("gazette_crawler_bytes_total").increment(bytes as u64);
    metrics::histogram!("gazette_crawler_fetch_seconds").record(latency.as_secs_f64());
}

pub(crate) fn record_counter(name: &'static str) {
    metrics::counter!(name).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_add_up() {
        let mut a = CrawlStats::default();
        a.count_status(200);
        a.count_error("timeout");
        let mut b = CrawlStats {
            bytes: 10,
            ..CrawlStats::default()
        };
        b.count_status(200);
        b.count_status(404);
        a.add(&b);
        assert_eq!(a.pages(), 3);
        assert_eq!(a.pages_by_status["200"], 2);
        assert_eq!(a.bytes, 10);
        assert_eq!(a.errors_by_kind["timeout"], 1);
    }
}
