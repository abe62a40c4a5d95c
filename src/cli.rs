//! The command line: every subcommand and flag of SPEC.md, parsed with clap.
//!
//! `--config` and `--data-dir` are global, so they work before or after the
//! subcommand (`gazette --data-dir d import ...` and `gazette import --data-dir d ...`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "gazette",
    version,
    about = "A search engine for an archive of policy news"
)]
pub struct Cli {
    /// Configuration file; built-in defaults are used when it does not exist.
    #[arg(
        long,
        global = true,
        default_value = "config.toml",
        value_name = "PATH"
    )]
    pub config: PathBuf,
    /// Data directory (index, crawl state, raw archive); overrides `data_dir` of the config.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// More log output (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API and web page, and run the scheduled crawl jobs.
    Serve {
        /// Address to listen on (default: `server.bind` of the config).
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
    },
    /// Run the crawl jobs once, now, and exit.
    Crawl {
        /// Only the source with this name.
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
    },
    /// Bulk-import articles from JSON Lines (`-` reads stdin).
    Import {
        #[arg(long, value_name = "FILE")]
        jsonl: PathBuf,
    },
    /// Print the cleaned, tagged article of saved HTML files as JSON (JSON Lines for several).
    Extract {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The URL the page was fetched from (resolves relative links, canonical URL, dates in the URL).
        #[arg(long)]
        url: Option<String>,
    },
    /// Search the archive from the terminal.
    Search(SearchArgs),
    /// Rebuild the index from the raw WARC archive, with no network.
    Reindex,
    /// Verify the index, the crawl state and the WARC archive against each other (exit 1 if inconsistent).
    Check,
    /// Copy the data dir (index, crawl state, WARC) consistently, even while the server runs.
    Snapshot {
        /// Where the copy goes; must not exist yet.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// The zero-setup tour: serve the bundled sample site, crawl it, then serve search on it.
    Demo {
        /// Address for the search server (the sample site gets its own loopback port).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Only serve the sample news site at ADDR (no crawl, no search): a target for
        /// trying `gazette crawl` with a config of your own.
        #[arg(long)]
        site_only: bool,
    },
    /// Measure extraction, enrichment or ranking quality against a labelled data set.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Write the archive out for another search engine (read-only; works while the server runs).
    Export {
        #[command(subcommand)]
        target: ExportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A Quickwit index config (DIR/gazette-index.yaml) and NDJSON documents for its ingest API.
    Quickwit(QuickwitExportArgs),
}

#[derive(Debug, Args)]
pub struct QuickwitExportArgs {
    /// Where the files go: created if missing, and must be empty unless --force.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The Quickwit index id the config declares and the load commands use.
    #[arg(long, default_value = "gazette", value_name = "ID")]
    pub index_id: String,
    /// Largest NDJSON file in bytes, one ingest request each (Quickwit refuses bodies over 10 MB by default).
    #[arg(long, default_value_t = 9_500_000, value_name = "N")]
    pub chunk_bytes: u64,
    /// Write into a non-empty DIR, replacing an earlier export's files (other files are kept).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Article Extraction Benchmark directory (html/*.html.gz + ground-truth.json).
    Extraction { dir: PathBuf },
    /// Hand-labelled enrichment JSON Lines (countries, topics, quotes).
    Enrichment { file: PathBuf },
    /// A relevance test collection (docs.jsonl, queries-dev.jsonl, qrels-dev.tsv), run through the real HTTP API.
    Relevance { dir: PathBuf },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (same language as the API's `q`).
    #[arg(default_value = "")]
    pub query: String,
    #[arg(long)]
    pub country: Vec<String>,
    #[arg(long)]
    pub topic: Vec<String>,
    #[arg(long)]
    pub expert: Vec<String>,
    #[arg(long)]
    pub source: Vec<String>,
    /// First day, inclusive (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, inclusive.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    #[arg(long, default_value_t = 10)]
    pub per_page: usize,
    /// Take the query as plain words: no operators, phrases or fields.
    #[arg(long)]
    pub simple: bool,
    /// Print the API's JSON response instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
    Hybrid,
}
