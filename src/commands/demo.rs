//! `gazette demo`: the zero-setup tour.
//!
//! Serves the bundled sample news site on a loopback port, crawls it through the
//! real crawler (feeds, sitemaps, links, robots.txt, WARC archive) into a demo data
//! dir, then serves search on it. No network and no configuration needed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use gazette_crawler::{Crawler, SourceSpec};
use url::Url;

use super::serve::{app_state, serve_until_signal, shutdown_signal};
use super::{Env, UsageError, parse_bind};
use crate::config::ScheduledSource;
use crate::demo::DemoSite;
use crate::progress::CrawlProgress;
use crate::sink::IndexSink;

/// Marks a directory as a demo data dir, so a rerun may wipe it and start fresh.
const MARKER: &str = ".gazette-demo";
/// The sample site is local: a short politeness delay keeps the tour quick.
const DEMO_DELAY: Duration = Duration::from_millis(5);

pub fn run(env: &Env, bind: &str, data_dir: Option<PathBuf>) -> anyhow::Result<()> {
    let addr = parse_bind(bind)?;
    let data_dir = data_dir.unwrap_or_else(|| PathBuf::from("demo-data"));
    prepare(&data_dir)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let site = Arc::new(DemoSite::new());
        let site_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("cannot open a loopback port for the sample site")?;
        let site_addr = site_listener.local_addr()?;
        let router = Arc::clone(&site).router();
        tokio::spawn(async move { axum::serve(site_listener, router).await });
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr} (choose another with --bind)"))?;
        eprintln!(
            "sample news site: http://{site_addr}/ ({} articles)",
            site.articles().len()
        );

        let source = demo_source(site_addr)?;
        let index = Arc::new(super::open_index(
            &data_dir.join("index"),
            env.config.server.result_cache_entries,
        )?);
        let mut settings = env.config.crawler_settings();
        settings.per_host_delay = DEMO_DELAY;
        let crawler = Arc::new(Crawler::open(settings, &data_dir)?);
        let started = Instant::now();
        let progress = CrawlProgress::new();
        let report = {
            let mut sink = IndexSink::new(&index)?;
            crawler
                .run(std::slice::from_ref(&source.spec), &mut sink, &progress)
                .await?
        };
        progress.finish();
        index.reload()?;
        eprintln!(
            "crawled the sample site in {:.1}s: {} articles indexed ({} pages fetched)",
            started.elapsed().as_secs_f64(),
            index.count()?,
            report.totals.pages(),
        );
        let state = app_state(
            index,
            crawler,
            vec![source],
            &env.config.server,
            listener.local_addr()?,
        );
        println!(
            "gazette demo is ready: open http://{}/",
            listener.local_addr()?
        );
        serve_until_signal(listener, state).await
    })
}

/// Serves only the sample site until interrupted.
pub fn serve_site(bind: &str) -> anyhow::Result<()> {
    let addr = parse_bind(bind)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr} (choose another with --bind)"))?;
        let site = Arc::new(DemoSite::new());
        println!("sample news site: http://{}/", listener.local_addr()?);
        axum::serve(listener, site.router())
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the sample site stopped with an error")
    })
}

/// The sample site as a configured source: its feeds, sitemap index and home page.
fn demo_source(site: SocketAddr) -> anyhow::Result<ScheduledSource> {
    let base = Url::parse(&format!("http://{site}/"))?;
    let spec = SourceSpec::new(crate::demo::SITE_NAME)
        .with_feed(base.join("rss.xml")?)
        .with_feed(base.join("atom.xml")?)
        .with_sitemap(base.join("sitemap.xml")?)
        .with_start_url(base.clone());
    let spec = SourceSpec {
        max_depth: 2,
        ..spec
    };
    let schedule_text = "0 * * * *".to_owned();
    let schedule = <croner::Cron as std::str::FromStr>::from_str(&schedule_text)?;
    Ok(ScheduledSource {
        spec,
        schedule,
        schedule_text,
    })
}

/// Creates an empty demo data dir, wiping an earlier demo's (never anything else).
fn prepare(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_none();
        if !empty && !dir.join(MARKER).exists() {
            bail!(UsageError(format!(
                "{} exists and is not a demo data dir; choose another with --data-dir",
                dir.display()
            )));
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(
        dir.join(MARKER),
        "data of `gazette demo`; rewritten at each run\n",
    )?;
    Ok(())
}
