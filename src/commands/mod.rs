//! One module per subcommand; [`run`] dispatches the parsed command line.

mod check;
mod crawl;
mod demo;
mod eval;
mod export;
mod extract;
pub mod import;
mod reindex;
mod search;
mod serve;
mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use gazette_enrich::Enricher;
use gazette_index::{ArchiveIndex, ArchiveWriter, IndexError, IndexOptions};

use crate::cli::{Cli, Command, EvalCommand, ExportCommand};
use crate::config::Config;

/// A mistake in how gazette was called (exit status 2), as opposed to a runtime failure.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What every command needs: the loaded configuration with the data dir resolved.
pub struct Env {
    pub config: Config,
}

impl Env {
    pub fn data_dir(&self) -> &PathBuf {
        &self.config.data_dir
    }

    /// Opens (creating if needed) the index under the data dir.
    pub fn open_index(&self) -> anyhow::Result<ArchiveIndex> {
        open_index(
            &self.data_dir().join("index"),
            self.config.server.result_cache_entries,
        )
    }
}

/// Opens the index at `dir` with the IPTC taxonomy's parent relation (so topics nest
/// at every depth), following commits made by other processes (`gazette import`
/// while `gazette serve` runs), keeping up to `result_cache_entries` search answers.
pub fn open_index(dir: &Path, result_cache_entries: usize) -> anyhow::Result<ArchiveIndex> {
    let enricher = Arc::new(Enricher::new());
    let options = IndexOptions {
        topic_parent: Some(Arc::new(move |code: &str| {
            enricher.taxonomy().parent(code).map(str::to_owned)
        })),
        follow_commits: true,
        result_cache_entries: Some(result_cache_entries),
        ..IndexOptions::default()
    };
    ArchiveIndex::open_with(dir, options)
        .with_context(|| format!("cannot open the index in {}", dir.display()))
}

/// How long a command waits for the index writer held by another process (a crawl job).
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Takes the index's single writer, waiting up to [`WRITER_WAIT`] while another
/// process holds it, so an import started during a scheduled crawl still lands.
pub fn wait_for_writer(index: &ArchiveIndex) -> anyhow::Result<ArchiveWriter> {
    let deadline = std::time::Instant::now() + WRITER_WAIT;
    let mut told = false;
    loop {
        match index.writer() {
            Err(IndexError::WriterBusy) if std::time::Instant::now() < deadline => {
                if !told {
                    eprintln!(
                        "gazette: the index is being written by another process; waiting up to {WRITER_WAIT:?}"
                    );
                    told = true;
                }
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            result => return Ok(result?),
        }
    }
}

/// Parses a `--bind` address.
fn parse_bind(bind: &str) -> Result<std::net::SocketAddr, UsageError> {
    bind.parse()
        .map_err(|e| UsageError(format!("--bind {bind:?} is not an IP:port address ({e})")))
}

/// Loads the configuration and runs the command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Extract { files, url } = &cli.command {
        // Needs no configuration or data dir.
        return extract::run(files, url.as_deref());
    }
    if let Command::Eval { what } = &cli.command {
        return match what {
            EvalCommand::Extraction { dir } => eval::extraction(dir),
            EvalCommand::Enrichment { file } => eval::enrichment(file),
            EvalCommand::Relevance { dir } => eval::relevance(dir),
        };
    }
    let mut config = Config::load(&cli.config)?;
    let explicit_data_dir = cli.data_dir.clone();
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    if let Ok(token) = std::env::var("GAZETTE_ADMIN_TOKEN")
        && !token.is_empty()
    {
        config.server.admin_token = Some(token);
    }
    let env = Env { config };
    match cli.command {
        Command::Serve { bind } => serve::run(&env, bind.as_deref()),
        Command::Crawl { source } => crawl::run(&env, source.as_deref()),
        Command::Import { jsonl } => import::run(&env, &jsonl),
        Command::Search(args) => search::run(&env, &args),
        Command::Reindex => reindex::run(&env),
        Command::Check => check::run(&env),
        Command::Snapshot { dir } => snapshot::run(&env, &dir),
        Command::Export {
            target: ExportCommand::Quickwit(args),
        } => export::quickwit(&env, &args),
        Command::Demo {
            bind,
            site_only: true,
        } => demo::serve_site(&bind),
        Command::Demo {
            bind,
            site_only: false,
        } => demo::run(&env, &bind, explicit_data_dir),
        Command::Extract { .. } | Command::Eval { .. } => Ok(()),
    }
}
