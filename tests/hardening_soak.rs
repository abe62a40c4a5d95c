//! A bounded soak (about a minute): searches, crawls (`POST /api/crawl`) and
//! imports at once against one data dir served by `gazette serve`.
//!
//! Crawl and import both need the index's single writer: whichever asks second
//! must fail cleanly (import exits 1 saying the index is being written; the crawl
//! job records "the index is busy") and never corrupt anything. The test prints
//! resident memory and search latency (p50/p99) before and after, and asserts zero
//! 5xx, no failed search, a generous memory bound, and a clean `gazette check`.
//! Latency is printed, not asserted: timing targets belong in the bench.

mod common;
mod hardening_support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Server, run_in};
use hardening_support::{
    KillOnDrop, assert_ok, import_generated, percentile, rss_kib, sigterm, wait_for_exit,
    write_archive, write_site_config,
};

const TOKEN: &str = "hardening-soak-token";
/// How long searches, crawls and imports run together.
const SOAK: Duration = Duration::from_secs(40);
/// Articles per import round.
const ROUND: usize = 150;

/// A realistic mix of the API's read endpoints.
const QUERIES: [&str; 10] = [
    "/api/search?q=budget",
    "/api/search?q=%22budget+measure%22",
    "/api/search?q=Kenya+OR+Chile",
    "/api/search?q=schools+-Norway",
    "/api/search?q=grain&country=KE&sort=newest",
    "/api/search?q=budget&page=2&per_page=20",
    "/api/search?source=Generated+1&country=Peru",
    "/api/facets/country?q=budget",
    "/api/timeline?q=tariffs&interval=month",
    "/api/experts?q=Lopez",
];

/// One search outcome: which query, its status, its latency.
type Sample = (usize, u16, Duration);

fn measure(client: &reqwest::blocking::Client, base: &str, rounds: usize) -> Vec<Sample> {
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for (kind, path) in QUERIES.iter().enumerate() {
            let started = Instant::now();
            let status = client
                .get(format!("{base}{path}"))
                .send()
                .map(|r| {
                    let status = r.status().as_u16();
                    let _ = r.bytes();
                    status
                })
                .unwrap_or(0);
            samples.push((kind, status, started.elapsed()));
        }
    }
    samples
}

fn latency_line(label: &str, samples: &[Sample]) -> String {
    let durations: Vec<Duration> = samples.iter().map(|s| s.2).collect();
    format!(
        "{label}: {} requests, p50 {:.1} ms, p99 {:.1} ms",
        durations.len(),
        percentile(&durations, 50.0).as_secs_f64() * 1000.0,
        percentile(&durations, 99.0).as_secs_f64() * 1000.0
    )
}

fn search_total(dir: &Path, query: &str) -> u64 {
    let output = run_in(dir, &["search", query, "--json", "--per-page", "1"]);
    assert_ok(&output, "search");
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    body["total"].as_u64().expect("total")
}

