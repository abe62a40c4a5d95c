//! Rebuilding articles from the WARC archive with no network (`gazette reindex`): every
//! archived 200 HTML page goes through the same extraction, enrichment, dedup and sink
//! stages as in a crawl, with a throw-away in-memory dedup state.

use std::path::Path;

use crate::analysis::{ArticleRule, PageInput, is_html};
use crate::crawler::Inner;
use crate::discovery::{PageHint, UrlKind};
use crate::engine::Run;
use crate::error::CrawlError;
use crate::fetch::Fetched;
use crate::frontier::FrontierEntry;
use crate::observer::CrawlObserver;
use crate::report::ReplayReport;
use crate::robots::product_token;
use crate::settings::{CrawlerSettings, SourceSpec};
use crate::sink::ArticleSink;
use crate::state::StateStore;
use crate::warc::{ArchivedResponse, archive_files, read_responses};

/// Re-extracts every archived article page under `data_dir/warc/` into `sink`.
///
/// Later captures of a URL replace earlier ones, as in the crawl; the source of each
/// article comes from the archive's `WARC-Gazette-Source` header, and the source's URL
/// rules from `WARC-Gazette-Rule`.
///
/// ```no_run
/// # fn demo(sink: &mut dyn gazette_crawler::ArticleSink) -> Result<(), gazette_crawler::CrawlError> {
/// let report = gazette_crawler::replay_archive(std::path::Path::new("data"), sink, &gazette_crawler::NoopObserver)?;
/// println!("{} articles rebuilt from {} records", report.articles, report.records);
/// # Ok(()) }
/// ```
pub fn replay_archive(
    data_dir: &Path,
    sink: &mut dyn ArticleSink,
    progress: &dyn CrawlObserver,
) -> Result<ReplayReport, CrawlError> {
    let inner = Inner::new(CrawlerSettings::default(), StateStore::in_memory()?, None)?;
    let mut run = Run::new(&inner, sink, progress);
    let mut report = ReplayReport::default();
    let mut failure: Option<CrawlError> = None;
    for file in archive_files(data_dir)? {
        report.files += 1;
        read_responses(&file, |response| {
            report.records += 1;
            if failure.is_some() {
                return;
            }
            if let Err(e) = replay_one(&mut run, &inner, response, &mut report) {
                failure = Some(e);
            }
        })?;
        if let Some(e) = failure.take() {
            return Err(e);
        }
    }
    run.checkpoint()?;
    for job in run.jobs.values() {
        report.articles += job.record.stats.articles_new;
        report.dedup_hits += job.record.stats.dedup_hits;
    }
    Ok(report)
}

fn replay_one(
    run: &mut Run<'_>,
    inner: &Inner,
    response: ArchivedResponse,
    report: &mut ReplayReport,
) -> Result<(), CrawlError> {
    if response.warc_header("WARC-Gazette-Kind") != Some("page") || response.status != 200 {
        return Ok(());
    }
    let content_type = response.http_header("content-type").map(str::to_string);
    if !is_html(content_type.as_deref(), &response.body) {
        return Ok(());
    }
    let Ok(url) = url::Url::parse(&response.target_uri) else {
        return Ok(());
    };
    report.pages += 1;
    let source = response
        .warc_header("WARC-Gazette-Source")
        .unwrap_or("")
        .to_string();
    run.ensure_replay_job(&source);
    let hint: PageHint = response
        .warc_header("WARC-Gazette-Hint")
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    let rule = ArticleRule::from_header(response.warc_header("WARC-Gazette-Rule"));
    let analysis = inner.analyzer.analyse(&PageInput {
        body: &response.body,
        content_type: content_type.as_deref(),
        x_robots_tag: response.http_header("x-robots-tag"),
        url: &url,
        want_links: false,
        rule,
        robots_token: &product_token(
            response
                .crawler_user_agent
                .as_deref()
                .unwrap_or(&inner.settings.user_agent),
        ),
    });
    let entry = FrontierEntry {
        source,
        url: url.to_string(),
        kind: UrlKind::Page,
        depth: 0,
        hint,
        redirected_from: Vec::new(),
        attempts: 0,
    };
    let fetched = Fetched {
        url,
        status: response.status,
        reason: String::new(),
        request_headers: Vec::new(),
        headers: response.http_headers,
        body: response.body.into(),
        elapsed: std::time::Duration::ZERO,
        fetched_at: response.date.unwrap_or_else(chrono::Utc::now),
    };
    if run
        .accept_article(&entry, &fetched, &response.record_id, analysis, rule)?
        .is_none()
    {
        report.skipped_not_article += 1;
    }
    if run.batch.articles.len() >= inner.settings.checkpoint_every_articles {
        run.checkpoint()?;
    }
    Ok(())
}

impl Run<'_> {
    /// Registers a stand-in job for a source met in the archive.
    fn ensure_replay_job(&mut self, source: &str) {
        if !self.jobs.contains_key(source) {
            self.register_job(&SourceSpec::new(source), crate::engine::new_record(source));
        }
    }
}
