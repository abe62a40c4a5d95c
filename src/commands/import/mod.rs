//! `gazette import --jsonl FILE`: bulk-import an existing archive.
//!
//! Each line is one article in the import shape of SPEC.md. A bad line is reported
//! with its line number and skipped; it never aborts or corrupts the rest. Articles
//! are enriched exactly as crawled ones are (on every core, see [`pipeline`]), and
//! upserted by id in file order, so importing the same file again replaces rather
//! than duplicates. Commits are batched: a kill at any moment leaves the index at its
//! last commit, and re-running the import completes it.

mod pipeline;
mod record;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use gazette_enrich::Enricher;

use super::Env;
use crate::progress;
use pipeline::{LineOutcome, TaggedLines};

/// Articles upserted between two index commits, at most.
const COMMIT_EVERY: usize = 20_000;
/// Longest time between two commits, so that a kill loses little work.
const COMMIT_INTERVAL: Duration = Duration::from_secs(10);
/// Longest accepted line; longer ones are reported and skipped (they are not articles).
const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

pub fn run(env: &Env, path: &Path) -> anyhow::Result<()> {
    let input: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )
    };
    let index = env.open_index()?;
    let mut writer = super::wait_for_writer(&index)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let lines = TaggedLines::start(input, MAX_LINE_BYTES, Arc::new(Enricher::new()), workers);
    let started = Instant::now();
    let bar = progress::spinner("importing");
    let (mut imported, mut skipped, mut pending) = (0usize, 0usize, 0usize);
    let mut last_commit = Instant::now();
    for line in lines {
        let (number, outcome) =
            line.with_context(|| format!("{}: cannot read the input", path.display()))?;
        match outcome {
            LineOutcome::Blank => continue,
            LineOutcome::Article(article) => {
                writer.upsert(&article)?;
                imported += 1;
                pending += 1;
                bar.inc(1);
                if pending >= COMMIT_EVERY || last_commit.elapsed() >= COMMIT_INTERVAL {
                    writer.commit()?;
                    pending = 0;
                    last_commit = Instant::now();
                }
            }
            LineOutcome::Skipped(message) => {
                bar.suspend(|| eprintln!("{}:{number}: skipped: {message}", path.display()));
                skipped += 1;
            }
        }
    }
    writer.commit()?;
    drop(writer);
    index.reload()?;
    bar.finish_and_clear();
    println!(
        "imported {imported} articles ({skipped} bad lines skipped) in {:.1}s; the archive holds {} articles",
        started.elapsed().as_secs_f64(),
        index.count()?
    );
    Ok(())
}
