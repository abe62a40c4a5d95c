//! The public entry point: [`Crawler`] owns the state store, the WARC writer, the HTTP
//! clients and the extraction pipeline; [`Crawler::run`] runs crawl jobs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tracing::Instrument;

use crate::analysis::Analyzer;
use crate::engine::Run;
use crate::error::CrawlError;
use crate::fetch::Downloader;
use crate::observer::CrawlObserver;
use crate::report::{CrawlReport, JobRecord};
use crate::robots::product_token;
use crate::settings::{CrawlerSettings, SourceSpec};
use crate::sink::ArticleSink;
use crate::state::StateStore;
use crate::warc::WarcWriter;

/// What the engine shares across a run.
pub(crate) struct Inner {
    pub settings: CrawlerSettings,
    pub state: StateStore,
    pub downloader: Downloader,
    /// `None` when replaying (nothing new is archived).
    pub warc: Option<Mutex<WarcWriter>>,
    pub analyzer: Arc<Analyzer>,
    /// The product token of the user agent, as robots rules name the crawler.
    pub robots_token: String,
}

impl Inner {
    pub fn new(
        settings: CrawlerSettings,
        state: StateStore,
        warc: Option<WarcWriter>,
    ) -> Result<Self, CrawlError> {
        Ok(Inner {
            downloader: Downloader::new(&settings)?,
            analyzer: Arc::new(Analyzer::new()),
            robots_token: product_token(&settings.user_agent),
            settings,
            state,
            warc: warc.map(Mutex::new),
        })
    }

    /// Runs `f` on the WARC writer (a no-op returning a placeholder id when replaying).
    pub fn with_warc<T: Default>(
        &self,
        f: impl FnOnce(&mut WarcWriter) -> Result<T, CrawlError>,
    ) -> Result<T, CrawlError> {
        match &self.warc {
            Some(lock) => {
                let mut writer = lock
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                f(&mut writer)
            }
            None => Ok(T::default()),
        }
    }
}

/// A polite, resumable, archiving news crawler over one data directory.
///
/// ```no_run
/// use gazette_crawler::{Crawler, CrawlerSettings, NoopObserver, SourceSpec};
/// # struct Index;
/// # impl gazette_crawler::ArticleSink for Index {
/// #     fn put(&mut self, _: gazette_article::Article) -> Result<(), gazette_crawler::SinkError> { Ok(()) }
/// #     fn flush(&mut self) -> Result<(), gazette_crawler::SinkError> { Ok(()) }
/// # }
/// # async fn demo() -> Result<(), gazette_crawler::CrawlError> {
/// let crawler = Crawler::open(CrawlerSettings::default(), std::path::Path::new("data"))?;
/// let source = SourceSpec::new("Example Wire").with_feed("https://example.org/rss.xml".parse().unwrap());
/// let report = crawler.run(&[source], &mut Index, &NoopObserver).await?;
/// println!("{} new articles", report.totals.articles_new);
/// # Ok(()) }
/// ```
pub struct Crawler {
    inner: Inner,
    data_dir: PathBuf,
    /// Serialises runs: two jobs of one crawler must not interleave their checkpoints.
    run_lock: tokio::sync::Mutex<()>,
}

impl Crawler {
    /// Opens (or creates) the crawl state `data_dir/crawl-state.redb` and the archive
    /// `data_dir/warc/`.
    pub fn open(settings: CrawlerSettings, data_dir: &Path) -> Result<Self, CrawlError> {
        std::fs::create_dir_all(data_dir).map_err(|e| CrawlError::io(data_dir, e))?;
        let state = StateStore::open(&data_dir.join("crawl-state.redb"))?;
        let warc = WarcWriter::open(data_dir, settings.warc_max_file_bytes, &settings.user_agent)?;
        Ok(Crawler {
            inner: Inner::new(settings, state, Some(warc))?,
            data_dir: data_dir.to_path_buf(),
            run_lock: tokio::sync::Mutex::new(()),
        })
    }

    /// The data directory this crawler works in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs one job per source to completion, resuming a source's unfinished job (after a
    /// crash or kill) instead of starting a new one. Failing pages are counted in the
    /// report, never returned as errors.
    pub async fn run(
        &self,
        sources: &[SourceSpec],
        sink: &mut dyn ArticleSink,
        progress: &dyn CrawlObserver,
    ) -> Result<CrawlReport, CrawlError> {
        let _guard = self.run_lock.lock().await;
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let span = tracing::info_span!("crawl", sources = ?names);
        Run::new(&self.inner, sink, progress)
            .run(sources)
            .instrument(span)
            .await
    }

    /// Past and running jobs, newest first; `source` filters by source name.
    pub fn job_history(&self, source: Option<&str>) -> Result<Vec<JobRecord>, CrawlError> {
        let mut jobs: Vec<JobRecord> = self
            .inner
            .state
            .jobs()?
            .into_iter()
            .filter(|j| source.is_none_or(|s| j.source == s))
            .collect();
        jobs.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| b.id.cmp(&a.id)));
        Ok(jobs)
    }
}
