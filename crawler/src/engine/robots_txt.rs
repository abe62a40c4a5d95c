//! Reading a fetched robots.txt into the origin's policy (RFC 9309): redirects are
//! followed up to five hops, each hop a scheduled request like any other; Crawl-delay
//! slows the host down; `Sitemap:` lines feed discovery.

use std::time::{Duration, Instant};

use url::Url;

use super::Run;
use crate::discovery::{Discovered, UrlKind};
use crate::error::CrawlError;
use crate::fetch::{FetchError, Fetched, is_retryable_status};
use crate::frontier::{FrontierEntry, host_key};
use crate::normalize::{normalize_url, resolve};
use crate::report::record_fetch_metrics;
use crate::robots::RobotsPolicy;
use crate::scope::is_private_host;
use crate::warc::RecordMeta;

/// RFC 9309: crawlers should follow at least five consecutive redirects.
const MAX_ROBOTS_REDIRECTS: u32 = 5;

impl Run<'_> {
    pub(super) fn handle_robots(
        &mut self,
        origin: String,
        entry: FrontierEntry,
        hops: u32,
        result: Result<Fetched, FetchError>,
    ) -> Result<(), CrawlError> {
        let host = host_key(&entry.url);
        let agent = self.inner.settings.user_agent.clone();
        let policy = match &result {
            Ok(f) => {
                self.archive_robots(&entry, f)?;
                if (300..400).contains(&f.status) {
                    if let Some(target) = self.robots_redirect_target(&entry, f, hops) {
                        self.robots_redirects.insert(origin, (target, hops + 1));
                        self.frontier.release(&host, Instant::now());
                        self.frontier.requeue_front(entry);
                        return Ok(());
                    }
                    // Too many hops or a refused target: unavailable, which RFC 9309 treats like 4xx.
                    RobotsPolicy::from_response(Some(404), b"", &agent)
                } else if is_retryable_status(f.status)
                    && self.retry_robots(&origin, &entry, f.retry_after())
                {
                    self.frontier.release(&host, Instant::now());
                    self.requeue_later(entry, &origin);
                    return Ok(());
                } else {
                    RobotsPolicy::from_response(Some(f.status), &f.body, &agent)
                }
            }
            Err(e) if e.is_transient() && self.retry_robots(&origin, &entry, None) => {
                self.frontier.release(&host, Instant::now());
                self.requeue_later(entry, &origin);
                return Ok(());
            }
            Err(e) => {
                tracing::warn!(%origin, error = ?e, "robots.txt unreachable; host disallowed for this job");
                RobotsPolicy::from_response(None, b"", &agent)
            }
        };
        if matches!(policy, RobotsPolicy::DisallowAll) {
            tracing::warn!(%origin, "robots.txt unavailable after retries; host disallowed for this job");
        }
        if let Some(delay) = policy.crawl_delay() {
            self.frontier.set_delay(&host, delay);
        }
        // Released after the Crawl-delay is known, so it already spaces the next request.
        self.frontier.release(&host, Instant::now());
        let sitemaps: Vec<Url> = policy
            .sitemaps()
            .iter()
            .filter_map(|s| Url::parse(s).ok())
            .filter_map(|u| normalize_url(&u))
            .collect();
        self.robots.insert(origin, policy);
        for url in sitemaps {
            let found = Discovered {
                url,
                kind: UrlKind::Sitemap,
                hint: Default::default(),
            };
            self.enqueue(&entry.source, found, 0, Vec::new());
        }
        self.frontier.requeue_front(entry);
        Ok(())
    }

    /// Whether robots.txt of `origin` may be asked again after a server error or
    /// timeout; if so, records when (back-off, or the server's Retry-After).
    fn retry_robots(
        &mut self,
        origin: &str,
        entry: &FrontierEntry,
        retry_after: Option<Duration>,
    ) -> bool {
        let settings = &self.inner.settings;
        let failures = self
            .robots_failures
            .entry(origin.to_string())
            .or_insert((0, Instant::now()));
        if failures.0 >= settings.max_retries
            || retry_after.is_some_and(|d| d > settings.max_retry_after)
        {
            return false;
        }
        let backoff = settings
            .retry_base_delay
            .saturating_mul(1 << failures.0.min(16));
        failures.0 += 1;
        failures.1 =
            Instant::now() + retry_after.map_or(backoff, |d| d.max(settings.retry_base_delay));
        if let Some(job) = self.jobs.get_mut(&entry.source) {
            job.stats.retries += 1;
        }
        true
    }

    fn requeue_later(&mut self, entry: FrontierEntry, origin: &str) {
        let not_before = self.robots_failures.get(origin).map(|f| f.1);
        self.frontier.push_at(entry, not_before);
    }

    fn archive_robots(
        &mut self,
        entry: &FrontierEntry,
        fetched: &Fetched,
    ) -> Result<(), CrawlError> {
        let meta = RecordMeta {
            source: &entry.source,
            kind: "robots",
            hint_json: None,
            article_rule: None,
        };
        self.inner.with_warc(|w| w.write_exchange(fetched, &meta))?;
        record_fetch_metrics(fetched.status, fetched.body.len(), fetched.elapsed);
        if let Some(job) = self.jobs.get_mut(&entry.source) {
            job.stats.count_status(fetched.status);
            job.stats.bytes += fetched.body.len() as u64;
        }
        Ok(())
    }

    /// Where a robots.txt redirect leads, if it may be followed: within the hop limit, and
    /// not onto a private address unless the source itself lives on one.
    fn robots_redirect_target(
        &self,
        entry: &FrontierEntry,
        fetched: &Fetched,
        hops: u32,
    ) -> Option<Url> {
        if hops + 1 > MAX_ROBOTS_REDIRECTS {
            return None;
        }
        let target = resolve(&fetched.url, fetched.header("location")?)?;
        let private_ok = self
            .jobs
            .get(&entry.source)
            .is_some_and(|j| j.scope.private_network_allowed);
        (private_ok || !is_private_host(&target)).then_some(target)
    }
}
