//! gazette: a search engine for an archive of policy news.
//!
//! This binary wires the library crates together: the command line, the
//! configuration, the crawl jobs and their schedule, the HTTP server and web page,
//! and the bundled demo site. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or
//! configuration.

mod cli;
mod commands;
mod config;
mod demo;
mod jobs;
mod progress;
mod server;
mod sink;
mod web;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: tagging and indexing allocate and free
/// many small strings per article, and glibc's malloc was a tenth of an import's CPU.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Printing help or a usage error can only fail if stdout/stderr are gone.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    progress::init_logging(cli.verbose);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = match e.downcast_ref::<commands::UsageError>() {
                Some(_) => 2,
                None if e.downcast_ref::<config::ConfigError>().is_some() => 2,
                None => 1,
            };
            eprintln!("gazette: error: {e:#}");
            ExitCode::from(code)
        }
    }
}
