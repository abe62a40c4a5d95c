//! The one error type of the API and its JSON shape.
//!
//! Every failure a client can see goes through [`ApiError`], so the status code, the
//! `{"error": {"code", "message"}}` body and headers such as `Retry-After` are decided
//! in one place. Messages are written for the person who sent the request: they name
//! the parameter and the value at fault and never mention files, paths or internals.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_index::IndexError;
use serde_json::json;

/// How long a client should wait before retrying after an overload or timeout.
const RETRY_AFTER_SECONDS: u32 = 1;

/// An error answer of the API: a status, a stable machine-readable code and a message.
///
/// ```ignore
/// let err = ApiError::invalid_parameter("sort", "expected relevance, newest, oldest or hybrid");
/// assert_eq!(err.status, StatusCode::BAD_REQUEST);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub(super) status: StatusCode,
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) retry_after: Option<u32>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// A parameter has a value the endpoint cannot use (400 `invalid_parameter`).
    pub fn invalid_parameter(name: &str, problem: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("parameter '{name}': {problem}"),
        )
    }

    /// The request is malformed as a whole, e.g. an undecodable query string (400 `bad_request`).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// Nothing lives at this address (404 `not_found`).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// The admin token is missing or wrong (401 `unauthorized`).
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this endpoint needs 'Authorization: Bearer <admin token>'",
        )
    }

    /// The endpoint is switched off by configuration (403 `forbidden`).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// The request is valid but the server's current state does not allow it (409 `conflict`).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// Too many requests are in flight: shed this one (503 `overloaded` + `Retry-After`).
    pub fn overloaded() -> Self {
        ApiError {
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "the server is busy; retry shortly",
            )
        }
    }

    /// The request ran past the configured time limit (503 `timeout` + `Retry-After`).
    pub fn timeout(limit: std::time::Duration) -> Self {
        let message = format!(
            "the request took longer than {:.1} s and was stopped; narrow the query or retry",
            limit.as_secs_f64()
        );
        ApiError {
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", message)
        }
    }

    /// A failure inside the server (500 `internal`): a bug or a broken index, never bad input.
    /// The cause is logged by the caller; the client only learns that it happened.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; it has been logged",
        )
    }

    /// Any other status, for responses produced by middleware that has no error of its own
    /// (e.g. 413 from the body limit); the message is the status's reason phrase.
    pub fn from_status(status: StatusCode) -> Self {
        let reason = status.canonical_reason().unwrap_or("error");
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::REQUEST_TIMEOUT => "timeout",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        Self::new(status, code, reason.to_lowercase())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<IndexError> for ApiError {
    /// Caller mistakes keep the index's message and code; failures of the index itself
    /// are logged with their cause and answered without it.
    fn from(err: IndexError) -> Self {
        if err.is_caller_error() {
            return Self::new(StatusCode::BAD_REQUEST, err.code(), err.to_string());
        }
        if matches!(err, IndexError::WriterBusy) {
            return ApiError {
                retry_after: Some(RETRY_AFTER_SECONDS),
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, err.code(), err.to_string())
            };
        }
        tracing::error!(error = %err, cause = ?std::error::Error::source(&err), "index failure");
        ApiError::internal()
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        // axum's own text describes the decoding problem without internals
        // ("Invalid URL: Cannot parse `..` to a `u32`"), so it is safe to pass on.
        ApiError::bad_request(format!("bad path: {}", rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overload_answers_503_with_retry_after() {
        let response = ApiError::overloaded().into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.as_bytes()),
            Some(&b"1"[..])
        );
    }

    #[test]
    fn parameter_errors_name_the_parameter() {
        let err = ApiError::invalid_parameter("sort", "expected relevance, newest or oldest");
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert!(err.message.contains("'sort'"), "{err}");
    }
}
