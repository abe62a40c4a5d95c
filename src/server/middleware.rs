//! The layers around every route: limits, load shedding, compression, CORS, security
//! headers, tracing, metrics and the panic net.
//!
//! Order matters. From the outside in: tracing sees everything; security headers are
//! added to every answer, including the panic answer; the panic net catches bugs in
//! any inner layer; CORS and compression shape the final body; metrics count what the
//! client finally gets; errors produced by layers that know nothing of JSON (405, 413)
//! are rewritten into the API's JSON shape; then the time limit, load shedding with a
//! global concurrency limit, and the body-size limit.

use super::error::ApiError;
use super::metrics;
use super::state::ServerSettings;
use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self as axum_middleware, Next};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::time::Duration;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The page's policy: only our own scripts, styles and images; no framing, no plugins.
/// A route that needs another policy sets its own header (it is only added if absent).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Wraps a finished router (routes and fallbacks added) in the server's layers.
pub fn wrap(router: Router, settings: &ServerSettings) -> Router {
    let limits = &settings.limits;
    let request_timeout = limits.request_timeout;
    let shedding = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            ApiError::overloaded()
        }))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::new(
            limits.max_concurrent_requests.max(1),
        ));
    let router = router
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(shedding)
        .layer(axum_middleware::from_fn(
            move |request: Request, next: Next| enforce_timeout(request_timeout, request, next),
        ))
        .layer(axum_middleware::from_fn(json_error_bodies))
        .layer(axum_middleware::from_fn(metrics::record_request))
        .layer(CompressionLayer::new());
    let router = match cors_layer(&settings.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(TraceLayer::new_for_http())
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// CORS is off unless origins are configured; `*` allows any origin.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        let parsed: Vec<HeaderValue> = origins
            .iter()
            .filter_map(|origin| match HeaderValue::from_str(origin) {
                Ok(value) => Some(value),
                Err(_) => {
                    tracing::warn!(origin = %origin, "ignoring a CORS origin that is not a valid header value");
                    None
                }
            })
            .collect();
        AllowOrigin::list(parsed)
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .max_age(Duration::from_secs(3600)),
    )
}

/// Stops a request whose response head is not ready within the limit. A streamed
/// export has its head ready at once, so only its start is bounded, not its length.
async fn enforce_timeout(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout(limit).into_response(),
    }
}

/// Rewrites error responses of JSON endpoints that are not JSON yet (axum's 405, the
/// body limit's 413) into the API's `{"error": ...}` shape, keeping their headers.
async fn json_error_bodies(request: Request, next: Next) -> Response {
    let is_api = is_json_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let replacement = ApiError::from_status(status).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in replacement.headers() {
        parts.headers.insert(name, value.clone());
    }
    let (_, body) = replacement.into_parts();
    Response::from_parts(parts, body)
}

/// Paths whose errors are JSON: the API and the operational endpoints.
fn is_json_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/healthz"
}

/// The last net: a panic is a bug, so it is logged loudly, and the client gets the
/// API's JSON 500 rather than a dropped connection.
fn answer_panic(payload: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload");
    tracing::error!(panic = %detail, "BUG: a request handler panicked");
    ApiError::internal().into_response()
}
