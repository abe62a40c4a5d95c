//! `gazette-bench`: the archive-scale benchmark (see docs/SCALE.md).
//!
//! One command synthesises (or reuses) the archive, loads it into each engine, drives
//! each with the same query mix from concurrent clients, and prints one table:
//!
//! ```text
//! cargo build --release --workspace && target/release/gazette-bench
//! ```

mod baselines;
mod cache;
mod composition;
mod corpus;
mod engine;
mod gazette;
mod gazette_client;
mod load;
mod mix;
mod outlets;
mod report;
mod rng;
mod synth;
mod system;
mod table;
#[cfg(test)]
mod tests_support;
mod words;
mod workload;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, ValueEnum};

use crate::engine::Engine;
use crate::load::LoadSettings;
use crate::mix::QueryMix;
use crate::report::{EngineFigures, Report};

/// Articles read back from the archive to draw the query mix from.
const MIX_SAMPLE: usize = 20_000;
/// Distinct warm-up requests (cycled for the warm-up duration).
const WARMUP_QUERIES: usize = 2_000;

/// Archive-scale benchmark: gazette against SQLite FTS5 and PostgreSQL full-text search.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Articles in the synthetic archive.
    #[arg(long, default_value_t = 1_000_000)]
    articles: usize,
    /// Seed of the archive and the query mix: the same seed gives the same workload.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Concurrent clients (closed loop: each sends its next request when answered).
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Seconds of measured queries per engine.
    #[arg(long, default_value_t = 60)]
    duration: u64,
    /// Seconds of unmeasured warm-up queries per engine.
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// Measured requests in the mix (the run ends early when they are all answered).
    #[arg(long, default_value_t = 50_000)]
    queries: usize,
    /// Engines to measure, in order.
    #[arg(long, value_delimiter = ',', default_value = "gazette,sqlite,postgres")]
    engines: Vec<EngineName>,
    /// Where the archive cache, the engines' stores and the reports go
    /// [default: <workspace>/target/bench-archive].
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// The corpus whose paragraphs make up the articles
    /// [default: <workspace>/../shared/data/corpus/bbc.jsonl].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// The gazette binary [default: `gazette` beside this executable].
    #[arg(long)]
    gazette: Option<PathBuf>,
    /// Keep gazette's index from an earlier run's complete import of the same archive
    /// (for profiling queries; the load figures are then that import's).
    #[arg(long)]
    reuse_gazette_index: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EngineName {
    Gazette,
    Sqlite,
    Postgres,
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    // Absolute, because PostgreSQL runs as another user from the work directory and
    // every ancestor of it is checked for that user's access.
    let work_dir = std::path::absolute(
        cli.work_dir
            .clone()
            .unwrap_or_else(|| root.join("target/bench-archive")),
    )?;
    let corpus = cli
        .corpus
        .clone()
        .unwrap_or_else(|| root.join("../shared/data/corpus/bbc.jsonl"));
    let gazette_binary = match &cli.gazette {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("gazette"),
    };
    anyhow::ensure!(cli.articles > 0, "--articles must be at least 1");

    let files = cache::ensure(&corpus, &work_dir, cli.articles, cli.seed)?;
    let sample = cache::sample(&files, MIX_SAMPLE)?;
    let mix = QueryMix::generate(&sample, cli.seed, WARMUP_QUERIES, cli.queries)?;
    drop(sample);
    let composition = mix.composition().to_string();
    eprintln!("{composition}");

    let settings = LoadSettings {
        clients: cli.clients,
        warmup: Duration::from_secs(cli.warmup),
        duration: Duration::from_secs(cli.duration),
    };
    let mut figures = Vec::new();
    let mut failures = Vec::new();
    for name in &cli.engines {
        let measured = open_engine(*name, &cli, &gazette_binary, &work_dir, &files)
            .and_then(|mut engine| measure(engine.as_mut(), &files, &mix, settings));
        match measured {
            Ok(engine_figures) => figures.push(engine_figures),
            Err(error) => {
                eprintln!("{name:?}: failed: {error:#}");
                failures.push(format!("{name:?}: {error:#}"));
            }
        }
    }

    let mut report = Report::new(
        system::Machine::detect(),
        cli.articles,
        cli.seed,
        cli.clients,
        cli.duration,
        composition,
        figures,
    );
    report.failed = failures;
    print!("{}", report.to_text());
    let markdown = work_dir.join("report.md");
    std::fs::write(&markdown, report.to_markdown())
        .with_context(|| format!("cannot write {}", markdown.display()))?;
    let json = work_dir.join("report.json");
    std::fs::write(&json, serde_json::to_vec_pretty(&report)?)
        .with_context(|| format!("cannot write {}", json.display()))?;
    eprintln!("wrote {} and {}", markdown.display(), json.display());
    anyhow::ensure!(
        report.failed.is_empty(),
        "{} engine(s) failed",
        report.failed.len()
    );
    Ok(())
}

fn open_engine(
    name: EngineName,
    cli: &Cli,
    gazette_binary: &Path,
    work_dir: &Path,
    files: &cache::ArchiveFiles,
) -> anyhow::Result<Box<dyn Engine>> {
    Ok(match name {
        EngineName::Gazette => Box::new(gazette::GazetteEngine::new(
            gazette_binary,
            work_dir,
            &files.tagged,
            cli.clients,
            cli.reuse_gazette_index,
        )?),
        EngineName::Sqlite => Box::new(baselines::sqlite::SqliteFts5::new(work_dir)?),
        EngineName::Postgres => Box::new(baselines::postgres::PostgresFts::new(work_dir)?),
    })
}

/// Loads the archive into one engine and runs the mix against it.
fn measure(
    engine: &mut dyn Engine,
    files: &cache::ArchiveFiles,
    mix: &QueryMix,
    settings: LoadSettings,
) -> anyhow::Result<EngineFigures> {
    let name = engine.name();
    eprintln!("{name}: loading {} articles", files.articles);
    let mut articles = cache::read_tagged(&files.tagged)?;
    let load = engine.load(&mut articles)?;
    let size = engine.size_on_disk()?;
    eprintln!(
        "{name}: loaded {} articles in {:.1}s; running the mix ({} clients, {:?})",
        load.articles, load.seconds, settings.clients, settings.duration
    );
    let queries = load::run(engine, mix, settings)?;
    let server_rss_bytes = engine.server_rss_bytes();
    let server_anon_bytes = engine.server_anon_bytes();
    let notes = engine.notes();
    eprintln!(
        "{name}: {:.1} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        queries.per_second, queries.latencies.p50_ms, queries.latencies.p99_ms
    );
    Ok(EngineFigures {
        name: name.to_string(),
        articles: load.articles,
        load_seconds: load.seconds,
        load_per_second: load.articles as f64 / load.seconds.max(1e-9),
        load_peak_rss_bytes: load.peak_rss_bytes,
        size_on_disk_bytes: size,
        server_rss_bytes,
        server_anon_bytes,
        queries,
        notes,
    })
}
