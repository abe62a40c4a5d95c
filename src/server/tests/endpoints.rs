//! Every endpoint with good input: the answers carry the fixture data they should.

use super::TestServer;
use serde_json::Value;

fn ids(hits: &Value) -> Vec<String> {
    hits.as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|hit| hit["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn facet_count(facet: &Value, value: &str) -> Option<u64> {
    facet
        .as_array()?
        .iter()
        .find(|entry| entry["value"] == value)?["count"]
        .as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_ranks_highlights_and_counts_facets() {
    let server = TestServer::start(|_| {}).await;
    let (status, body) = server.get_json("/api/search?q=israel").await;
    assert_eq!(status, 200, "{body}");
    let found = ids(&body["hits"]);
    assert!(
        found.contains(&"az-israel-gas".to_owned()) && found.contains(&"gaza-ceasefire".to_owned()),
        "{body}"
    );
    assert_eq!(body["total"], 2);
    assert!(
        body["hits"][0]["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("<mark>"),
        "{body}"
    );
    assert_eq!(
        facet_count(&body["facets"]["country"], "IL"),
        Some(2),
        "{body}"
    );
    assert!(
        body.get("notice").is_none(),
        "no notice without an adjustment: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_take_names_codes_and_labels() {
    let server = TestServer::start(|_| {}).await;
    for query in [
        "country=Georgia",
        "country=ge",
        "country=GE&source=caucasus+daily",
    ] {
        let (status, body) = server.get_json(&format!("/api/search?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(ids(&body["hits"]), ["georgia-election"], "{query}");
    }
    let (_, body) = server
        .get_json("/api/search?country=GE&country=Belgium&sort=newest")
        .await;
    assert_eq!(
        ids(&body["hits"]),
        ["georgia-election", "eu-tariffs"],
        "OR within a facet: {body}"
    );
    let (_, body) = server
        .get_json("/api/search?topic=politics&country=IL")
        .await;
    assert_eq!(body["total"], 2, "AND across facets: {body}");
    let (_, body) = server.get_json("/api/search?topic=medtop:04000000").await;
    assert_eq!(body["total"], 2, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_sorting_and_paging() {
    let server = TestServer::start(|_| {}).await;
    let (_, body) = server
        .get_json("/api/search?from=2024-01-01&sort=oldest")
        .await;
    assert_eq!(
        ids(&body["hits"]),
        ["az-israel-gas", "georgia-election"],
        "{body}"
    );
    let (_, body) = server.get_json("/api/search?to=2023&sort=newest").await;
    assert_eq!(
        ids(&body["hits"]),
        ["gaza-ceasefire", "eu-tariffs"],
        "{body}"
    );
    let (_, body) = server
        .get_json("/api/search?sort=newest&page=2&per_page=2")
        .await;
    assert_eq!(
        ids(&body["hits"]),
        ["gaza-ceasefire", "eu-tariffs"],
        "{body}"
    );
    assert_eq!(
        (
            body["page"].as_u64(),
            body["per_page"].as_u64(),
            body["total"].as_u64()
        ),
        (Some(2), Some(2), Some(5))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_pages_are_clamped_and_said_so() {
    let server = TestServer::start(|_| {}).await;
    let (status, body) = server.get_json("/api/search?per_page=100000").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["per_page"], 100);
    assert!(
        body["notice"]
            .as_str()
            .unwrap_or_default()
            .contains("100000"),
        "{body}"
    );
    assert_eq!(body["hits"].as_array().map(Vec::len), Some(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn articles_and_similar_articles() {
    let server = TestServer::start(|_| {}).await;
    let (status, article) = server.get_json("/api/articles/az-israel-gas").await;
    assert_eq!(status, 200, "{article}");
    assert_eq!(article["title"], "Azerbaijan and Israel deepen energy ties");
    assert_eq!(article["quotes"][0]["speaker"], "Joseph Epstein");
    assert_eq!(article["countries"][0]["code"], "AZ");
    let (status, similar) = server
        .get_json("/api/articles/az-israel-gas/similar?limit=3")
        .await;
    assert_eq!(status, 200, "{similar}");
    let similar_ids = ids(&similar["hits"]);
    assert!(
        !similar_ids.is_empty() && similar_ids.len() <= 3,
        "{similar}"
    );
    assert!(
        !similar_ids.contains(&"az-israel-gas".to_owned()),
        "an article is not similar to itself: {similar}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quotes_and_experts() {
    let server = TestServer::start(|_| {}).await;
    let (status, body) = server
        .get_json("/api/quotes?expert=Joseph+Epstein&sort=newest")
        .await;
    assert_eq!(status, 200, "{body}");
    let articles: Vec<&str> = body["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|quote| quote["article_id"].as_str())
        .collect();
    assert_eq!(articles, ["az-israel-gas", "gaza-ceasefire"], "{body}");
    let (_, body) = server.get_json("/api/quotes?q=overdue").await;
    assert_eq!(body["quotes"][0]["speaker"], "Maria Lopez", "{body}");
    let (status, body) = server.get_json("/api/experts").await;
    assert_eq!(status, 200, "{body}");
    let epstein = body["experts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|expert| expert["name"] == "Joseph Epstein");
    assert_eq!(
        epstein.map(|expert| expert["quotes"].clone()),
        Some(Value::from(2)),
        "{body}"
    );
    let (_, body) = server.get_json("/api/experts?country=BE").await;
    let names: Vec<&str> = body["experts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["Maria Lopez"], "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facet_browsing_and_timeline() {
    let server = TestServer::start(|_| {}).await;
    let (status, body) = server.get_json("/api/facets/country").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(facet_count(&body["values"], "AZ"), Some(2), "{body}");
    let (_, body) = server
        .get_json("/api/facets/country?prefix=a&limit=1")
        .await;
    assert_eq!(body["values"].as_array().map(Vec::len), Some(1), "{body}");
    let (_, body) = server.get_json("/api/facets/source?q=tariffs").await;
    assert_eq!(
        facet_count(&body["values"], "Policy Wire"),
        Some(1),
        "{body}"
    );
    let (status, body) = server.get_json("/api/timeline?interval=year").await;
    assert_eq!(status, 200, "{body}");
    let keys: Vec<&str> = body["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["key"].as_str())
        .collect();
    assert_eq!(keys, ["2022", "2023", "2024"], "{body}");
    assert_eq!(body["undated"], 1, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_streams_every_match_and_resumes_from_a_cursor() {
    let server = TestServer::start(|_| {}).await;
    let response = server
        .client
        .get(server.url("/api/export?format=ndjson"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-ndjson")
    );
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines
            .iter()
            .all(|line| line["title"].is_string() && line["cursor"].is_string())
    );
    let cursor = lines[1]["cursor"].as_str().unwrap();
    let resumed = server
        .client
        .get(server.url("/api/export"))
        .query(&[("cursor", cursor)])
        .send()
        .await
        .unwrap();
    let rest: Vec<Value> = resumed
        .text()
        .await
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        rest.iter()
            .map(|line| line["id"].clone())
            .collect::<Vec<_>>(),
        lines[2..]
            .iter()
            .map(|l| l["id"].clone())
            .collect::<Vec<_>>()
    );

    let csv_text = server
        .client
        .get(server.url("/api/export?format=csv&q=tariffs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(2), Some("title"));
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1, "{csv_text}");
    assert_eq!(
        rows[0].get(2),
        Some("EU trade ministers & tariffs: \"a <b>bold</b> step\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operational_endpoints() {
    let server = TestServer::start(|_| {}).await;
    let (status, health) = server.get_json("/healthz").await;
    assert_eq!(
        (
            status,
            health["status"].as_str(),
            health["articles"].as_u64()
        ),
        (200, Some("ok"), Some(5))
    );
    let (status, jobs) = server.get_json("/api/jobs").await;
    assert_eq!(status, 200);
    assert_eq!(jobs["sources"][0]["name"], "Policy Wire", "{jobs}");
    server.get_json("/api/articles/gaza-ceasefire").await;
    server.get_json("/api/articles/no-such-article").await;
    let metrics = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("route=\"/api/articles/{id}\""),
        "counted by route template: {metrics}"
    );
    assert!(
        !metrics.contains("gaza-ceasefire") && !metrics.contains("no-such-article"),
        "never by raw URL"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simple_mode_and_hybrid_sort() {
    let server = TestServer::start(|_| {}).await;
    let (status, body) = server
        .get_json("/api/search?q=israel+OR+(&mode=simple")
        .await;
    assert_eq!(status, 200, "plain words, no syntax: {body}");
    let (status, body) = server.get_json("/api/search?q=israel&sort=hybrid").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 2, "{body}");
}
