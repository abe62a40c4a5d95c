//! The crawl engine: the loop that takes due URLs from the frontier, runs their fetches
//! concurrently (bounded by `concurrency`, one at a time per host), and hands each
//! response to the handlers in [`responses`] and [`articles`]. State is checkpointed in
//! batches: WARC fsync, then sink flush, then one redb transaction.

mod articles;
mod jobs;

pub(crate) use jobs::new_record;
mod responses;
mod robots_txt;
mod tasks;

pub(crate) use responses::article_rule;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use url::Url;

use crate::crawler::Inner;
use crate::discovery::{Discovered, UrlKind};
use crate::error::CrawlError;
use crate::frontier::{Frontier, FrontierEntry, host_key};
use crate::observer::CrawlObserver;
use crate::report::{CrawlReport, CrawlStats, JobRecord};
use crate::robots::{RobotsPolicy, robots_url};
use crate::scope::{Origin, SourceScope};
use crate::settings::SourceSpec;
use crate::sink::ArticleSink;
use crate::state::Batch;

pub(crate) use tasks::{Task, TaskDone};
use tasks::{TaskFuture, start, task_source};

/// One source's job while it runs.
pub(crate) struct Job {
    pub spec: SourceSpec,
    pub scope: SourceScope,
    pub record: JobRecord,
    /// Stats since the last checkpoint (added to `record.stats` when committed).
    pub stats: CrawlStats,
    pub seen: HashSet<String>,
    pub host_pages: HashMap<String, u32>,
    pub start_urls: HashSet<String>,
}

/// Everything one `run` call works on.
pub(crate) struct Run<'a> {
    pub inner: &'a Inner,
    pub sink: &'a mut dyn ArticleSink,
    pub observer: &'a dyn CrawlObserver,
    pub frontier: Frontier,
    pub jobs: BTreeMap<String, Job>,
    pub robots: HashMap<String, RobotsPolicy>,
    /// Origins whose robots.txt redirected: where to ask next, and after how many hops.
    pub robots_redirects: HashMap<String, (Url, u32)>,
    /// Origins whose robots.txt failed transiently: failures so far and when to ask again.
    pub robots_failures: HashMap<String, (u32, Instant)>,
    pub batch: Batch,
    pub done: u64,
    pub last_checkpoint: Instant,
}

impl<'a> Run<'a> {
    pub fn new(
        inner: &'a Inner,
        sink: &'a mut dyn ArticleSink,
        observer: &'a dyn CrawlObserver,
    ) -> Self {
        Run {
            inner,
            sink,
            observer,
            frontier: Frontier::new(inner.settings.per_host_delay),
            jobs: BTreeMap::new(),
            robots: HashMap::new(),
            robots_redirects: HashMap::new(),
            robots_failures: HashMap::new(),
            batch: Batch::default(),
            done: 0,
            last_checkpoint: Instant::now(),
        }
    }

    /// Runs the jobs of `sources` to completion (resuming unfinished ones).
    pub async fn run(mut self, sources: &'a [SourceSpec]) -> Result<CrawlReport, CrawlError> {
        let started = chrono::Utc::now();
        let clock = Instant::now();
        for spec in sources {
            self.open_job(spec)?;
        }
        self.checkpoint()?;
        let inner = self.inner;
        let mut in_flight: FuturesUnordered<TaskFuture<'a>> = FuturesUnordered::new();
        loop {
            let now = Instant::now();
            while in_flight.len() < inner.settings.concurrency.max(1) {
                let Some(entry) = self.frontier.pop_ready(now) else {
                    break;
                };
                if let Some(task) = self.prepare(entry)? {
                    let allow_private = self.allow_private(&task_source(&task));
                    in_flight.push(start(inner, task, allow_private));
                }
            }
            if in_flight.is_empty() && self.frontier.len() == 0 {
                break;
            }
            let wake = self.frontier.next_due();
            if in_flight.is_empty() && wake.is_none() {
                break;
            }
            let sleep_until = wake.unwrap_or_else(|| now + Duration::from_secs(3600));
            tokio::select! {
                Some(done) = in_flight.next(), if !in_flight.is_empty() => self.handle(done)?,
                () = tokio::time::sleep_until(sleep_until.into()) => {}
            }
            self.observer
                .frontier(self.frontier.len() + in_flight.len(), self.done);
            if self.checkpoint_due() {
                self.checkpoint()?;
            }
        }
        self.finish_jobs()?;
        let mut report = CrawlReport {
            started: Some(started),
            finished: Some(chrono::Utc::now()),
            elapsed_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
            ..CrawlReport::default()
        };
        for (name, job) in &self.jobs {
            report.totals.add(&job.record.stats);
            report
                .sources
                .insert(name.clone(), job.record.stats.clone());
            report.job_ids.push(job.record.id.clone());
        }
        Ok(report)
    }

    fn allow_private(&self, source: &str) -> bool {
        self.jobs
            .get(source)
            .is_some_and(|j| j.scope.private_network_allowed)
    }

