//! Bad input gets a 4xx JSON error that says what to fix; limits answer in JSON too;
//! every response carries the security headers.

use super::{TestServer, assert_error_shape};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_are_400_naming_the_parameter() {
    let server = TestServer::start(|_| {}).await;
    let cases = [
        ("/api/search?from=not-a-date", "from"),
        ("/api/search?to=2024-02-30", "to"),
        ("/api/search?from=2024-05-01&to=2024-01-01", "from"),
        ("/api/search?sort=sideways", "sort"),
        ("/api/search?page=-1", "page"),
        ("/api/search?page=abc", "page"),
        ("/api/search?page=0", "page"),
        ("/api/search?per_page=0", "per_page"),
        ("/api/search?page=1&page=2", "page"),
        ("/api/search?page=100000", "page"),
        ("/api/search?country=Atlantis", "country"),
        ("/api/search?topic=underwater+basket+weaving", "topic"),
        ("/api/search?mode=fancy", "mode"),
        ("/api/search?contry=AZ", "contry"),
        ("/api/timeline?interval=fortnight", "interval"),
        ("/api/export?format=xml", "format"),
        ("/api/facets/country?limit=0", "limit"),
        ("/api/articles/az-israel-gas/similar?limit=1000", "limit"),
        ("/api/quotes?per_page=abc", "per_page"),
        ("/api/experts?country=Atlantis", "country"),
        ("/api/search?q=%ZZ", "q"),
        ("/api/search?q=%C3%28", "q"),
        ("/api/search?q=a%00b", "q"),
    ];
    for (path, parameter) in cases {
        let message = server.expect_error(path, 400).await;
        assert!(
            message.contains(parameter),
            "{path}: the message should name '{parameter}': {message}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_syntax_errors_and_long_queries_are_400() {
    let server = TestServer::start(|settings| settings.limits.max_query_len = 50).await;
    server.expect_error("/api/search?q=%22unclosed", 400).await;
    server
        .expect_error("/api/search?q=(israel+OR+gaza", 400)
        .await;
    let long = "word+".repeat(40);
    let message = server
        .expect_error(&format!("/api/search?q={long}"), 400)
        .await;
    assert!(
        message.contains("50"),
        "the message states the limit: {message}"
    );
    let (status, body) = server
        .get_json("/api/search?q=%22unclosed&mode=simple")
        .await;
    assert_eq!(
        status, 200,
        "simple mode takes the text as plain words: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_things_are_json_404_and_wrong_methods_json_405() {
    let server = TestServer::start(|_| {}).await;
    server
        .expect_error("/api/articles/no-such-article", 404)
        .await;
    server
        .expect_error("/api/articles/no-such-article/similar", 404)
        .await;
    server.expect_error("/api/facets/colour", 404).await;
    server.expect_error("/api/nothing-here", 404).await;
    let message = server.expect_error("/api/articles/%FF%FE", 400).await;
    assert!(message.contains("path"), "{message}");
    server.expect_error("/api/facets/%FF", 400).await;
    server
        .expect_error("/api/export?cursor=not-a-real-cursor", 400)
        .await;
    let response = server
        .client
        .post(server.url("/api/search"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert!(
        response.headers().contains_key("allow"),
        "405 keeps its Allow header"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error_shape(&body, "POST /api/search");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_json_413() {
    let server = TestServer::start(|settings| {
        settings.admin_token = Some("token".into());
        settings.limits.max_body_bytes = 1024;
    })
    .await;
    let response = server
        .client
        .post(server.url("/api/crawl"))
        .bearer_auth("token")
        .body(vec![b'x'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error_shape(&body, "413");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_security_headers_and_compress() {
    let server = TestServer::start(|_| {}).await;
    for path in ["/api/search?q=israel", "/api/nothing-here", "/healthz"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert!(headers.contains_key("content-security-policy"), "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
        assert!(
            !headers.contains_key("access-control-allow-origin"),
            "CORS is off by default"
        );
    }
    // Feature unification may give reqwest transparent decompression: switch it off to
    // see what the server really sends.
    let raw_client = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap();
    for encoding in ["gzip", "br"] {
        let response = raw_client
            .get(server.url("/api/openapi.json"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        let content_encoding = response.headers().get("content-encoding").cloned();
        assert_eq!(
            content_encoding.as_ref().map(|v| v.as_bytes()),
            Some(encoding.as_bytes())
        );
        let body = response.bytes().await.unwrap();
        assert!(
            serde_json::from_slice::<serde_json::Value>(&body).is_err(),
            "the body is encoded"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_answers_only_configured_origins() {
    let server = TestServer::start(|settings| {
        settings.cors_origins = vec!["https://newsroom.example".into()]
    })
    .await;
    let allowed = server
        .client
        .get(server.url("/healthz"))
        .header("origin", "https://newsroom.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"https://newsroom.example"[..])
    );
    let other = server
        .client
        .get(server.url("/healthz"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

/// A negated phrase trips a debug assertion in tantivy's phrase scorer as gazette-index
/// builds the query (the server answers JSON 500); un-ignore once the index is fixed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negated_phrases_are_answered() {
    let server = TestServer::start(|_| {}).await;
    for q in [
        "-%22remain+fragile%22",
        "NOT+%22energy+ties%22",
        "israel+-%22remain+fragile%22",
    ] {
        let (status, body) = server
            .get_json(&format!("/api/search?q={q}&sort=newest"))
            .await;
        assert_eq!(status, 200, "{q}: {body}");
    }
}
