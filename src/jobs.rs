//! Crawl jobs under `gazette serve`: each source's cron schedule (UTC), runs on
//! demand (`POST /api/crawl`), and their status (`GET /api/jobs`).
//!
//! Runs are serialised through one lock: the index has a single writer, and a job
//! must never overlap itself. A trigger while a run is in progress is reported as
//! "already running" rather than queued, so a stuck source cannot pile up runs.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use chrono::{DateTime, Utc};
use gazette_crawler::{CrawlReport, Crawler, NoopObserver};
use gazette_index::ArchiveIndex;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::ScheduledSource;
use crate::server::state::{JobControl, JobError, TriggerOutcome};
use crate::sink::IndexSink;

/// The scheduler and run history of every configured source.
pub struct CrawlJobs {
    /// Lets `trigger(&self)` hand an owned handle to the task it spawns.
    me: Weak<CrawlJobs>,
    crawler: Arc<Crawler>,
    index: Arc<ArchiveIndex>,
    sources: Vec<ScheduledSource>,
    status: Mutex<BTreeMap<String, SourceStatus>>,
    run_lock: tokio::sync::Mutex<()>,
    runtime: tokio::runtime::Handle,
}

/// What `GET /api/jobs` shows for one source.
#[derive(Debug, Clone, Default, Serialize)]
struct SourceStatus {
    schedule: String,
    running: bool,
    next_run: Option<DateTime<Utc>>,
    last_started: Option<DateTime<Utc>>,
    last_finished: Option<DateTime<Utc>>,
    last_error: Option<String>,
    last_report: Option<CrawlReport>,
}

impl CrawlJobs {
    /// Creates the jobs and spawns one scheduler task per source on `runtime`.
    pub fn start(
        crawler: Arc<Crawler>,
        index: Arc<ArchiveIndex>,
        sources: Vec<ScheduledSource>,
        runtime: tokio::runtime::Handle,
    ) -> Arc<Self> {
        let status = sources
            .iter()
            .map(|s| {
                let next = s.schedule.find_next_occurrence(&Utc::now(), false).ok();
                let status = SourceStatus {
                    schedule: s.schedule_text.clone(),
                    next_run: next,
                    ..SourceStatus::default()
                };
                (s.spec.name.clone(), status)
            })
            .collect();
        let jobs = Arc::new_cyclic(|me| CrawlJobs {
            me: me.clone(),
            crawler,
            index,
            sources,
            status: Mutex::new(status),
            run_lock: tokio::sync::Mutex::new(()),
            runtime,
        });
        for source in &jobs.sources {
            let jobs = Arc::clone(&jobs);
            let name = source.spec.name.clone();
            jobs.runtime
                .clone()
                .spawn(async move { jobs.schedule_loop(name).await });
        }
        jobs
    }

    async fn schedule_loop(self: Arc<Self>, name: String) {
        let Some(source) = self.sources.iter().find(|s| s.spec.name == name) else {
            return;
        };
        loop {
            let now = Utc::now();
            let Ok(next) = source.schedule.find_next_occurrence(&now, false) else {
                tracing::warn!(source = %name, "schedule has no next occurrence; scheduler stops");
                return;
            };
            self.update(&name, |s| s.next_run = Some(next));
            let wait = (next - now).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
            if self.is_running(&name) {
                tracing::info!(source = %name, "previous run still in progress; skipping this slot");
                continue;
            }
            Arc::clone(&self).run_source(name.clone()).await;
        }
    }

    fn is_running(&self, name: &str) -> bool {
        self.lock_status().get(name).is_some_and(|s| s.running)
    }

    fn lock_status(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, SourceStatus>> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, name: &str, change: impl FnOnce(&mut SourceStatus)) {
        if let Some(status) = self.lock_status().get_mut(name) {
            change(status);
        }
    }

    /// Runs one source now, waiting for any other run to finish first.
    async fn run_source(self: Arc<Self>, name: String) {
        let Some(spec) = self
            .sources
            .iter()
            .find(|s| s.spec.name == name)
            .map(|s| s.spec.clone())
        else {
            return;
        };
        self.update(&name, |s| s.running = true);
        let _guard = self.run_lock.lock().await;
        self.update(&name, |s| s.last_started = Some(Utc::now()));
        tracing::info!(source = %name, "crawl job started");
        let outcome = match IndexSink::new(&self.index) {
            Ok(mut sink) => self
                .crawler
                .run(std::slice::from_ref(&spec), &mut sink, &NoopObserver)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("the index is busy: {e}")),
        };
        let _ = self.index.reload();
        self.update(&name, |s| {
            s.running = false;
            s.last_finished = Some(Utc::now());
            match outcome {
                Ok(report) => {
                    tracing::info!(source = %name, ?report, "crawl job finished");
                    s.last_error = None;
                    s.last_report = Some(report);
                }
                Err(e) => {
                    tracing::error!(source = %name, error = %e, "crawl job failed");
                    s.last_error = Some(e);
                }
            }
        });
    }
}

impl JobControl for CrawlJobs {
    fn trigger(&self, source: Option<String>) -> Result<TriggerOutcome, JobError> {
        let names: Vec<String> = match source {
            Some(name) => {
                if !self.sources.iter().any(|s| s.spec.name == name) {
                    return Err(JobError::UnknownSource(name));
                }
                vec![name]
            }
            None => self.sources.iter().map(|s| s.spec.name.clone()).collect(),
        };
        if names.is_empty() {
            return Err(JobError::Failed("no sources are configured".into()));
        }
        if names.iter().all(|n| self.is_running(n)) {
            return Ok(TriggerOutcome::AlreadyRunning);
        }
        let Some(jobs) = self.me.upgrade() else {
            return Err(JobError::Failed("the scheduler is shutting down".into()));
        };
        for name in names.into_iter().filter(|n| !self.is_running(n)) {
            self.update(&name, |s| s.running = true);
            let jobs = Arc::clone(&jobs);
            self.runtime
                .spawn(async move { jobs.run_source(name).await });
        }
        Ok(TriggerOutcome::Started)
    }

    fn status(&self) -> Value {
        let sources = self.lock_status().clone();
        let history = self.crawler.job_history(None).unwrap_or_default();
        json!({ "sources": sources, "history": history })
    }
}
