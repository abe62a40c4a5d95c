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
//! Behaviour worth knowing as an operator:
//! - Scope: a source fetches only from the origins (scheme, host, port) of its configured
//!   URLs (plus the https upgrade of an http origin); links elsewhere are never requested.
//! - Politeness: one request at a time per host, `per_host_delay` apart, or the robots.txt
//!   Crawl-delay when larger. robots.txt follows RFC 9309 (redirects followed, 4xx = allow
//!   all, 5xx/429/unreachable = retried, then nothing allowed for this job); page-level
//!   `noindex`/`nofollow` (meta robots, `X-Robots-Tag`) are honoured.
//! - Discovery: feeds (RSS, Atom, RDF, and feeds advertised by start pages), sitemaps
//!   (indexes, gzip, Google News), `Sitemap:` lines of robots.txt, links up to `max_depth`.
//! - Second and later runs send conditional GETs; a 304 or an unchanged body delivers
//!   nothing, a changed article is delivered again under the same id.
//! - Duplicates (same canonical URL, same text, or a near-identical syndicated copy) are
//!   delivered once; the other URLs go to the original's `duplicate_urls`.
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
