//! Crawler settings and source definitions: what the operator configures.

use std::time::Duration;

use regex::Regex;
use url::Url;

/// Global crawler knobs. `Default` gives the values of the spec's `[crawler]` section.
///
/// ```
/// let s = gazette_crawler::CrawlerSettings::default();
/// assert_eq!(s.concurrency, 16);
/// assert_eq!(s.per_host_delay.as_millis(), 1000);
/// ```
#[derive(Debug, Clone)]
pub struct CrawlerSettings {
    /// Sent on every request and matched against robots.txt user-agent groups.
    pub user_agent: String,
    /// Requests in flight overall.
    pub concurrency: usize,
    /// Minimum gap between two requests to one host; robots.txt Crawl-delay wins if larger.
    pub per_host_delay: Duration,
    /// Total time for one request, body included.
    pub request_timeout: Duration,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Largest body accepted, counted after content decoding (so gzip bombs stop here too).
    pub max_body_bytes: usize,
    /// Largest decompressed size of a gzipped sitemap file.
    pub max_sitemap_bytes: usize,
    /// Redirect hops followed from one URL.
    pub max_redirects: u32,
    /// Retries of one URL after a transient failure (timeout, 5xx, 429).
    pub max_retries: u32,
    /// First retry back-off; doubles with each attempt.
    pub retry_base_delay: Duration,
    /// Longest Retry-After honoured; longer requests give up on the URL for this job.
    pub max_retry_after: Duration,
    /// Pages fetched per host in one job (crawler-trap budget).
    pub max_pages_per_host: u32,
    /// Longer URLs are never fetched (crawler-trap guard).
    pub max_url_length: usize,
    /// A path segment repeated more often than this marks a trap (`/a/b/a/b/a/`).
    pub max_path_segment_repeats: usize,
    /// Path segments allowed in a URL (ever-growing paths).
    pub max_path_depth: usize,
    /// Entries read from one sitemap or feed.
    pub max_sitemap_entries: usize,
    /// Articles handed to the sink between two checkpoints (sink flush + state commit).
    pub checkpoint_every_articles: usize,
    /// Longest time between two checkpoints.
    pub checkpoint_interval: Duration,
    /// WARC files are rotated when they reach this size.
    pub warc_max_file_bytes: u64,
    /// Hamming distance at or under which two 64-bit simhashes are near-duplicates.
    /// Candidates are looked up by four 16-bit bands, so distances up to 3 are always
    /// found and larger ones usually (a copy with one added sentence is typically 3-5 bits away).
    pub near_duplicate_distance: u32,
}

impl Default for CrawlerSettings {
    fn default() -> Self {
        CrawlerSettings {
            user_agent: "gazette/0.1 (+https://github.com/gazette)".to_string(),
            concurrency: 16,
            per_host_delay: Duration::from_millis(1000),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 10 * 1024 * 1024,
            max_sitemap_bytes: 50 * 1024 * 1024,
            max_redirects: 5,
            max_retries: 3,
            retry_base_delay: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(120),
            max_pages_per_host: 5000,
            max_url_length: 2048,
            max_path_segment_repeats: 2,
            max_path_depth: 12,
            max_sitemap_entries: 50_000,
            checkpoint_every_articles: 50,
            checkpoint_interval: Duration::from_secs(10),
            warc_max_file_bytes: 1024 * 1024 * 1024,
            near_duplicate_distance: 5,
        }
    }
}

/// One configured news source: where to discover its articles and which pages count.
///
/// ```
/// use gazette_crawler::SourceSpec;
/// let s = SourceSpec::new("Example Wire")
///     .with_feed("https://example.org/rss.xml".parse().unwrap());
/// assert_eq!(s.feeds.len(), 1);
/// assert_eq!(s.max_depth, 1);
/// ```
#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// The `source` facet value of its articles.
    pub name: String,
    pub feeds: Vec<Url>,
    pub sitemaps: Vec<Url>,
    /// Pages whose links are followed.
    pub start_urls: Vec<Url>,
    /// Regexes over the full URL naming article pages; empty = pages that look like articles.
    pub allow: Vec<Regex>,
    /// Regexes over the full URL: such pages are never indexed.
    pub deny: Vec<Regex>,
    /// Link hops followed from a start URL, feed or sitemap entry (0 = none).
    pub max_depth: u32,
}

impl SourceSpec {
    /// A source with no entry points yet and `max_depth = 1`.
    pub fn new(name: impl Into<String>) -> Self {
        SourceSpec {
            name: name.into(),
            feeds: Vec::new(),
            sitemaps: Vec::new(),
            start_urls: Vec::new(),
            allow: Vec::new(),
            deny: Vec::new(),
            max_depth: 1,
        }
    }

    /// Adds a feed URL.
    pub fn with_feed(mut self, url: Url) -> Self {
        self.feeds.push(url);
        self
    }

    /// Adds a sitemap URL.
    pub fn with_sitemap(mut self, url: Url) -> Self {
        self.sitemaps.push(url);
        self
    }

    /// Adds a start URL.
    pub fn with_start_url(mut self, url: Url) -> Self {
        self.start_urls.push(url);
        self
    }

    /// Every configured entry point, feeds first.
    pub(crate) fn entry_points(&self) -> impl Iterator<Item = &Url> {
        self.feeds
            .iter()
            .chain(&self.sitemaps)
            .chain(&self.start_urls)
    }
}
