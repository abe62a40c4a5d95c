//! Prometheus metrics: the process-wide recorder, the per-request middleware and the
//! `/metrics` endpoint.
//!
//! Requests are labelled by the route *template* (`/api/articles/{id}`), never by the
//! raw URL, and by a closed set of methods, so a client cannot grow the number of time
//! series by inventing paths or methods. Other parts of gazette (the crawler) record
//! through the same global `metrics` recorder and show up on the same page.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

use super::state::AppState;

/// Latency buckets in seconds: from a cached lookup to a slow export's first byte.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The label for requests no route matched (404s of any path).
const UNMATCHED_ROUTE: &str = "unmatched";

/// The handle that renders the global recorder, installed on first use.
///
/// The `metrics` facade allows one global recorder per process; tests start many
/// servers in one process, so installation happens once and every server shares it.
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new();
        let builder = match builder.set_buckets(&LATENCY_BUCKETS) {
            Ok(with_buckets) => with_buckets,
            Err(err) => {
                tracing::warn!(error = %err, "latency buckets rejected; histograms render as summaries");
                PrometheusBuilder::new()
            }
        };
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if let Err(err) = metrics::set_global_recorder(recorder) {
            tracing::warn!(error = %err, "another metrics recorder is installed; /metrics shows only this server's own");
        }
        handle
    })
}

/// Middleware: counts each request and records its latency by route template.
pub async fn record_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
    let method = method_label(request.method());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A closed set of method labels: anything unusual is `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// `GET /metrics`: the Prometheus text exposition format, with the search answer
/// cache's counters (read from the index when the page is rendered).
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let cache = state.index.result_cache_stats();
    metrics::counter!("gazette_search_cache_hits_total").absolute(cache.hits);
    metrics::counter!("gazette_search_cache_misses_total").absolute(cache.misses);
    let handle = prometheus();
    handle.run_upkeep();
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
}
