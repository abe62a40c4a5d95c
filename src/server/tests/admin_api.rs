//! `POST /api/crawl`: disabled without a token, 401 without or with a wrong one,
//! and with the right one it triggers the jobs (reporting a run already in progress).

use super::TestServer;
use serde_json::Value;

async fn post_crawl(server: &TestServer, query: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = server
        .client
        .post(server.url(&format!("/api/crawl{query}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_is_disabled_without_a_configured_token() {
    let server = TestServer::start(|settings| settings.admin_token = None).await;
    for token in [None, Some(""), Some("anything")] {
        let (status, body) = post_crawl(&server, "", token).await;
        assert_eq!(status, 403, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .contains("disabled"),
            "{body}"
        );
    }
    assert!(server.jobs.triggers.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_needs_the_right_bearer_token() {
    let server =
        TestServer::start(|settings| settings.admin_token = Some("s3cret-token".into())).await;
    for token in [
        None,
        Some("wrong"),
        Some("s3cret-token-and-more"),
        Some("s3cret-toke"),
    ] {
        let (status, body) = post_crawl(&server, "", token).await;
        assert_eq!(status, 401, "{token:?}: {body}");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    assert!(
        server.jobs.triggers.lock().unwrap().is_empty(),
        "no trigger without the token"
    );

    let (status, body) = post_crawl(&server, "", Some("s3cret-token")).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (202, Some("started")),
        "{body}"
    );
    let (status, body) = post_crawl(&server, "?source=Policy+Wire", Some("s3cret-token")).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("already_running")),
        "{body}"
    );
    let (status, body) = post_crawl(&server, "?source=nowhere", Some("s3cret-token")).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nowhere"),
        "{body}"
    );
    assert_eq!(
        *server.jobs.triggers.lock().unwrap(),
        [None, Some("Policy Wire".to_owned())]
    );

    let response = server
        .client
        .get(server.url("/api/crawl"))
        .bearer_auth("s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405, "triggering needs POST");
}
