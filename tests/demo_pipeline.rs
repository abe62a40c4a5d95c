//! End to end: the bundled sample site served on loopback, crawled by the real
//! crawler into a temporary data dir, searched through the real HTTP server.

mod common;

use std::time::Duration;

use common::Server;
use serde_json::Value;

fn facet_counts(response: &Value, facet: &str) -> Vec<(String, u64)> {
    response["facets"][facet]
        .as_array()
        .unwrap_or_else(|| panic!("facet {facet} missing in {response}"))
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap_or_default().to_owned(),
                v["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn demo_crawls_the_sample_site_and_serves_faceted_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("demo-data");
    let server = Server::start(
        dir.path(),
        &[
            "demo",
            "--bind",
            "127.0.0.1:0",
            "--data-dir",
            data.to_str().expect("utf-8 path"),
        ],
        Duration::from_secs(240),
    );

    let (status, all) = server.get_json("/api/search?q=&per_page=5");
    assert_eq!(status, 200, "{all}");
    let total = all["total"].as_u64().expect("total");
    assert!(
        total >= 40,
        "the demo should index its 40+ articles, got {total}"
    );
    let hits = all["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 5);
    assert!(
        hits.iter()
            .all(|h| !h["snippet"].as_str().unwrap_or_default().is_empty())
    );
    for facet in ["country", "topic", "expert", "source"] {
        assert!(
            !facet_counts(&all, facet).is_empty(),
            "facet {facet} is empty"
        );
    }

    // The seed article went through crawl, extraction and enrichment.
    let (_, seed) = server.get_json("/api/search?q=Azerbaijan%20Gaza%20stabilization&per_page=1");
    let seed_hit = &seed["hits"][0];
    let countries: Vec<&str> = seed_hit["countries"]
        .as_array()
        .expect("countries")
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    for code in ["AZ", "IL", "IR", "PS"] {
        assert!(
            countries.contains(&code),
            "{code} missing from {countries:?}"
        );
    }
    let experts: Vec<&str> = seed_hit["experts"]
        .as_array()
        .expect("experts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        experts.contains(&"Joseph Epstein") && experts.contains(&"Zeev Khanin"),
        "{experts:?}"
    );

    // Disjunctive facets: selecting two countries narrows the hits but leaves the
    // country facet's own counts as they were.
    let countries = facet_counts(&all, "country");
    let (a, b) = (&countries[0].0, &countries[1].0);
    let (_, one) = server.get_json(&format!("/api/search?q=&country={a}"));
    let (_, two) = server.get_json(&format!("/api/search?q=&country={a}&country={b}"));
    let one_total = one["total"].as_u64().expect("total");
    let two_total = two["total"].as_u64().expect("total");
    assert!(one_total < total, "one country narrows the hits");
    assert!(two_total >= one_total && two_total <= total);
    assert_eq!(
        facet_counts(&two, "country"),
        countries,
        "own facet counts unchanged"
    );
    assert_ne!(facet_counts(&two, "source"), Vec::new());
    let topic_counts = facet_counts(&two, "topic");
    assert!(
        topic_counts.iter().all(|(_, c)| *c <= two_total),
        "other facets honour the selection"
    );

    // Bad input: 4xx JSON errors, never a 5xx.
    for bad in [
        "/api/search?q=%22unclosed",
        "/api/search?from=not-a-date",
        "/api/search?sort=sideways",
    ] {
        let (status, body) = server.get_json(bad);
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{bad}: {body}"
        );
    }
    let (status, clamped) = server.get_json("/api/search?q=&per_page=100000");
    assert_eq!(status, 200);
    assert_eq!(clamped["per_page"], 100);

    // The web page is served at `/`.
    let (status, page) = server.get("/?q=Azerbaijan");
    assert_eq!(status, 200);
    assert!(page.contains("Azerbaijan"));
}
