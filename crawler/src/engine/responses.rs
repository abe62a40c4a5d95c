//! What to do with each response: archive it, then retry, follow a redirect, read a
//! feed or sitemap, or pass a page on to the article stage.

use std::time::{Duration, Instant};

use super::{Run, Task, TaskDone};
use crate::analysis::ArticleRule;
use crate::discovery::feeds::parse_feed;
use crate::discovery::sitemaps::{maybe_gunzip, parse_sitemap};
use crate::discovery::{Discovered, UrlKind};
use crate::error::CrawlError;
use crate::fetch::{FetchError, Fetched, is_retryable_status};
use crate::frontier::{FrontierEntry, host_key};
use crate::normalize::resolve;
use crate::report::record_fetch_metrics;
use crate::warc::RecordMeta;

impl Run<'_> {
    pub(super) fn handle(&mut self, done: TaskDone) -> Result<(), CrawlError> {
        let TaskDone {
            task,
            result,
            analysis,
        } = done;
        match task {
            Task::Robots {
                origin,
                entry,
                hops,
                ..
            } => self.handle_robots(origin, entry, hops, result),
            Task::Fetch { entry, rule, .. } => {
                self.frontier.release(&host_key(&entry.url), Instant::now());
                let fetched = match result {
                    Ok(f) => f,
                    Err(e) => {
                        self.fetch_failed(entry, &e, None);
                        return Ok(());
                    }
                };
                let record_id = self.archive(&entry, &fetched, rule)?;
                self.handle_response(entry, fetched, record_id, analysis, rule)
            }
        }
    }

    fn archive(
        &mut self,
        entry: &FrontierEntry,
        fetched: &Fetched,
        rule: ArticleRule,
    ) -> Result<String, CrawlError> {
        record_fetch_metrics(fetched.status, fetched.body.len(), fetched.elapsed);
        self.observer
            .page(&entry.source, &entry.url, Some(fetched.status));
        if let Some(job) = self.jobs.get_mut(&entry.source) {
            job.stats.count_status(fetched.status);
            job.stats.bytes += fetched.body.len() as u64;
        }
        let kind = match entry.kind {
            UrlKind::Feed => "feed",
            UrlKind::Sitemap => "sitemap",
            UrlKind::Page => "page",
        };
        let hint_json = (entry.hint != Default::default())
            .then(|| serde_json::to_string(&entry.hint))
            .transpose()?;
        let meta = RecordMeta {
            source: &entry.source,
            kind,
            hint_json,
            article_rule: rule.as_header(),
        };
        self.inner.with_warc(|w| w.write_exchange(fetched, &meta))
    }

    fn handle_response(
        &mut self,
        entry: FrontierEntry,
        fetched: Fetched,
        record_id: String,
        analysis: Option<crate::analysis::PageAnalysis>,
        rule: ArticleRule,
    ) -> Result<(), CrawlError> {
        let status = fetched.status;
        if is_retryable_status(status) {
            self.fetch_failed(
                entry,
                &FetchError::Http(format!("status {status}")),
                fetched.retry_after(),
            );
            return Ok(());
        }
        if (300..400).contains(&status) && status != 304 {
            self.follow_redirect(entry, &fetched);
            return Ok(());
        }
        if status == 304 {
            self.not_modified(&entry)?;
            self.mark_done(&entry);
            return Ok(());
        }
        if status != 200 {
            self.count_error(&entry.source, &format!("http_{status}"));
            self.mark_done(&entry);
            return Ok(());
        }
        let mut record = self
            .inner
            .state
            .url_record(&self.batch, &entry.url)?
            .unwrap_or_default();
        record.validators = fetched.validators();
        match entry.kind {
            UrlKind::Feed | UrlKind::Sitemap => {
                let links = self.read_hub(&entry, &fetched);
                self.batch
                    .hub_links
                    .insert(entry.url.clone(), links.clone());
                self.enqueue_all(&entry, links);
            }
            UrlKind::Page => match analysis {
                None => self.count_error(&entry.source, "not_html"),
                Some(page) => {
                    if self
                        .jobs
                        .get(&entry.source)
                        .is_some_and(|j| j.start_urls.contains(&entry.url))
                    {
                        self.read_start_page(&entry, &page);
                    }
                    let depth = entry.depth + 1;
                    for link in page.links.clone() {
                        self.enqueue(&entry.source, Discovered::page(link), depth, Vec::new());
                    }
                    if let Some(id) =
                        self.accept_article(&entry, &fetched, &record_id, page, rule)?
                    {
                        record.article_id = Some(id);
                    }
                }
            },
        }
        self.batch.urls.insert(entry.url.clone(), record);
        self.mark_done(&entry);
        Ok(())
    }

    /// A start page is a hub: its links are kept for 304s, and the feeds it advertises
    /// (autodiscovery) are read like configured ones.
    fn read_start_page(&mut self, entry: &FrontierEntry, page: &crate::analysis::PageAnalysis) {
        let feeds: Vec<Discovered> = page
            .feeds
            .iter()
            .map(|url| Discovered {
                url: url.clone(),
                kind: UrlKind::Feed,
                hint: Default::default(),
            })
            .collect();
        let mut hub: Vec<Discovered> = page.links.iter().cloned().map(Discovered::page).collect();
        hub.extend(feeds.iter().cloned());
        self.batch.hub_links.insert(entry.url.clone(), hub);
        for feed in feeds {
            self.enqueue(&entry.source, feed, 0, Vec::new());
        }
    }

    /// A 304: hubs give their stored links again (so their pages are revisited); an
    /// unchanged article is counted and not delivered.
    fn not_modified(&mut self, entry: &FrontierEntry) -> Result<(), CrawlError> {
        if let Some(links) = self.inner.state.hub_links(&self.batch, &entry.url)? {
            if entry.kind == UrlKind::Page {
                let depth = entry.depth + 1;
                let max = self.jobs.get(&entry.source).map_or(0, |j| j.spec.max_depth);
                for link in links {
                    if link.kind == UrlKind::Feed {
                        self.enqueue(&entry.source, link, 0, Vec::new());
                    } else if depth <= max {
                        self.enqueue(&entry.source, link, depth, Vec::new());
                    }
                }
            } else {
                self.enqueue_all(entry, links);
            }
        }
        let had_article = self
            .inner
            .state
            .url_record(&self.batch, &entry.url)?
            .is_some_and(|r| r.article_id.is_some());
        if had_article && let Some(job) = self.jobs.get_mut(&entry.source) {
            job.stats.articles_unchanged += 1;
        }
        Ok(())
    }

    fn enqueue_all(&mut self, entry: &FrontierEntry, links: Vec<Discovered>) {
        for link in links {
            self.enqueue(&entry.source, link, 0, Vec::new());
        }
    }

    /// Links of a feed or sitemap; a URL configured as one may turn out to be the other.
    fn read_hub(&mut self, entry: &FrontierEntry, fetched: &Fetched) -> Vec<Discovered> {
        let inner = self.inner;
        let settings = &inner.settings;
        let Some(body) = maybe_gunzip(&fetched.body, settings.max_sitemap_bytes) else {
            self.count_error(&entry.source, "sitemap_too_large");
            return Vec::new();
        };
        let sitemap = parse_sitemap(&body, &fetched.url, settings.max_sitemap_entries);
        if sitemap.recognised {
            return sitemap.entries;
        }
        match parse_feed(&body, &fetched.url, settings.max_sitemap_entries) {
            Some(entries) => entries,
            None => {
                self.count_error(&entry.source, "bad_feed_or_sitemap");
                Vec::new()
            }
        }
    }

    fn follow_redirect(&mut self, entry: FrontierEntry, fetched: &Fetched) {
        let target = fetched
            .header("location")
            .and_then(|l| resolve(&fetched.url, l));
        let Some(target) = target else {
            self.count_error(&entry.source, "bad_redirect");
            self.mark_done(&entry);
            return;
        };
        let target_str = target.to_string();
        if target_str == entry.url || entry.redirected_from.contains(&target_str) {
            self.count_error(&entry.source, "redirect_loop");
        } else if entry.redirected_from.len() as u32 >= self.inner.settings.max_redirects {
            self.count_error(&entry.source, "too_many_redirects");
        } else {
            let mut chain = entry.redirected_from.clone();
            chain.push(entry.url.clone());
            let found = Discovered {
                url: target,
                kind: entry.kind,
                hint: entry.hint.clone(),
            };
            self.enqueue(&entry.source, found, entry.depth, chain);
        }
        self.mark_done(&entry);
    }

    /// Retries transient failures with exponential back-off (or the server's Retry-After).
    fn fetch_failed(
        &mut self,
        mut entry: FrontierEntry,
        error: &FetchError,
        retry_after: Option<Duration>,
    ) {
        if !matches!(error, FetchError::Http(_)) || retry_after.is_none() {
            self.observer.page(&entry.source, &entry.url, None);
        }
        let inner = self.inner;
        let settings = &inner.settings;
        let too_long = retry_after.is_some_and(|d| d > settings.max_retry_after);
        if error.is_transient() && entry.attempts < settings.max_retries && !too_long {
            let backoff = settings
                .retry_base_delay
                .saturating_mul(1 << entry.attempts.min(16));
            let wait = retry_after.map_or(backoff, |d| d.max(settings.retry_base_delay));
            entry.attempts += 1;
            if let Some(job) = self.jobs.get_mut(&entry.source) {
                job.stats.retries += 1;
            }
            crate::report::record_counter("gazette_crawler_retries_total");
            tracing::debug!(url = %entry.url, attempt = entry.attempts, ?wait, "retrying");
            self.frontier.push_at(entry, Some(Instant::now() + wait));
            return;
        }
        let kind = match error {
            FetchError::Http(m) if m.starts_with("status ") => {
                format!("http_{}", m.trim_start_matches("status "))
            }
            other => other.kind().to_string(),
        };
        tracing::info!(url = %entry.url, error = ?error, "giving up on URL");
        self.count_error(&entry.source, &kind);
        self.mark_done(&entry);
    }

    pub(super) fn count_error(&mut self, source: &str, kind: &str) {
        if let Some(job) = self.jobs.get_mut(source) {
            job.stats.count_error(kind);
        }
    }
}

/// The source's URL rule for a page, archived so `reindex` can apply it without the config.
pub(crate) fn article_rule(spec: &crate::settings::SourceSpec, url: &str) -> ArticleRule {
    if spec.deny.iter().any(|r| r.is_match(url)) {
        ArticleRule::Deny
    } else if spec.allow.is_empty() {
        ArticleRule::ByContent
    } else if spec.allow.iter().any(|r| r.is_match(url)) {
        ArticleRule::Allow
    } else {
        ArticleRule::Deny
    }
}
