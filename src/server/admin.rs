//! Crawl-job endpoints: `POST /api/crawl` (admin token) and `GET /api/jobs`.
//!
//! The token is compared in constant time so its bytes cannot be guessed from response
//! timings, and it is never logged: the request log records method and path only.
//! Without a configured token the write endpoint is switched off (403) rather than open.

use super::error::ApiError;
use super::params::{QueryParams, printable};
use super::state::{AppState, JobError, TriggerOutcome};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::json;
use subtle::ConstantTimeEq;

/// `POST /api/crawl[?source=NAME]`: starts the crawl jobs (or one source's) now.
pub async fn trigger_crawl(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: QueryParams,
) -> Result<impl IntoResponse, ApiError> {
    let Some(expected) = state
        .settings
        .admin_token
        .as_deref()
        .filter(|token| !token.is_empty())
    else {
        return Err(ApiError::forbidden(
            "triggering crawls over HTTP is disabled: no admin token is configured \
             (set [server] admin_token or GAZETTE_ADMIN_TOKEN)",
        ));
    };
    if !bearer_matches(&headers, expected) {
        return Err(ApiError::unauthorized());
    }
    params.expect_only(&["source"])?;
    let source = params.single("source")?.map(str::to_owned);
    match state.jobs.trigger(source.clone()) {
        Ok(TriggerOutcome::Started) => Ok((
            StatusCode::ACCEPTED,
            Json(json!({"status": "started", "source": source})),
        )),
        Ok(TriggerOutcome::AlreadyRunning) => Ok((
            StatusCode::OK,
            Json(json!({"status": "already_running", "source": source})),
        )),
        Err(JobError::UnknownSource(name)) => Err(ApiError::invalid_parameter(
            "source",
            format!("no source is named '{}'", printable(&name)),
        )),
        Err(JobError::Failed(reason)) => Err(ApiError::conflict(format!(
            "the crawl could not start: {reason}"
        ))),
    }
}

/// True when the request carries `Authorization: Bearer <expected>`.
fn bearer_matches(headers: &HeaderMap, expected: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .map(|value| value.as_bytes())
    else {
        return false;
    };
    let Some((scheme, token)) = value.split_first_chunk::<7>() else {
        return false;
    };
    let token = token.trim_ascii();
    // The comparison leaks only whether the lengths differ, not any byte of the token.
    scheme.eq_ignore_ascii_case(b"bearer ")
        && !token.is_empty()
        && bool::from(token.ct_eq(expected.as_bytes()))
}

/// `GET /api/jobs`: schedule, last and next run, pages by status, new articles, errors.
pub async fn job_status(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<impl IntoResponse, ApiError> {
    params.expect_only(&[])?;
    Ok(Json(state.jobs.status()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_authorization(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn only_the_exact_bearer_token_matches() {
        assert!(bearer_matches(
            &with_authorization("Bearer s3cret"),
            "s3cret"
        ));
        assert!(bearer_matches(
            &with_authorization("bearer s3cret"),
            "s3cret"
        ));
        for wrong in [
            "Bearer s3cre",
            "Bearer s3cret2",
            "Basic s3cret",
            "s3cret",
            "Bearer ",
            "Bearer",
        ] {
            assert!(
                !bearer_matches(&with_authorization(wrong), "s3cret"),
                "{wrong}"
            );
        }
        assert!(!bearer_matches(&HeaderMap::new(), "s3cret"));
    }
}
