//! `gazette serve`: the HTTP API and web page, plus the scheduled crawl jobs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use gazette_crawler::Crawler;
use gazette_enrich::Enricher;
use gazette_index::ArchiveIndex;

use super::{Env, parse_bind};
use crate::config::{ScheduledSource, ServerSection};
use crate::jobs::CrawlJobs;
use crate::server::state::{AppState, Limits, ServerSettings};

pub fn run(env: &Env, bind: Option<&str>) -> anyhow::Result<()> {
    let addr = parse_bind(bind.unwrap_or(&env.config.server.bind))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let index = Arc::new(env.open_index()?);
        let crawler = Arc::new(
            Crawler::open(env.config.crawler_settings(), env.data_dir())
                .context("cannot open the crawl state")?,
        );
        let sources = env.config.scheduled_sources();
        let state = app_state(
            index,
            crawler,
            sources,
            &env.config.server,
            listener.local_addr()?,
        );
        println!("gazette is serving http://{}/", listener.local_addr()?);
        serve_until_signal(listener, state).await
    })
}

/// Builds the server's state (the index, the tag vocabularies, the crawl jobs) and
/// starts the scheduler. Call inside the runtime.
pub fn app_state(
    index: Arc<ArchiveIndex>,
    crawler: Arc<Crawler>,
    sources: Vec<ScheduledSource>,
    server: &ServerSection,
    bound: SocketAddr,
) -> AppState {
    let jobs = CrawlJobs::start(
        crawler,
        Arc::clone(&index),
        sources,
        tokio::runtime::Handle::current(),
    );
    let settings = ServerSettings {
        bind: bound,
        admin_token: server.admin_token.clone(),
        cors_origins: server.cors_origins.clone(),
        limits: Limits {
            max_query_len: server.max_query_chars,
            request_timeout: Duration::from_secs(server.request_timeout_s),
            max_body_bytes: server.max_body_bytes,
            max_concurrent_requests: server.max_concurrent_requests,
            ..Limits::default()
        },
    };
    AppState {
        index,
        enricher: Arc::new(Enricher::new()),
        jobs,
        settings: Arc::new(settings),
    }
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish.
pub async fn serve_until_signal(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> anyhow::Result<()> {
    crate::server::serve(listener, state, shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
