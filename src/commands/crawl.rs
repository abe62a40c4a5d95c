//! `gazette crawl [--source NAME]`: run the crawl jobs once, now, and exit.
//!
//! Failing pages (404, timeouts, hostile servers) are reported and the exit status
//! stays 0; only a crawl that cannot run at all (unwritable data dir, index held by
//! another process) fails.

use anyhow::Context;
use gazette_crawler::Crawler;

use super::{Env, UsageError};
use crate::progress::CrawlProgress;
use crate::sink::IndexSink;

pub fn run(env: &Env, only: Option<&str>) -> anyhow::Result<()> {
    let sources: Vec<_> = env
        .config
        .scheduled_sources()
        .into_iter()
        .map(|s| s.spec)
        .filter(|s| only.is_none_or(|name| s.name == name))
        .collect();
    if sources.is_empty() {
        return Err(match only {
            Some(name) => UsageError(format!("no source named {name:?} in the configuration")),
            None => UsageError("the configuration has no [[sources]] to crawl".into()),
        }
        .into());
    }
    let index = env.open_index()?;
    let crawler = Crawler::open(env.config.crawler_settings(), env.data_dir())
        .context("cannot open the crawl state")?;
    let mut sink = IndexSink::new(&index).context("cannot write to the index")?;
    let progress = CrawlProgress::new();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let report = runtime.block_on(crawler.run(&sources, &mut sink, &progress))?;
    progress.finish();
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
