//! The limits that protect the server, on test-only routes (a slow one, a panicking
//! one) inside the real middleware stack: the time limit, load shedding, the panic
//! net and graceful shutdown. Using its own routes keeps these tests independent of
//! how fast the index happens to be.

use super::super::state::ServerSettings;
use super::super::{middleware, serve_router};
use axum::Router;
use axum::routing::get;
use std::time::Duration;
use tokio::sync::oneshot;

/// Serves a router of test-only routes (a slow one, a panicking one) inside the real
/// middleware stack, so limits can be tested without depending on the index's speed.
fn layered_routes(settings: &ServerSettings) -> Router {
    let routes = Router::new()
        .route(
            "/api/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "done"
            }),
        )
        .route("/api/bug", get(|| async { panic_in_handler() }));
    middleware::wrap(routes, settings)
}

async fn serve_layered(settings: ServerSettings) -> (String, oneshot::Sender<()>) {
    let app = layered_routes(&settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    (base, stop)
}

fn panic_in_handler() -> &'static str {
    panic!("deliberate test panic")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_past_the_time_limit_is_a_json_503_with_retry_after() {
    let mut settings = ServerSettings::default();
    settings.limits.request_timeout = Duration::from_millis(100);
    let (base, _stop) = serve_layered(settings).await;
    let response = reqwest::get(format!("{base}/api/slow")).await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "timeout", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_shed_with_503_and_retry_after() {
    let mut settings = ServerSettings::default();
    settings.limits.max_concurrent_requests = 1;
    let (base, _stop) = serve_layered(settings).await;
    let client = reqwest::Client::new();
    let slow = tokio::spawn(client.get(format!("{base}/api/slow")).send());
    tokio::time::sleep(Duration::from_millis(150)).await;
    let shed = client.get(format!("{base}/api/slow")).send().await.unwrap();
    assert_eq!(shed.status().as_u16(), 503);
    assert!(shed.headers().contains_key("retry-after"));
    let body: serde_json::Value = shed.json().await.unwrap();
    assert_eq!(body["error"]["code"], "overloaded", "{body}");
    let first = slow.await.unwrap().unwrap();
    assert_eq!(
        first.status().as_u16(),
        200,
        "the request in flight finishes"
    );
    let after = client.get(format!("{base}/api/slow")).send().await.unwrap();
    assert_eq!(after.status().as_u16(), 200, "capacity comes back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_answers_json_500_and_the_server_lives_on() {
    let (base, _stop) = serve_layered(ServerSettings::default()).await;
    let response = reqwest::get(format!("{base}/api/bug")).await.unwrap();
    assert_eq!(response.status().as_u16(), 500);
    assert!(response.headers().contains_key("x-content-type-options"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal", "{body}");
    assert!(
        !body.to_string().contains("deliberate"),
        "panic details stay in the log"
    );
    let again = reqwest::get(format!("{base}/api/slow")).await.unwrap();
    assert_eq!(again.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_requests_in_flight_finish_and_refuses_new_ones() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let router = layered_routes(&ServerSettings::default());
    let server = tokio::spawn(serve_router(
        listener,
        router,
        async move {
            let _ = stopped.await;
        },
        Duration::from_secs(10),
    ));
    let in_flight = tokio::spawn(reqwest::get(format!("{base}/api/slow")));
    tokio::time::sleep(Duration::from_millis(150)).await;
    stop.send(()).unwrap();
    let finished = in_flight.await.unwrap().unwrap();
    assert_eq!(finished.status().as_u16(), 200);
    assert_eq!(finished.text().await.unwrap(), "done");
    let served = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(
        matches!(served, Ok(Ok(Ok(())))),
        "the server returns once the request is done"
    );
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_does_not_wait_past_the_grace_period() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let router = layered_routes(&ServerSettings::default());
    let server = tokio::spawn(serve_router(
        listener,
        router,
        async move {
            let _ = stopped.await;
        },
        Duration::from_millis(50),
    ));
    let _in_flight = tokio::spawn(reqwest::get(format!("{base}/api/slow")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = std::time::Instant::now();
    stop.send(()).unwrap();
    let served = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(matches!(served, Ok(Ok(Ok(())))));
    assert!(
        asked.elapsed() < Duration::from_millis(450),
        "returned before the slow request ended"
    );
}
