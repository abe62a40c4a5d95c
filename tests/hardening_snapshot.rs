//! `gazette check` and `gazette snapshot` through the real binary: a crawled and
//! imported data dir checks clean; damage in the middle of a WARC file fails the
//! check naming the file and byte, while a torn last record does not; snapshots
//! taken while `gazette serve` crawls and answers searches pass the check, and the
//! snapshot of the idle server answers searches exactly as the server does.

mod common;
mod hardening_support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Server, run_in};
use hardening_support::{archive, assert_ok, import_generated, write_site_config};

const TOKEN: &str = "hardening-snapshot-token";

fn check(dir: &Path, data_dir: &str) -> (bool, String) {
    let output = run_in(dir, &["check", "--data-dir", data_dir]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn warc_file(data_dir: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(data_dir.join("warc"))
        .expect("warc dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files.pop().expect("a WARC file")
}

#[test]
fn check_tells_torn_tails_from_corruption() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    write_site_config(work.path(), &site.base, "");
    assert_ok(&run_in(work.path(), &["crawl"]), "crawl");
    import_generated(work.path(), "extra.jsonl", "imp", 50);

    let (ok, text) = check(work.path(), "data");
    assert!(ok, "a fresh archive must check clean:\n{text}");
    assert!(text.contains("result: consistent"), "{text}");
    assert!(
        text.contains("articles crawled"),
        "the crawl state is checked:\n{text}"
    );

    let data = work.path().join("data");
    let file = warc_file(&data);
    let original = std::fs::read(&file).expect("read warc");

    // A crash mid-record: the last member is cut short. Reported, not a failure.
    std::fs::write(&file, &original[..original.len() - 40]).expect("write");
    let (ok, text) = check(work.path(), "data");
    assert!(ok, "a torn tail is not corruption:\n{text}");
    assert!(text.contains("cut short by a crash"), "{text}");

    // Bytes flipped in the middle of the file: corruption, named with file and byte.
    let mut damaged = original.clone();
    let middle = damaged.len() / 2;
    for byte in &mut damaged[middle..middle + 8] {
        *byte ^= 0x5a;
    }
    std::fs::write(&file, &damaged).expect("write");
    let (ok, text) = check(work.path(), "data");
    assert!(!ok, "corruption must fail the check:\n{text}");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        text.contains(&name) && text.contains("corrupt at byte"),
        "{text}"
    );

    std::fs::write(&file, &original).expect("restore");
    let (ok, text) = check(work.path(), "data");
    assert!(ok, "restored archive checks clean again:\n{text}");
}

#[test]
fn snapshots_of_a_busy_server_are_consistent() {
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
    import_generated(work.path(), "extra.jsonl", "imp", 300);

    let server = Server::start(
        work.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    let client = reqwest::blocking::Client::new();
    let started = client
        .post(format!("{}/api/crawl", server.base))
        .bearer_auth(TOKEN)
        .send()
        .expect("POST /api/crawl");
    assert_eq!(started.status().as_u16(), 202, "the crawl starts");

    // Searches keep running against the server throughout.
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let searcher = {
        let (stop, failures, base) = (
            Arc::clone(&stop),
            Arc::clone(&failures),
            server.base.clone(),
        );
        std::thread::spawn(move || {
            let client = reqwest::blocking::Client::new();
            let mut done = 0;
            while !stop.load(Ordering::Relaxed) && done < 5000 {
                let ok = client
                    .get(format!("{base}/api/search?q=budget&country=Kenya"))
                    .send()
                    .is_ok_and(|r| r.status().is_success());
                if !ok {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
                done += 1;
            }
            done
        })
    };

    // Snapshots while the crawl writes the index, the crawl state and the WARC
    // files, until it has finished (at least two, at most ten).
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut during_crawl = 0;
    for n in 0..10 {
        let (_, jobs) = server.get_json("/api/jobs");
        let source = &jobs["sources"]["Sample"];
        let running = source["running"] == true;
        if !running && n >= 2 {
            assert!(source["last_error"].is_null(), "the crawl failed: {jobs}");
            break;
        }
        during_crawl += usize::from(running);
        let target = format!("snap-busy-{n}");
        assert_ok(
            &run_in(work.path(), &["snapshot", &target]),
            "snapshot during the crawl",
        );
        let (ok, text) = check(work.path(), &target);
        assert!(
            ok,
            "snapshot {n} (crawl running: {running}) must check clean:\n{text}"
        );
    }
    eprintln!("{during_crawl} snapshots were taken while the crawl was running");
    // Then wait for the crawl to finish, and take one more snapshot of the idle server.
    loop {
        let (_, jobs) = server.get_json("/api/jobs");
        let source = &jobs["sources"]["Sample"];
        if source["running"] == false && !source["last_finished"].is_null() {
            assert!(source["last_error"].is_null(), "the crawl failed: {jobs}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the crawl did not finish: {jobs}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_ok(
        &run_in(work.path(), &["snapshot", "snap-idle"]),
        "snapshot of the idle server",
    );
    stop.store(true, Ordering::Relaxed);
    let searches = searcher.join().expect("search thread");
    assert!(searches > 0);
    assert_eq!(
        failures.load(Ordering::Relaxed),
        0,
        "searches failed while snapshots were taken"
    );

    let (ok, text) = check(work.path(), "snap-idle");
    assert!(ok, "{text}");
    let copy = archive(work.path(), &["--data-dir", "snap-idle"]);
    assert!(
        copy.len() >= 340,
        "300 imported and 40+ crawled articles, got {}",
        copy.len()
    );
    for query in [
        "budget",
        "\"budget measure\"",
        "Kenya OR Chile",
        "minister -Norway",
    ] {
        let (status, live) =
            server.get_json(&format!("/api/search?q={}&per_page=50", urlencode(query)));
        assert_eq!(status, 200);
        let output = run_in(
            work.path(),
            &[
                "search",
                query,
                "--json",
                "--per-page",
                "50",
                "--data-dir",
                "snap-idle",
            ],
        );
        assert_ok(&output, "search in the snapshot");
        let snapshot: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(snapshot["total"], live["total"], "{query}");
        let ids = |v: &serde_json::Value| -> Vec<String> {
            v["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .map(|h| h["id"].to_string())
                .collect()
        };
        assert_eq!(ids(&snapshot), ids(&live), "{query}");
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
