//! Starting, resuming and finishing a source's crawl job.

use std::collections::{HashMap, HashSet};

use chrono::Utc;

use super::{Job, Run};
use crate::discovery::{Discovered, PageHint, UrlKind};
use crate::error::CrawlError;
use crate::normalize::normalize_url;
use crate::report::{CrawlStats, JobRecord, JobStatus};
use crate::scope::SourceScope;
use crate::settings::SourceSpec;

impl Run<'_> {
    /// Resumes the source's unfinished job from the state store, or starts a new one
    /// seeded with its feeds, sitemaps and start URLs.
    pub(super) fn open_job(&mut self, spec: &SourceSpec) -> Result<(), CrawlError> {
        if spec.entry_points().next().is_none() {
            return Err(CrawlError::InvalidSource {
                source_name: spec.name.clone(),
                reason: "no feeds, sitemaps or start URLs".into(),
            });
        }
        let state = &self.inner.state;
        let resumed = match state.active_job(&spec.name)? {
            Some(id) => state.job(&id)?,
            None => None,
        };
        let (record, resumed) = match resumed {
            Some(mut record) => {
                record.resumed += 1;
                (record, true)
            }
            None => (new_record(&spec.name), false),
        };
        self.observer.job_started(&spec.name, &record.id, resumed);
        tracing::info!(source = %spec.name, job = %record.id, resumed, "crawl job started");
        self.batch
            .active_jobs
            .insert(spec.name.clone(), Some(record.id.clone()));
        self.register_job(spec, record);
        if resumed {
            let (entries, seen) = state.job_frontier(&spec.name)?;
            if let Some(job) = self.jobs.get_mut(&spec.name) {
                job.seen.extend(seen);
                for entry in &entries {
                    job.seen.insert(entry.url.clone());
                }
            }
            for entry in entries {
                self.frontier.push(entry);
            }
        } else {
            let seeds = spec
                .feeds
                .iter()
                .map(|u| (u, UrlKind::Feed))
                .chain(spec.sitemaps.iter().map(|u| (u, UrlKind::Sitemap)))
                .chain(spec.start_urls.iter().map(|u| (u, UrlKind::Page)));
            let seeds: Vec<Discovered> = seeds
                .filter_map(|(u, kind)| {
                    normalize_url(u).map(|url| Discovered {
                        url,
                        kind,
                        hint: PageHint::default(),
                    })
                })
                .collect();
            for seed in seeds {
                self.enqueue(&spec.name, seed, 0, Vec::new());
            }
        }
        Ok(())
    }

    /// Adds a running job for `spec` with no URLs queued yet.
    pub(crate) fn register_job(&mut self, spec: &SourceSpec, record: JobRecord) {
        let scope = SourceScope::new(spec, &self.inner.settings);
        let start_urls = spec
            .start_urls
            .iter()
            .filter_map(normalize_url)
            .map(|u| u.to_string())
            .collect();
        self.jobs.insert(
            spec.name.clone(),
            Job {
                spec: spec.clone(),
                scope,
                record,
                stats: CrawlStats::default(),
                seen: HashSet::new(),
                host_pages: HashMap::new(),
                start_urls,
            },
        );
    }

    /// Marks every job finished and clears their frontiers, in one last checkpoint.
    pub(super) fn finish_jobs(&mut self) -> Result<(), CrawlError> {
        let now = Utc::now();
        for (name, job) in &mut self.jobs {
            job.record.status = JobStatus::Finished;
            job.record.finished = Some(now);
            self.batch.active_jobs.insert(name.clone(), None);
            self.batch.finished_sources.insert(name.clone());
        }
        self.checkpoint()?;
        for job in self.jobs.values() {
            tracing::info!(source = %job.record.source, job = %job.record.id,
                pages = job.record.stats.pages(), new = job.record.stats.articles_new, "crawl job finished");
            self.observer.job_finished(&job.record);
        }
        Ok(())
    }
}

pub(crate) fn new_record(source: &str) -> JobRecord {
    let started = Utc::now();
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    JobRecord {
        id: format!(
            "{}-{}",
            started.format("%Y%m%dT%H%M%SZ"),
            suffix.get(..8).unwrap_or(&suffix)
        ),
        source: source.to_string(),
        started,
        finished: None,
        status: JobStatus::Running,
        resumed: 0,
        stats: CrawlStats::default(),
    }
}
