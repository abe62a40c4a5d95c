//! `gazette eval`: quality figures against labelled data sets.
//!
//! Extraction and enrichment are scored by their crates' benchmark modules. The
//! relevance evaluation goes through the real HTTP API: it imports the collection
//! into a temporary data dir, starts the server on a loopback port and sends every
//! query exactly as written, so what it measures is what a user gets.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use gazette_crawler::Crawler;
use gazette_index::relevance::{Qrels, evaluate};
use serde::Deserialize;

use super::Env;
use super::serve::app_state;
use crate::config::Config;

pub fn extraction(dir: &Path) -> anyhow::Result<()> {
    let report = gazette_extract::benchmark::evaluate_aeb(dir)
        .with_context(|| format!("cannot evaluate extraction on {}", dir.display()))?;
    println!("{report}");
    Ok(())
}

pub fn enrichment(file: &Path) -> anyhow::Result<()> {
    let report = gazette_enrich::benchmark::evaluate_dev(file)
        .with_context(|| format!("cannot evaluate enrichment on {}", file.display()))?;
    println!("{report}");
    Ok(())
}

#[derive(Deserialize)]
struct TestQuery {
    qid: String,
    query: String,
}

/// Results fetched per query (two pages of the API's maximum).
const RANK_DEPTH: usize = 200;

pub fn relevance(dir: &Path) -> anyhow::Result<()> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("cannot read {}", dir.join(name).display()))
    };
    let qrels = Qrels::parse(&read("qrels-dev.tsv")?).context("bad qrels")?;
    let queries: Vec<TestQuery> = read("queries-dev.jsonl")?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("bad queries file")?;
    let data = tempfile::tempdir().context("cannot create a temporary data dir")?;
    let env = Env {
        config: Config {
            data_dir: data.path().to_owned(),
            ..Config::default()
        },
    };
    super::import::run(&env, &dir.join("docs.jsonl"))?;

    let runtime = tokio::runtime::Runtime::new()?;
    let (run, latencies) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let index = Arc::new(env.open_index()?);
        let crawler = Arc::new(Crawler::open(
            env.config.crawler_settings(),
            env.data_dir(),
        )?);
        let state = app_state(index, crawler, Vec::new(), &env.config.server, addr);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(crate::server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::new();
        let mut run = Vec::new();
        let mut latencies = Vec::new();
        for q in &queries {
            let mut ranked = Vec::new();
            for page in 1..=RANK_DEPTH / 100 {
                let started = Instant::now();
                let response = client
                    .get(format!("http://{addr}/api/search"))
                    .query(&[
                        ("q", q.query.as_str()),
                        ("per_page", "100"),
                        ("page", &page.to_string()),
                    ])
                    .send()
                    .await?;
                let status = response.status();
                let body: serde_json::Value = response.json().await?;
                latencies.push(started.elapsed());
                if !status.is_success() {
                    bail!(
                        "query {} ({:?}) was answered {status}: {body}",
                        q.qid,
                        q.query
                    );
                }
                let hits = body["hits"].as_array().cloned().unwrap_or_default();
                let last_page = hits.len() < 100;
                ranked.extend(
                    hits.iter()
                        .filter_map(|h| h["id"].as_str().map(str::to_owned)),
                );
                if last_page {
                    break;
                }
            }
            run.push((q.qid.clone(), ranked));
        }
        let _ = stop.send(());
        let _ = server.await;
        anyhow::Ok((run, latencies))
    })?;
    let scores = evaluate(&run, &qrels);
    let mut sorted = latencies;
    sorted.sort();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    println!(
        "relevance on {} ({} queries through HTTP): MAP {:.4}  nDCG@10 {:.4}  P@10 {:.4}  (median request {:.1} ms)",
        dir.display(),
        scores.queries,
        scores.map,
        scores.ndcg_10,
        scores.p_10,
        median.as_secs_f64() * 1000.0
    );
    Ok(())
}