#[test]
fn searches_crawls_and_imports_at_once_stay_healthy() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    write_site_config(
        work.path(),
        &site.base,
        &format!("[server]\nadmin_token = \"{TOKEN}\"\n"),
    );
    import_generated(work.path(), "seed.jsonl", "seed", 1500);

    let server = Server::start(
        work.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    let base = server.base.clone();
    let mut serve = KillOnDrop(server.into_child());
    let pid = serve.0.id();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");

    measure(&client, &base, 3); // warm-up
    let before = measure(&client, &base, 20);
    let rss_before = rss_kib(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let soak_samples = Arc::new(Mutex::new(Vec::new()));
    let searchers: Vec<_> = (0..2)
        .map(|_| {
            let (stop, samples, base, client) = (
                Arc::clone(&stop),
                Arc::clone(&soak_samples),
                base.clone(),
                client.clone(),
            );
            std::thread::spawn(move || {
                let mut rounds = 0;
                while !stop.load(Ordering::Relaxed) && rounds < 2000 {
                    let got = measure(&client, &base, 1);
                    samples.lock().expect("samples").extend(got);
                    rounds += 1;
                }
            })
        })
        .collect();
    let crawler = {
        let (stop, base, client) = (Arc::clone(&stop), base.clone(), client.clone());
        std::thread::spawn(move || {
            let mut statuses = Vec::new();
            let mut errors = Vec::new();
            while !stop.load(Ordering::Relaxed) && statuses.len() < 100 {
                let status = client
                    .post(format!("{base}/api/crawl"))
                    .bearer_auth(TOKEN)
                    .send()
                    .map_or(0, |r| r.status().as_u16());
                statuses.push(status);
                std::thread::sleep(Duration::from_millis(1500));
                let jobs: serde_json::Value = client
                    .get(format!("{base}/api/jobs"))
                    .send()
                    .and_then(|r| r.json())
                    .unwrap_or_default();
                if let Some(error) = jobs["sources"]["Sample"]["last_error"].as_str() {
                    errors.push(error.to_owned());
                }
            }
            (statuses, errors)
        })
    };

    // Imports run in the foreground, in rounds of distinct articles.
    let soak_started = Instant::now();
    let mut imported_rounds = Vec::new();
    let mut refused_rounds = Vec::new();
    for round in 0..200 {
        if soak_started.elapsed() >= SOAK {
            break;
        }
        let prefix = format!("soak{round}");
        let file = work.path().join(format!("{prefix}.jsonl"));
        write_archive(&file, &prefix, ROUND);
        let output = run_in(
            work.path(),
            &["import", "--jsonl", file.to_str().expect("utf-8")],
        );
        if output.status.success() {
            imported_rounds.push(prefix);
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            assert!(
                stderr.contains("being written by another process"),
                "an import refused for an unclear reason: {stderr}"
            );
            refused_rounds.push(prefix);
            // The writer is busy with a crawl: try again a little later, as an operator would.
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    stop.store(true, Ordering::Relaxed);
    for searcher in searchers {
        searcher.join().expect("search thread");
    }
    let (crawl_statuses, crawl_errors) = crawler.join().expect("crawl thread");

    // Let the last crawl finish and the server pick up the last import.
    let deadline = Instant::now() + Duration::from_secs(60);
    while client
        .get(format!("{base}/api/jobs"))
        .send()
        .and_then(|r| r.json::<serde_json::Value>())
        .is_ok_and(|jobs| jobs["sources"]["Sample"]["running"] == true)
    {
        assert!(Instant::now() < deadline, "the last crawl did not finish");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(6));
    let after = measure(&client, &base, 20);
    let rss_after = rss_kib(pid);

    let soak = soak_samples.lock().expect("samples").clone();
    eprintln!(
        "soak: {} import rounds done, {} refused (writer busy); crawl triggers {:?}; crawl job errors {:?}",
        imported_rounds.len(),
        refused_rounds.len(),
        crawl_statuses,
        crawl_errors
    );
    eprintln!("{}", latency_line("before", &before));
    eprintln!("{}", latency_line("during", &soak));
    eprintln!("{}", latency_line("after", &after));
    eprintln!("RSS before {rss_before:?} KiB, after {rss_after:?} KiB");

    let all: Vec<&Sample> = before.iter().chain(&soak).chain(&after).collect();
    let server_errors = all.iter().filter(|s| s.1 >= 500).count();
    assert_eq!(server_errors, 0, "5xx answers during the soak");
    let failed: Vec<_> = all
        .iter()
        .filter(|s| s.1 != 200)
        .map(|s| (QUERIES[s.0], s.1))
        .take(5)
        .collect();
    assert!(failed.is_empty(), "searches failed: {failed:?}");
    assert!(
        crawl_statuses.iter().all(|s| *s == 200 || *s == 202),
        "crawl triggers: {crawl_statuses:?}"
    );
    for error in &crawl_errors {
        assert!(
            error.contains("busy"),
            "a crawl job failed for another reason than a busy index: {error}"
        );
    }
    assert!(
        !imported_rounds.is_empty(),
        "no import succeeded in {SOAK:?}"
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after <= before * 3 + 256 * 1024,
            "resident memory grew from {before} KiB to {after} KiB"
        );
    }

    sigterm(&serve.0);
    let status = wait_for_exit(&mut serve.0, Duration::from_secs(40)).expect("serve exits");
    assert_eq!(status.code(), Some(0));
    assert_ok(&run_in(work.path(), &["check"]), "check after the soak");
    for prefix in &imported_rounds {
        assert_eq!(
            search_total(work.path(), prefix),
            ROUND as u64,
            "import round {prefix} is incomplete"
        );
    }
    for prefix in &refused_rounds {
        assert_eq!(
            search_total(work.path(), prefix),
            0,
            "a refused import round {prefix} left articles"
        );
    }
}
