//! `gazette serve` runs the configured crawl jobs: on their cron schedule, and on
//! demand through `POST /api/crawl` with the admin token; `GET /api/jobs` reports them.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::Server;

const TOKEN: &str = "test-admin-token-0123456789";

fn write_config(dir: &Path, site: &str, schedule: &str) {
    let config = format!(
        "[crawler]\nper_host_delay_ms = 0\n\n\
         [[sources]]\nname = \"Sample\"\nfeeds = [\"{site}/rss.xml\"]\n\
         sitemaps = [\"{site}/sitemap.xml\"]\nmax_depth = 1\nschedule = \"{schedule}\"\n"
    );
    std::fs::write(dir.join("config.toml"), config).expect("write config");
}

fn start_serve(dir: &Path) -> std::process::Child {
    common::gazette()
        .current_dir(dir)
        .env("GAZETTE_ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "info")
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve")
}

/// Polls `/api/jobs` until the source has finished a run.
fn wait_for_finished_run(base: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let jobs: serde_json::Value = reqwest::blocking::get(format!("{base}/api/jobs"))
            .expect("jobs")
            .json()
            .expect("json");
        let sample = &jobs["sources"]["Sample"];
        if !sample["last_finished"].is_null() && sample["running"] == false {
            return jobs;
        }
        assert!(Instant::now() < deadline, "no finished run in time: {jobs}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn post_crawl_needs_the_token_and_runs_the_job() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    write_config(work.path(), &site.base, "0 0 1 1 *");
    let server = Server::from_child(start_serve(work.path()), Duration::from_secs(60));
    let client = reqwest::blocking::Client::new();

    let (status, jobs) = server.get_json("/api/jobs");
    assert_eq!(status, 200);
    assert_eq!(jobs["sources"]["Sample"]["schedule"], "0 0 1 1 *");
    assert!(
        jobs["sources"]["Sample"]["next_run"]
            .as_str()
            .is_some_and(|d| d.starts_with("20")),
        "{jobs}"
    );

    let url = format!("{}/api/crawl", server.base);
    let anonymous = client.post(&url).send().expect("post");
    assert_eq!(anonymous.status().as_u16(), 401);
    let wrong = client
        .post(&url)
        .bearer_auth("not-the-token-at-all-xxxx")
        .send()
        .expect("post");
    assert_eq!(wrong.status().as_u16(), 401);
    let (status, before) = server.get_json("/api/search?q=");
    assert_eq!(status, 200);
    assert_eq!(before["total"], 0, "nothing is crawled before the trigger");

    let started = client.post(&url).bearer_auth(TOKEN).send().expect("post");
    assert_eq!(started.status().as_u16(), 202);
    let jobs = wait_for_finished_run(&server.base);
    let report = &jobs["sources"]["Sample"]["last_report"]["totals"];
    assert!(report["articles_new"].as_u64().unwrap_or(0) >= 20, "{jobs}");
    assert!(jobs["sources"]["Sample"]["last_error"].is_null(), "{jobs}");

    let (_, after) = server.get_json("/api/search?q=");
    assert_eq!(
        after["total"], report["articles_new"],
        "the job's articles are searchable at once"
    );
    let (_, metrics) = server.get("/metrics");
    assert!(
        metrics.contains("gazette_crawler_pages_total"),
        "crawler counters are exported"
    );

    let unknown = client
        .post(format!("{url}?source=Nope"))
        .bearer_auth(TOKEN)
        .send()
        .expect("post");
    assert_eq!(unknown.status().as_u16(), 400);

    // The token never reaches the logs.
    let mut child = server.into_child();
    let _ = child.kill();
    let _ = child.wait();
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut logs)
        .expect("read logs");
    assert!(!logs.contains(TOKEN), "the admin token was logged");
    assert!(logs.contains("crawl job"), "the job was logged: {logs}");
}

#[test]
fn the_cron_schedule_starts_runs_by_itself() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    // Every two seconds (croner's optional seconds field).
    write_config(work.path(), &site.base, "*/2 * * * * *");
    let server = Server::from_child(start_serve(work.path()), Duration::from_secs(60));
    let jobs = wait_for_finished_run(&server.base);
    assert!(
        jobs["sources"]["Sample"]["last_report"]["totals"]["articles_new"]
            .as_u64()
            .unwrap_or(0)
            >= 20,
        "{jobs}"
    );
}
