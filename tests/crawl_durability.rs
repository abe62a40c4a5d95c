//! Crawl durability through the real binary against the sample site on loopback:
//! a re-crawl of an unchanged site adds nothing, SIGKILL at random moments followed
//! by a restart ends with exactly the index of an uninterrupted crawl, and
//! `gazette reindex` from the WARC archive reproduces the same search results.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use common::{Server, run_in};

fn write_config(dir: &Path, site: &str) {
    let config = format!(
        "[crawler]\nper_host_delay_ms = 0\nrequest_timeout_s = 10\n\n\
         [[sources]]\nname = \"Sample\"\nfeeds = [\"{site}/rss.xml\"]\n\
         sitemaps = [\"{site}/sitemap.xml\"]\nstart_urls = [\"{site}/\"]\nmax_depth = 2\n"
    );
    std::fs::write(dir.join("config.toml"), config).expect("write config");
}

/// Every article of the index: id -> (title, published), through `gazette search --json`.
fn archive(dir: &Path) -> BTreeMap<String, (String, String)> {
    let mut all = BTreeMap::new();
    for hit in common::all_hits(dir, &["--sort", "oldest"]) {
        let id = hit["id"].as_str().expect("id").to_owned();
        let value = (hit["title"].to_string(), hit["published"].to_string());
        assert!(
            all.insert(id, value).is_none(),
            "an article is listed twice"
        );
    }
    all
}

fn crawl(dir: &Path) -> serde_json::Value {
    let output = run_in(dir, &["crawl"]);
    assert!(
        output.status.success(),
        "crawl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("crawl prints its report as JSON")
}

/// A cheap deterministic sequence of kill delays (no RNG dependency needed).
fn kill_delays(seed: u64, n: usize) -> Vec<Duration> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(150 + x % 1200)
        })
        .collect()
}

#[test]
fn recrawl_kill_and_reindex_leave_the_same_archive() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );

    // An uninterrupted crawl is the reference.
    let reference_dir = work.path().join("reference");
    std::fs::create_dir(&reference_dir).expect("mkdir");
    write_config(&reference_dir, &site.base);
    let first = crawl(&reference_dir);
    let reference = archive(&reference_dir);
    assert!(
        reference.len() >= 40,
        "the sample site has 40+ articles, got {}",
        reference.len()
    );
    assert_eq!(
        first["totals"]["articles_new"].as_u64(),
        Some(reference.len() as u64),
        "{first}"
    );

    // A second crawl of the unchanged site adds and updates nothing.
    let second = crawl(&reference_dir);
    assert_eq!(second["totals"]["articles_new"], 0, "{second}");
    assert_eq!(second["totals"]["articles_updated"], 0, "{second}");
    assert_eq!(archive(&reference_dir), reference);

    // Reindex from the WARC archive gives the same search results.
    let output = run_in(&reference_dir, &["reindex"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        archive(&reference_dir),
        reference,
        "reindex changed the archive"
    );

    // SIGKILL at random moments, then a clean finish: the same archive.
    let killed_dir = work.path().join("killed");
    std::fs::create_dir(&killed_dir).expect("mkdir");
    write_config(&killed_dir, &site.base);
    for delay in kill_delays(0x9e37_79b9_7f4a_7c15, 4) {
        let mut child = common::gazette()
            .current_dir(&killed_dir)
            .arg("crawl")
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
    }
    crawl(&killed_dir);
    assert_eq!(
        archive(&killed_dir),
        reference,
        "a killed and resumed crawl differs from an uninterrupted one"
    );
}
