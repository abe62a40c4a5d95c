//! The search answer cache through the real server: a repeated search is answered
//! from the cache (counted on `/metrics`), and an import committed by another
//! process while the server runs shows up in the next answer, never a stale one.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Server, run_in};

/// The value of a counter without labels on the `/metrics` page.
fn counter(server: &Server, name: &str) -> u64 {
    let (status, page) = server.get("/metrics");
    assert_eq!(status, 200);
    page.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} is not on /metrics:\n{page}"))
}

fn import(dir: &Path, file: &str, lines: &[serde_json::Value]) {
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    std::fs::write(dir.join(file), body).expect("write the import file");
    let output = run_in(dir, &["--data-dir", "data", "import", "--jsonl", file]);
    assert!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn article(id: &str, title: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "url": format!("https://wire.example/{id}"),
        "title": title,
        "text": format!("{title}. Engineers met in Tbilisi on Monday to inspect the work."),
        "published": "2025-04-01T09:00:00Z",
        "source": "Policy Wire"
    })
}

#[test]
fn repeats_come_from_the_cache_and_commits_are_seen_at_once() {
    let work = tempfile::tempdir().expect("tempdir");
    import(
        work.path(),
        "first.jsonl",
        &[article("viaduct-1", "Viaduct repairs begin")],
    );
    let server = Server::start(
        work.path(),
        &["--data-dir", "data", "serve", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    let query = "/api/search?q=viaduct&country=GE";
    let (status, first) = server.get_json(query);
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["total"], 1);
    let hits_before = counter(&server, "gazette_search_cache_hits_total");
    let (_, again) = server.get_json(query);
    assert_eq!(again["hits"], first["hits"]);
    assert_eq!(again["facets"], first["facets"]);
    assert_eq!(
        counter(&server, "gazette_search_cache_hits_total"),
        hits_before + 1,
        "the repeat is answered from the cache"
    );

    // Another process commits; the server follows commits, and the cached answer
    // of the older index must not be served once the new one is visible.
    import(
        work.path(),
        "second.jsonl",
        &[article("viaduct-2", "Second viaduct opens")],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = server.get_json(query);
        assert_eq!(status, 200, "{body}");
        if body["total"] == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import never showed up in the search: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, articles) = server.get_json("/api/search?q=tbilisi");
    assert_eq!(articles["total"], 2, "{articles}");
}
