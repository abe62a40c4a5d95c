//! Progress callbacks: the binary turns them into progress bars or log lines.

use gazette_article::Article;

use crate::report::{CrawlStats, JobRecord};

/// Receives crawl progress. Every method has a no-op default; implement what you show.
///
/// ```
/// use gazette_crawler::CrawlObserver;
/// struct Count(std::sync::atomic::AtomicUsize);
/// impl CrawlObserver for Count {
///     fn article(&self, _: &gazette_article::Article, _: bool) {
///         self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///     }
/// }
/// ```
pub trait CrawlObserver: Send + Sync {
    /// A source's job started (or resumed, with `resumed = true`).
    fn job_started(&self, _source: &str, _job_id: &str, _resumed: bool) {}
    /// A response arrived (any status) or a fetch failed (`status = None`).
    fn page(&self, _source: &str, _url: &str, _status: Option<u16>) {}
    /// An article went to the sink; `is_new` is false for an update in place.
    fn article(&self, _article: &Article, _is_new: bool) {}
    /// Queue sizes changed: URLs waiting and URLs done so far in this run.
    fn frontier(&self, _queued: usize, _done: u64) {}
    /// A checkpoint made everything so far durable.
    fn checkpoint(&self, _stats: &CrawlStats) {}
    /// A source's job ended.
    fn job_finished(&self, _job: &JobRecord) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoopObserver;

impl CrawlObserver for NoopObserver {}
