//! `gazette reindex`: rebuild the index from the raw WARC archive, with no network.
//!
//! Every archived response is extracted and enriched again (e.g. after an extractor
//! upgrade) and upserted by id, so articles that came from `import` (which have no
//! archived response) stay as they are, and a reindex killed at any moment can
//! simply be run again.

use anyhow::Context;
use gazette_crawler::replay_archive;

use super::Env;
use crate::progress::CrawlProgress;
use crate::sink::IndexSink;

pub fn run(env: &Env) -> anyhow::Result<()> {
    let index = env.open_index()?;
    let mut sink = IndexSink::new(&index).context("cannot write to the index")?;
    let progress = CrawlProgress::new();
    let report = replay_archive(env.data_dir(), &mut sink, &progress)?;
    progress.finish();
    drop(sink);
    index.reload()?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    println!("the archive holds {} articles", index.count()?);
    Ok(())
}
