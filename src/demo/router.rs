//! The axum router of the demo site.
//!
//! Fixed files (feeds, sitemaps, robots.txt, about, search) have routes of their own;
//! everything else goes through one resolver because the three CMS generations use
//! URL schemes that overlap (`/world/` is a section page, `/world/2026/…/` an Arc
//! article). Absolute URLs come from the request's `Host` header so the site works on
//! any port.

use super::html::{SECTIONS, encode_latin1, post_id};
use super::pages::{self, Listing};
use super::{
    DemoSite, Template, feeds, sitemaps, template_arc, template_drupal, template_wordpress,
};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::Arc;

type Site = State<Arc<DemoSite>>;

const HTML: &str = "text/html; charset=utf-8";
const HTML_LATIN1: &str = "text/html; charset=iso-8859-1";
const XML: &str = "application/xml; charset=utf-8";

/// Builds the router serving the whole site.
pub fn build(site: Arc<DemoSite>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/robots.txt", get(robots))
        .route("/rss.xml", get(rss))
        .route("/atom.xml", get(atom))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/sitemaps/news.xml", get(news_sitemap))
        .route("/sitemaps/archive.xml.gz", get(archive_sitemap))
        .route("/about", get(about))
        .route("/search", get(search))
        .route("/admin", get(admin))
        .route("/admin/", get(admin))
        .fallback(resolve)
        .with_state(site)
}

/// `http://<Host>`, falling back to loopback when the header is absent or odd.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let valid = !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    format!("http://{}", if valid { host } else { "127.0.0.1" })
}

fn with_type(content_type: &'static str, body: impl IntoResponse) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn home(
    State(site): Site,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    // WordPress shortlinks: `/?p=<post id>`.
    if let Some(id) = query.get("p").and_then(|p| p.parse::<u64>().ok())
        && let Some(article) = site.articles().iter().find(|a| post_id(a) == id)
    {
        return moved(&article.path);
    }
    with_type(HTML, pages::home(&site, &base_url(&headers)))
}

async fn robots(headers: HeaderMap) -> Response {
    with_type(
        "text/plain; charset=utf-8",
        sitemaps::robots(&base_url(&headers)),
    )
}

async fn rss(State(site): Site, headers: HeaderMap) -> Response {
    with_type(
        "application/rss+xml; charset=utf-8",
        feeds::rss(&site, &base_url(&headers)),
    )
}

async fn atom(State(site): Site, headers: HeaderMap) -> Response {
    with_type(
        "application/atom+xml; charset=utf-8",
        feeds::atom(&site, &base_url(&headers)),
    )
}

async fn sitemap_index(State(site): Site, headers: HeaderMap) -> Response {
    with_type(XML, sitemaps::index(&site, &base_url(&headers)))
}

async fn news_sitemap(State(site): Site, headers: HeaderMap) -> Response {
    with_type(XML, sitemaps::news(&site, &base_url(&headers)))
}

async fn archive_sitemap(State(site): Site, headers: HeaderMap) -> Response {
    match sitemaps::gzip(&sitemaps::archive(&site, &base_url(&headers))) {
        Ok(bytes) => with_type("application/gzip", bytes),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

async fn about(headers: HeaderMap) -> Response {
    with_type(HTML, pages::about(&base_url(&headers)))
}

async fn search(
    State(site): Site,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let q = query.get("q").map(String::as_str).unwrap_or_default();
    with_type(HTML, pages::search(&site, q, &base_url(&headers)))
}

async fn admin() -> Response {
    let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    (StatusCode::FORBIDDEN, plain, "Access denied\n").into_response()
}

/// Everything without a fixed route: articles, print pages, listings, redirects, 404.
async fn resolve(State(site): Site, headers: HeaderMap, uri: Uri) -> Response {
    let base = base_url(&headers);
    let path = uri.path();
    if let Some(article) = site.articles().iter().find(|a| a.path == path) {
        return match article.template {
            Template::WordPress => {
                with_type(HTML, template_wordpress::render(&site, article, &base))
            }
            Template::Arc => with_type(HTML, template_arc::render(&site, article, &base)),
            Template::Drupal if article.latin1 => {
                let page = template_drupal::render(&site, article, &base);
                with_type(HTML_LATIN1, encode_latin1(&page))
            }
            Template::Drupal => with_type(HTML, template_drupal::render(&site, article, &base)),
        };
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let slashed = path.ends_with('/');
    let page = match segments.as_slice() {
        ["print", slug] => site
            .article(slug)
            .map(|article| pages::print(article, &base)),
        ["node", nid] => {
            let target = site
                .articles()
                .iter()
                .find(|a| nid.parse() == Ok(post_id(a)));
            return target.map_or_else(|| not_found(&base), |a| moved(&a.path));
        }
        [section] if slashed && is_section(section) => pages::section(&site, section, 1, &base),
        [section, "page", n] if slashed && is_section(section) => n
            .parse()
            .ok()
            .and_then(|n| pages::section(&site, section, n, &base)),
        ["tag", tag] if slashed => pages::listing(&site, Listing::Tag, tag, &base),
        ["author", name] if slashed => pages::listing(&site, Listing::Author, name, &base),
        _ => None,
    };
    match page {
        Some(html) => with_type(HTML, html),
        // WordPress and Arc add the trailing slash with a redirect.
        None if !slashed && path.len() > 1 => {
            let with_slash = format!("{path}/");
            let is_article = site.articles().iter().any(|a| a.path == with_slash);
            let is_section_front = matches!(segments.as_slice(), [first] if is_section(first));
            if is_article || is_section_front {
                moved(&with_slash)
            } else {
                not_found(&base)
            }
        }
        None => not_found(&base),
    }
}

fn is_section(segment: &str) -> bool {
    SECTIONS.iter().any(|(slug, _)| *slug == segment)
}

/// A 301, as the old CMSes answer (axum's `Redirect::permanent` is a 308).
fn moved(path: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, path.to_string())],
    )
        .into_response()
}

