//! gazette's crawler: discovery (feeds, sitemaps, links), a per-host polite frontier,
//! a hardened fetcher (robots.txt, retries, limits, SSRF guard), a WARC archive, and the
//! item pipeline (extraction, enrichment, dedup) that hands [`Article`]s to a sink.
//!
//! # Public API
//!
//! ```text
//! CrawlerSettings { user_agent, concurrency, per_host_delay, request_timeout, connect_timeout,
//!                   max_body_bytes, max_redirects, max_retries, max_pages_per_host, max_url_length, .. }
//! SourceSpec { name, feeds, sitemaps, start_urls, allow, deny, max_depth }
//! trait ArticleSink: Send { fn put(&mut self, Article) -> Result<(), SinkError>; fn flush(&mut self) -> Result<(), SinkError>; }
//! trait CrawlObserver: Send + Sync { job_started, page, article, frontier, checkpoint, job_finished }  (all default no-ops)
//! Crawler::open(settings, data_dir) -> Result<Crawler, CrawlError>
//! Crawler::run(&self, &[SourceSpec], &mut dyn ArticleSink, &dyn CrawlObserver).await -> Result<CrawlReport, CrawlError>
//! Crawler::job_history(&self, Option<&str>) -> Result<Vec<JobRecord>, CrawlError>
//! replay_archive(data_dir, &mut dyn ArticleSink, &dyn CrawlObserver) -> Result<ReplayReport, CrawlError>
//! normalize_url(&Url) -> Option<Url>
//! ```
//!
//! Data flows: sources -> discovery -> frontier -> fetch (robots, politeness, retries)
//! -> WARC -> extraction + enrichment -> dedup -> sink. State (frontier, seen URLs,
//! validators, dedup indexes, jobs) lives in `data_dir/crawl-state.redb`; responses in
//! `data_dir/warc/*.warc.gz`. A URL is marked done only after the sink flushed its
//! article, so a crawl killed at any point resumes with nothing lost or duplicated.
//!
//! Metrics (via the `metrics` facade; the binary installs a recorder):
//! `gazette_crawler_pages_total{status}`, `gazette_crawler_bytes_total`,
//! `gazette_crawler_fetch_seconds` (histogram), `gazette_crawler_robots_blocked_total`,
//! `gazette_crawler_retries_total`, `gazette_crawler_dedup_hits_total`,
//! `gazette_crawler_articles_new_total`, `gazette_crawler_articles_updated_total`,
//! `gazette_crawler_errors_total{kind}`.

mod analysis;
mod crawler;
mod dedup;
mod discovery;
mod engine;
mod error;
mod fetch;
mod frontier;
mod normalize;
mod observer;
mod replay;
mod report;
mod robots;
mod scope;
mod settings;
mod sink;
mod state;
mod warc;

pub use gazette_article::Article;

pub use crate::crawler::Crawler;
pub use crate::error::{CrawlError, SinkError};
pub use crate::normalize::normalize_url;
pub use crate::observer::{CrawlObserver, NoopObserver};
pub use crate::replay::replay_archive;
pub use crate::report::{CrawlReport, CrawlStats, JobRecord, JobStatus, ReplayReport};
pub use crate::settings::{CrawlerSettings, SourceSpec};
pub use crate::sink::ArticleSink;
