//! The HTTP server: JSON API, web page mounting, middleware, shared state.
//!
//! [`app`] assembles the routes (one module per group of endpoints) and wraps them in
//! the layers of [`middleware`]; [`serve`] runs it on a listener until shutdown. The
//! OpenAPI description (`GET /api/openapi.json`) documents every route and limit.
//!
//! ```ignore
//! let listener = tokio::net::TcpListener::bind(state.settings.bind).await?;
//! server::serve(listener, state, async { tokio::signal::ctrl_c().await.ok(); }).await?;
//! ```

mod admin;
mod articles;
mod atom;
pub mod error;
mod export;
mod metrics;
mod middleware;
mod openapi;
pub mod params;
mod quotes;
mod requests;
mod search;
pub mod state;
#[cfg(test)]
mod tests;

use axum::Router;
use axum::extract::{Request, State};
use axum::routing::{get, post};
use error::ApiError;
use serde_json::json;
use std::future::Future;
use std::time::Duration;

pub use state::AppState;
/// The rest of the state's vocabulary, for the web page's tests (the binary itself
/// names them through [`state`]).
#[cfg(test)]
pub use state::{JobControl, JobError, ServerSettings, TriggerOutcome};

/// How long in-flight requests (a long export, say) may run on after shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The whole HTTP application: API routes, the web page, fallbacks and middleware.
pub fn app(state: AppState) -> Router {
    // Install the global recorder now, so the crawl jobs' counters are kept from the start.
    metrics::prometheus();
    let settings = std::sync::Arc::clone(&state.settings);
    let export_slots = export::ExportSlots::new(settings.limits.max_concurrent_exports);
    let routes = Router::new()
        .route("/api/search", get(search::search))
        .route("/api/search.atom", get(atom::feed))
        .route("/api/articles/{id}", get(articles::article))
        .route("/api/articles/{id}/similar", get(articles::similar))
        .route("/api/quotes", get(quotes::quotes))
        .route("/api/experts", get(quotes::experts))
        .route("/api/facets/{field}", get(search::facet_values))
        .route("/api/timeline", get(search::timeline))
        .route(
            "/api/export",
            get(move |state, params| export::export(state, params, export_slots.clone())),
        )
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/crawl", post(admin::trigger_crawl))
        .route("/api/jobs", get(admin::job_status))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .merge(crate::web::router())
        .fallback(not_found)
        .with_state(state);
    middleware::wrap(routes, &settings)
}

/// Serves `app(state)` on `listener` until `shutdown` completes; requests in flight
/// then finish (for up to [`SHUTDOWN_GRACE`]) before this returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(listener, app(state), shutdown, SHUTDOWN_GRACE).await
}

/// [`serve`] for any router: new connections stop when `shutdown` completes, and
/// requests in flight get `grace` to finish before their connections are closed.
async fn serve_router(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (began_tx, mut began_rx) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        // The receiver lives until this function returns, so sending cannot fail.
        let _ = began_tx.send(true);
    };
    let server = axum::serve(listener, router).with_graceful_shutdown(signal);
    let grace_expired = async move {
        if began_rx.wait_for(|began| *began).await.is_ok() {
            tokio::time::sleep(grace).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        result = server => result,
        () = grace_expired => {
            tracing::warn!(grace_s = grace.as_secs_f64(), "requests still running after the grace period; closing them");
            Ok(())
        }
    }
}

/// `GET /healthz`: liveness, with the number of indexed articles when the index answers.
async fn healthz(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    let articles = state.read_index(|index| index.count()).await.ok();
    axum::Json(json!({"status": "ok", "articles": articles}))
}

/// Any path no route serves: a JSON 404 naming the path's shape, not echoing it whole.
async fn not_found(request: Request) -> ApiError {
    let path = params::printable(request.uri().path());
    ApiError::not_found(format!("no endpoint at '{path}'; see /api/openapi.json"))
}