    /// Pop-time checks (robots.txt, host budget); returns the task to run, if any.
    fn prepare(&mut self, entry: FrontierEntry) -> Result<Option<Task>, CrawlError> {
        let host = host_key(&entry.url);
        let Ok(url) = Url::parse(&entry.url) else {
            self.frontier.release_unused(&host);
            self.mark_done(&entry);
            return Ok(None);
        };
        let Some(origin) = Origin::of(&url).map(|o| o.authority()) else {
            self.frontier.release_unused(&host);
            self.mark_done(&entry);
            return Ok(None);
        };
        if let Some((_, not_before)) = self.robots_failures.get(&origin)
            && *not_before > Instant::now()
            && !self.robots.contains_key(&origin)
        {
            // robots.txt is backing off: every URL of the origin waits with it.
            let not_before = *not_before;
            self.frontier.release_unused(&host);
            self.frontier.push_at(entry, Some(not_before));
            return Ok(None);
        }
        let Some(policy) = self.robots.get(&origin) else {
            let (robots, hops) = match self.robots_redirects.get(&origin) {
                Some((target, hops)) => (target.clone(), *hops),
                None => match robots_url(&url) {
                    Some(robots) => (robots, 0),
                    None => {
                        self.frontier.release_unused(&host);
                        self.mark_done(&entry);
                        return Ok(None);
                    }
                },
            };
            return Ok(Some(Task::Robots {
                origin,
                entry,
                url: robots,
                hops,
            }));
        };
        let allowed = policy.allowed(&url);
        let Some(job) = self.jobs.get_mut(&entry.source) else {
            self.frontier.release_unused(&host);
            return Ok(None);
        };
        if !allowed {
            job.stats.robots_blocked += 1;
            crate::report::record_counter("gazette_crawler_robots_blocked_total");
            tracing::debug!(url = %entry.url, "blocked by robots.txt");
            self.frontier.release_unused(&host);
            self.mark_done(&entry);
            return Ok(None);
        }
        let pages = job.host_pages.entry(host.clone()).or_default();
        *pages += 1;
        if *pages > self.inner.settings.max_pages_per_host {
            job.stats.urls_refused += 1;
            job.stats.count_error("host_budget");
            self.frontier.release_unused(&host);
            self.mark_done(&entry);
            return Ok(None);
        }
        let want_links = entry.kind == UrlKind::Page && entry.depth < job.spec.max_depth;
        let validators = self
            .inner
            .state
            .url_record(&self.batch, &entry.url)?
            .map(|r| r.validators)
            .filter(|v| v.etag.is_some() || v.last_modified.is_some());
        let rule = article_rule(&job.spec, &entry.url);
        Ok(Some(Task::Fetch {
            entry,
            want_links,
            validators,
            rule,
        }))
    }

    /// Queues a discovered URL for `source` unless it was seen in this job or is refused.
    pub fn enqueue(
        &mut self,
        source: &str,
        found: Discovered,
        depth: u32,
        redirected_from: Vec<String>,
    ) {
        let Some(job) = self.jobs.get_mut(source) else {
            return;
        };
        let url = found.url.to_string();
        if job.seen.contains(&url) {
            return;
        }
        job.seen.insert(url.clone());
        self.batch.seen.insert((source.to_string(), url.clone()));
        if let Err(refusal) = job.scope.check(&found.url) {
            job.stats.urls_refused += 1;
            tracing::debug!(%url, ?refusal, "URL refused");
            return;
        }
        let entry = FrontierEntry {
            source: source.to_string(),
            url: url.clone(),
            kind: found.kind,
            depth,
            hint: found.hint,
            redirected_from,
            attempts: 0,
        };
        self.batch
            .frontier_put
            .insert((source.to_string(), url), entry.clone());
        self.frontier.push(entry);
    }

    /// The entry is finished: it leaves the persisted frontier at the next checkpoint.
    pub fn mark_done(&mut self, entry: &FrontierEntry) {
        let key = (entry.source.clone(), entry.url.clone());
        self.batch.frontier_put.remove(&key);
        self.batch.frontier_remove.insert(key);
        self.done += 1;
    }

    fn checkpoint_due(&self) -> bool {
        let settings = &self.inner.settings;
        self.batch.articles.len() >= settings.checkpoint_every_articles
            || (self.last_checkpoint.elapsed() >= settings.checkpoint_interval
                && !self.batch.is_empty())
    }

    /// Makes progress durable: WARC fsync, sink put + flush, then the state transaction.
    pub fn checkpoint(&mut self) -> Result<(), CrawlError> {
        self.inner.with_warc(|w| w.flush())?;
        let batch = std::mem::take(&mut self.batch);
        for article in batch.articles.values() {
            self.sink.put(article.clone())?;
        }
        self.sink.flush()?;
        let mut batch = batch;
        for job in self.jobs.values_mut() {
            job.record.stats.add(&job.stats);
            job.stats = CrawlStats::default();
            batch.jobs.insert(job.record.id.clone(), job.record.clone());
        }
        self.inner.state.commit(&batch)?;
        self.last_checkpoint = Instant::now();
        let mut totals = CrawlStats::default();
        for job in self.jobs.values() {
            totals.add(&job.record.stats);
        }
        self.observer.checkpoint(&totals);
        Ok(())
    }
}
