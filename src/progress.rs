//! Progress and logs: bars on a terminal, structured log lines otherwise.
//!
//! Long-running work (crawl, import, reindex) shows an indicatif bar when stderr
//! is a terminal; under cron or CI the bar is hidden and `tracing` writes JSON
//! lines instead, so the output can be collected and searched.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use tracing_subscriber::EnvFilter;

/// Installs the global tracing subscriber. `RUST_LOG` overrides the level.
pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn,html5ever=error,gazette=info,gazette_crawler=info",
        1 => "info",
        _ => "debug,html5ever=info,selectors=info,tantivy=info",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = if std::io::stderr().is_terminal() {
        builder.compact().try_init()
    } else {
        builder.json().flatten_event(true).try_init()
    };
}

/// A spinner counting items, or a hidden bar when stderr is not a terminal.
pub fn spinner(message: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner().with_message(message);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {pos} [{elapsed}] {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Crawl progress as a terminal bar: pages fetched, articles stored, queue length.
pub struct CrawlProgress {
    bar: ProgressBar,
    articles: std::sync::atomic::AtomicU64,
}

impl CrawlProgress {
    pub fn new() -> Self {
        CrawlProgress {
            bar: spinner("crawling"),
            articles: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl gazette_crawler::CrawlObserver for CrawlProgress {
    fn job_started(&self, source: &str, job_id: &str, resumed: bool) {
        let verb = if resumed { "resuming" } else { "starting" };
        self.bar
            .suspend(|| tracing::info!(source, job_id, "{verb} crawl job"));
    }

    fn page(&self, _source: &str, _url: &str, _status: Option<u16>) {
        self.bar.inc(1);
    }

    fn article(&self, _article: &gazette_article::Article, _is_new: bool) {
        let n = self
            .articles
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        self.bar.set_message(format!("crawling ({n} articles)"));
    }

    fn job_finished(&self, job: &gazette_crawler::JobRecord) {
        self.bar.suspend(|| {
            tracing::info!(
                source = %job.source,
                pages = job.stats.pages(),
                new = job.stats.articles_new,
                updated = job.stats.articles_updated,
                "crawl job finished"
            )
        });
    }
}
