//! Error pages: what a journalist sees when a page cannot be shown.
//!
//! Bad input is the reader's to fix, so it gets a 400 (or 404) page that says what
//! to change. Failures of the index itself get a 500 page that says nothing internal;
//! the detail goes to the log. Search problems are not shown here but on the search
//! page itself, with the form filled in, so they can be corrected in place.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gazette_index::IndexError;

use super::view::Chrome;

/// A page that failed, with the status and the sentences to show.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub heading: &'static str,
    pub messages: Vec<String>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    chrome: Chrome,
    heading: &'a str,
    messages: &'a [String],
}

impl PageError {
    pub fn not_found(message: impl Into<String>) -> PageError {
        PageError {
            status: StatusCode::NOT_FOUND,
            heading: "Not found",
            messages: vec![message.into()],
        }
    }

    pub fn bad_request(messages: Vec<String>) -> PageError {
        PageError {
            status: StatusCode::BAD_REQUEST,
            heading: "This page needs a change",
            messages,
        }
    }

    pub fn internal() -> PageError {
        PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            heading: "Something went wrong",
            messages: vec![
                "The archive could not answer just now. Please try again in a moment.".into(),
            ],
        }
    }
}

impl From<IndexError> for PageError {
    fn from(err: IndexError) -> PageError {
        if err.is_caller_error() {
            PageError::bad_request(vec![err.to_string()])
        } else {
            let source = std::error::Error::source(&err);
            tracing::error!(error = %err, ?source, "web page: index failure");
            PageError::internal()
        }
    }
}

impl From<tokio::task::JoinError> for PageError {
    fn from(err: tokio::task::JoinError) -> PageError {
        tracing::error!(error = %err, "web page: index task failed");
        PageError::internal()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorTemplate {
            chrome: Chrome::new(""),
            heading: self.heading,
            messages: &self.messages,
        };
        render(self.status, &page)
    }
}

/// Renders a template with a status; a template that fails to render (it cannot,
/// short of a formatting bug) still gives a short plain 500 rather than a panic.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "web page: template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}