fn not_found(base: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, HTML)],
        pages::not_found(base),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    async fn fetch(site: &Arc<DemoSite>, path: &str) -> (StatusCode, String, Vec<u8>) {
        let request = Request::get(path)
            .header(header::HOST, "127.0.0.1:4321")
            .body(Body::empty());
        let Ok(request) = request else {
            return (StatusCode::BAD_REQUEST, String::new(), Vec::new());
        };
        let Ok(response) = site.clone().router().oneshot(request).await;
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let kind = kind.unwrap_or_default().to_string();
        let body = to_bytes(response.into_body(), 1 << 24).await;
        (status, kind, body.map(|b| b.to_vec()).unwrap_or_default())
    }

    #[tokio::test]
    async fn serves_every_article_and_the_discovery_files() {
        let site = Arc::new(DemoSite::new());
        for article in site.articles() {
            let (status, kind, body) = fetch(&site, &article.path).await;
            assert_eq!(status, StatusCode::OK, "{}", article.path);
            assert_eq!(kind, if article.latin1 { HTML_LATIN1 } else { HTML });
            assert!(body.len() > 3_000);
        }
        let (status, _, robots) = fetch(&site, "/robots.txt").await;
        assert_eq!(status, StatusCode::OK);
        let robots = String::from_utf8_lossy(&robots);
        assert!(robots.contains("Sitemap: http://127.0.0.1:4321/sitemap.xml"));
        let discovery = [
            "/rss.xml",
            "/atom.xml",
            "/sitemap.xml",
            "/sitemaps/news.xml",
            "/sitemaps/archive.xml.gz",
        ];
        for path in discovery {
            let (status, _, body) = fetch(&site, path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(!body.is_empty());
        }
        for path in [
            "/",
            "/about",
            "/world/",
            "/world/page/2/",
            "/search?q=gas",
            "/tag/energy/",
        ] {
            assert_eq!(fetch(&site, path).await.0, StatusCode::OK, "{path}");
        }
    }

    #[tokio::test]
    async fn redirects_forbids_and_misses_like_a_real_site() {
        let site = Arc::new(DemoSite::new());
        assert_eq!(fetch(&site, "/admin/").await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            fetch(&site, template_drupal::DEAD_LINK).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            fetch(&site, "/world/page/99/").await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            fetch(&site, "/tag/%3Cscript%3E/").await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            fetch(&site, "/world").await.0,
            StatusCode::MOVED_PERMANENTLY
        );
        let drupal = site
            .articles()
            .iter()
            .find(|a| a.template == Template::Drupal);
        let nid = drupal
            .map(|a| format!("/node/{}", post_id(a)))
            .unwrap_or_default();
        assert_eq!(fetch(&site, &nid).await.0, StatusCode::MOVED_PERMANENTLY);
        let latin1 = site
            .articles()
            .iter()
            .find(|a| a.latin1)
            .map(|a| a.path.clone());
        let (_, _, body) = fetch(&site, &latin1.unwrap_or_default()).await;
        assert!(
            std::str::from_utf8(&body).is_err(),
            "the Latin-1 page is valid UTF-8"
        );
        assert!(body.windows(6).any(|w| w == b"M\xfcller"));
    }
}
