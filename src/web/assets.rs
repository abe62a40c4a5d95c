//! The page's one stylesheet and one script, compiled into the binary.
//!
//! Both are small, so they are embedded with `include_str!` and served by the web
//! router: the binary stays a single file and the page needs no inline style or script,
//! which lets the server send a strict Content-Security-Policy (`default-src 'self'`).
//! Pages link them as `/static/app.css?v=<hash of the content>`; the hash changes with
//! every edit, so the responses can carry a year-long, immutable cache lifetime.

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");

const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

static CSS_HREF: LazyLock<String> =
    LazyLock::new(|| format!("/static/app.css?v={}", content_hash(APP_CSS)));
static JS_HREF: LazyLock<String> =
    LazyLock::new(|| format!("/static/app.js?v={}", content_hash(APP_JS)));

/// The versioned URL of the stylesheet, for `<link rel=stylesheet>`.
pub fn css_href() -> &'static str {
    &CSS_HREF
}

/// The versioned URL of the script, for `<script src defer>`.
pub fn js_href() -> &'static str {
    &JS_HREF
}

/// `GET /static/app.css`
pub async fn app_css() -> Response {
    serve(APP_CSS, "text/css; charset=utf-8")
}

/// `GET /static/app.js`
pub async fn app_js() -> Response {
    serve(APP_JS, "text/javascript; charset=utf-8")
}

fn serve(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_FOREVER),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}

/// A short, stable fingerprint of an asset (FNV-1a, 32 bits in hex): enough to tell
/// two versions of one file apart, which is all a cache-busting parameter needs.
fn content_hash(text: &str) -> String {
    let hash = text.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_change_with_content() {
        assert_ne!(content_hash("a{}"), content_hash("b{}"));
        assert!(css_href().starts_with("/static/app.css?v="));
        assert!(js_href().starts_with("/static/app.js?v="));
    }
}
