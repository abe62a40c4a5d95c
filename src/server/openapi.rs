//! `GET /api/openapi.json`: the hand-written OpenAPI 3 description of the API, with the
//! limits of this server's configuration filled in under `x-limits`.
//!
//! The document is written by hand (in `openapi.json` beside this file) rather than
//! derived, so it can say what matters to a caller in prose; a test checks it against
//! real responses so it cannot drift from the code.

use super::state::AppState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// The document as written, without the configured limits.
const DOCUMENT: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`.
pub async fn document(State(state): State<AppState>) -> Json<Value> {
    let limits = &state.settings.limits;
    let mut document = match serde_json::from_str::<Value>(DOCUMENT) {
        Ok(document) => document,
        Err(err) => {
            // The file is compiled in and checked by a test, so this is a build defect.
            tracing::error!(error = %err, "BUG: the bundled OpenAPI document does not parse");
            json!({"openapi": "3.0.3", "info": {"title": "gazette", "version": "0.1.0"}, "paths": {}})
        }
    };
    document["info"]["version"] = json!(env!("CARGO_PKG_VERSION"));
    document["info"]["x-limits"] = json!({
        "max_query_chars": limits.max_query_len,
        "max_per_page": limits.max_per_page,
        "max_page_depth": limits.max_page_depth,
        "request_timeout_s": limits.request_timeout.as_secs_f64(),
        "max_body_bytes": limits.max_body_bytes,
        "max_concurrent_requests": limits.max_concurrent_requests,
        "max_concurrent_exports": limits.max_concurrent_exports,
    });
    Json(document)
}
