//! The server-rendered web page for journalists.
//!
//! Pages are plain HTML rendered with askama (auto-escaping on) and work with
//! JavaScript off; one small script adds conveniences (submitting a ticked filter at
//! once, type-to-filter in long facet lists). Every piece of page state lives in the
//! URL of a GET form, so any view can be bookmarked, shared or turned into an Atom
//! alert.
//!
//! | path | page |
//! | --- | --- |
//! | `/` | search: box, facets, timeline, results, pager |
//! | `/articles/{id}` | one article, its tags and quotes, more like it |
//! | `/experts` | the directory of quoted people |
//! | `/experts/{name}` | one person's quotes, newest first |
//! | `/static/app.css`, `/static/app.js` | the assets, cached for a year (versioned URLs) |
//!
//! Safety contract for HTML from the index: the only index-produced markup the page
//! prints unescaped is a hit's `snippet` and a quote's `highlighted` text. The index
//! promises both are escaped text with `<mark>` around matches; the page re-sanitises
//! them anyway ([`snippet::SnippetHtml`]), so only `<mark>` survives even if that
//! promise is broken. Everything else goes through askama's escaping, and outside
//! links are restricted to `http(s)` URLs.
//!
//! The page needs no inline script or style, so the server can send
//! `Content-Security-Policy: default-src 'self'` (SVG bars are styled by the stylesheet).

mod article_page;
mod assets;
mod error;
mod experts_page;
mod facets;
mod form;
mod resolve;
mod search_page;
mod snippet;
#[cfg(test)]
mod tests;
mod timeline;
mod view;

use axum::Router;
use axum::routing::get;

use crate::server::AppState;

/// The web page's routes, to be merged into the server's router.
///
/// ```ignore
/// let app = axum::Router::new().merge(web::router()).with_state(state);
/// ```
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(search_page::search_page))
        .route("/articles/{id}", get(article_page::article_page))
        .route("/experts", get(experts_page::directory_page))
        .route("/experts/{name}", get(experts_page::expert_page))
        .route("/static/app.css", get(assets::app_css))
        .route("/static/app.js", get(assets::app_js))
}
