//! The adversarial fixture site. Every response is produced here, by hand, so the test
//! controls exactly what the crawler meets.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::prose;

/// One logged request.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path_and_query: String,
    pub at: Instant,
    pub user_agent: String,
}

pub struct Site {
    pub addr: SocketAddr,
    /// The host outside the source (a second server) that must never be contacted.
    pub outside: SocketAddr,
    pub hits: Arc<Mutex<Vec<Hit>>>,
    pub outside_hits: Arc<Mutex<Vec<Hit>>>,
    pub state: Arc<SiteState>,
}

pub struct SiteState {
    pub base: String,
    pub outside_base: String,
    /// Bumped to change the text of `/news/alpha`.
    pub alpha_version: AtomicU32,
    flaky_calls: AtomicU32,
    hits: Arc<Mutex<Vec<Hit>>>,
}

/// What the crawler must deliver: (path, title, published date as RFC 3339).
pub const EXPECTED: &[(&str, &str, &str)] = &[
    (
        "/news/alpha",
        "Alpha treaty talks resume",
        "2026-03-01T10:00:00+00:00",
    ),
    (
        "/news/beta",
        "Beta ceasefire holds",
        "2026-03-02T11:30:00+00:00",
    ),
    (
        "/news/gamma",
        "Gamma budget passes",
        "2026-03-03T08:00:00+00:00",
    ),
    (
        "/news/delta",
        "Delta election called",
        "2026-03-04T09:15:00+00:00",
    ),
    (
        "/news/epsilon",
        "Epsilon summit ends",
        "2026-03-05T12:00:00+00:00",
    ),
    (
        "/news/flaky",
        "Flaky grid restored",
        "2026-03-06T07:45:00+00:00",
    ),
    (
        "/news/latin1",
        "Café society in Brüssel",
        "2026-03-07T10:00:00+00:00",
    ),
    (
        "/news/bom",
        "Zürich talks open",
        "2026-03-08T10:00:00+00:00",
    ),
    (
        "/news/malformed",
        "Malformed markup survives",
        "2026-03-09T10:00:00+00:00",
    ),
    (
        "/news/zeta",
        "Zeta port reopens",
        "2026-03-10T10:00:00+00:00",
    ),
];

/// Paths that must never be requested.
pub const FORBIDDEN: &[&str] = &["/private/secret", "/private/x"];

pub const CRAWL_DELAY: Duration = Duration::from_millis(200);

fn article(title: &str, date: &str, seed: &str, head_extra: &str) -> String {
    let paragraphs: String = prose(seed, 4)
        .iter()
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        "<!doctype html><html><head><title>{title} | Fixture News</title>\
         <meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"article:published_time\" content=\"{date}\">{head_extra}</head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>\
         <footer>Fixture News footer</footer></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A response with an ETag, answering 304 to a matching If-None-Match.
fn cacheable(req_headers: &HeaderMap, content_type: &str, body: Vec<u8>) -> Response {
    let etag = format!(
        "\"{:x}\"",
        body.iter()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(*b)))
    );
    if req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::ETAG, etag),
        ],
        body,
    )
        .into_response()
}

async fn handle(State(state): State<Arc<SiteState>>, req: Request) -> Response {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let headers = req.headers().clone();
    state.hits.lock().unwrap().push(Hit {
        path_and_query: path_and_query.clone(),
        at: Instant::now(),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
    });
    let base = &state.base;
    let path = req.uri().path().to_string();
    let html = "text/html; charset=utf-8";
    let page = |title: &str, date: &str, seed: &str| article(title, date, seed, "").into_bytes();
    match path.as_str() {
        "/robots.txt" => format!(
            "User-agent: *\nDisallow: /private/\nCrawl-delay: {}\n\nUser-agent: otherbot\nDisallow: /\n\nSitemap: {base}/sitemap_index.xml.gz\n",
            CRAWL_DELAY.as_secs_f32()
        )
        .into_response(),
        "/feed.rss" => {
            let outside = &state.outside_base;
            let body = format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture</title><link>{base}/</link>
                <item><title>Alpha</title><link>{base}/news/alpha?utm_source=rss&amp;utm_medium=feed</link></item>
                <item><title>Beta</title><link>{base}/news/beta</link><pubDate>Mon, 02 Mar 2026 11:30:00 GMT</pubDate></item>
                <item><title>Secret</title><link>{base}/private/secret</link></item>
                <item><title>Report</title><link>{base}/docs/report.pdf</link></item>
                <item><title>Syndicated</title><link>{base}/news/syndicated</link></item>
                <item><title>Elsewhere</title><link>{outside}/stolen</link></item>
                </channel></rss>"#
            );
            cacheable(&headers, "application/rss+xml", body.into_bytes())
        }
        "/atom.xml" => {
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture</title>
                <id>urn:fixture</id><updated>2026-03-08T10:00:00Z</updated>
                <entry><title>Gamma</title><id>urn:g</id><link href="{base}/news/gamma"/><updated>2026-03-03T08:00:00Z</updated></entry>
                <entry><title>Latin</title><id>urn:l</id><link href="/news/latin1"/><updated>2026-03-07T10:00:00Z</updated></entry>
                <entry><title>Bom</title><id>urn:b</id><link rel="alternate" href="{base}/news/bom#comments"/><updated>2026-03-08T10:00:00Z</updated></entry>
                </feed>"#
            );
            cacheable(&headers, "application/atom+xml", body.into_bytes())
        }
        "/sitemap_index.xml.gz" => {
            let body = format!(
                r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>
                <sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap></sitemapindex>"#
            );
            cacheable(&headers, "application/gzip", gzip(body.as_bytes()))
        }
        "/sitemap-news.xml" => {
            let body = format!(
                r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                <url><loc>{base}/news/delta</loc><news:news><news:publication><news:name>Fixture</news:name><news:language>en</news:language></news:publication>
                <news:publication_date>2026-03-04T09:15:00Z</news:publication_date><news:title>Delta election called</news:title></news:news></url>
                <url><loc>{base}/news/malformed</loc><news:news><news:publication_date>2026-03-09T10:00:00Z</news:publication_date><news:title>Malformed markup survives</news:title></news:news></url>
                </urlset>"#
            );
            cacheable(&headers, "application/xml", body.into_bytes())
        }
        "/sitemap-pages.xml.gz" => {
            let locs: String = ["/news/slow", "/news/huge", "/news/flaky", "/news/missing", "/redirect/start", "/loop/a"]
                .iter()
                .map(|p| format!("<url><loc>{base}{p}</loc><lastmod>2026-03-01</lastmod></url>"))
                .collect();
            let body = format!(r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>"#);
            cacheable(&headers, "application/x-gzip", gzip(body.as_bytes()))
        }
        "/start" => {
            let outside = &state.outside_base;
            let body = format!(
                r#"<html><head><title>Front page</title></head><body><h1>Fixture News</h1><ul>
                <li><a href="/news/alpha?fbclid=abc#top">Alpha</a></li>
                <li><a href="/news/alpha-copy">Alpha (print)</a></li>
                <li><a href="news/zeta">Zeta</a></li>
                <li><a href="/calendar/2026/1">Calendar</a></li>
                <li><a href="/private/x">Members</a></li>
                <li><a href="/news/hidden">Hidden</a></li>
                <li><a href="/news/beta;jsessionid=A1B2C3">Beta (session)</a></li>
                <li><a href="/news/beta?PHPSESSID=42&amp;utm_campaign=x">Beta (tracked)</a></li>
                <li><a href="/news/bomb">Bomb</a></li>
                <li><a href="/news/tagged">Tagged</a></li>
                <li><a href="{outside}/elsewhere">Partner</a></li>
                <li><a href="javascript:void(0)">JS</a></li></ul></body></html>"#
            );
            cacheable(&headers, html, body.into_bytes())
        }
        "/news/alpha" => {
            let v = state.alpha_version.load(Ordering::SeqCst);
            cacheable(&headers, html, page("Alpha treaty talks resume", "2026-03-01T10:00:00Z", &format!("alpha{v}")))
        }
        "/news/alpha-copy" => {
            let canonical = format!("<link rel=\"canonical\" href=\"{base}/news/alpha\">");
            let v = state.alpha_version.load(Ordering::SeqCst);
            let body = article("Alpha treaty talks resume", "2026-03-01T10:00:00Z", &format!("alpha{v}"), &canonical);
            cacheable(&headers, html, body.into_bytes())
        }
        "/news/hidden" => {
            let noindex = "<meta name=\"robots\" content=\"noindex, follow\">";
            let body = article("Hidden story", "2026-03-01T10:00:00Z", "hidden", noindex);
            cacheable(&headers, html, body.into_bytes())
        }
        "/news/tagged" => (
            [(header::CONTENT_TYPE, html), (HeaderName::from_static("x-robots-tag"), "gazette-test: noindex")],
            page("Tagged story", "2026-03-01T10:00:00Z", "tagged"),
        )
            .into_response(),
        "/news/beta" => cacheable(&headers, html, page("Beta ceasefire holds", "2026-03-02T11:30:00Z", "beta")),
        "/news/syndicated" => {
            // Beta's text with a syndication line added: a near-duplicate, not an exact one.
            let mut paragraphs = prose("beta", 4);
            paragraphs.push("This story was first published by the Beta Wire.".into());
            let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
            let doc = format!("<html><head><title>Beta ceasefire holds (wire)</title></head><body><article><h1>Beta ceasefire holds</h1>{body}</article></body></html>");
            cacheable(&headers, html, doc.into_bytes())
        }
        "/news/gamma" => {
            // Served gzip-encoded on the wire.
            let body = gzip(&page("Gamma budget passes", "2026-03-03T08:00:00Z", "gamma"));
            ([(header::CONTENT_TYPE, html), (header::CONTENT_ENCODING, "gzip")], body).into_response()
        }
        "/news/delta" => cacheable(&headers, html, page("Delta election called", "2026-03-04T09:15:00Z", "delta")),
        "/news/epsilon" => cacheable(&headers, html, page("Epsilon summit ends", "2026-03-05T12:00:00Z", "epsilon")),
        "/news/zeta" => cacheable(&headers, html, page("Zeta port reopens", "2026-03-10T10:00:00Z", "zeta")),
        "/news/flaky" => {
            if state.flaky_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                return (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "1")], "busy").into_response();
            }
            cacheable(&headers, html, page("Flaky grid restored", "2026-03-06T07:45:00Z", "flaky"))
        }
        "/news/latin1" => {
            let text = article("Café society in Brüssel", "2026-03-07T10:00:00Z", "latin", "");
            let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
            cacheable(&headers, "text/html; charset=ISO-8859-1", bytes)
        }
        "/news/bom" => {
            let mut bytes = vec![0xef, 0xbb, 0xbf];
            bytes.extend(article("Zürich talks open", "2026-03-08T10:00:00Z", "bom", "").into_bytes());
            cacheable(&headers, "text/html", bytes)
        }
        "/news/malformed" => {
            let paragraphs: String = prose("malformed", 4).iter().map(|p| format!("<p>{p}")).collect();
            let doc = format!(
                "<html><head><title>Malformed markup survives</title><meta property=\"article:published_time\" content=\"2026-03-09T10:00:00Z\">\
                 <body><div><article><h1>Malformed markup survives</h1>{paragraphs}</div></span><table><tr><td>x</article></body>"
            );
            cacheable(&headers, html, doc.into_bytes())
        }
        "/news/slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            cacheable(&headers, html, page("Slow page", "2026-03-01T00:00:00Z", "slow"))
        }
        "/news/huge" => {
            let mut doc = page("Huge page", "2026-03-01T00:00:00Z", "huge");
            doc.extend(std::iter::repeat_n(b' ', 2 * 1024 * 1024));
            ([(header::CONTENT_TYPE, html)], doc).into_response()
        }
        "/news/bomb" => {
            // 4 MB of zeros in a few kB of gzip: must stop at max_body_bytes while decoding.
            let body = gzip(&vec![0u8; 4 * 1024 * 1024]);
            ([(header::CONTENT_TYPE, html), (header::CONTENT_ENCODING, "gzip")], body).into_response()
        }
        "/docs/report.pdf" => ([(header::CONTENT_TYPE, "text/html")], b"%PDF-1.4\n%binary\n".to_vec()).into_response(),
        "/redirect/start" => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/redirect/two")]).into_response(),
        "/redirect/two" => (StatusCode::FOUND, [(header::LOCATION, format!("{base}/news/epsilon"))]).into_response(),
        "/loop/a" => (StatusCode::FOUND, [(header::LOCATION, "/loop/b")]).into_response(),
        "/loop/b" => (StatusCode::FOUND, [(header::LOCATION, "/loop/a")]).into_response(),
        p if p.starts_with("/calendar/") => {
            // An infinite calendar: every month links to the next one.
            let parts: Vec<u32> = p.trim_start_matches("/calendar/").split('/').filter_map(|s| s.parse().ok()).collect();
            let (year, month) = (parts.first().copied().unwrap_or(2026), parts.get(1).copied().unwrap_or(1));
            let (ny, nm) = if month >= 12 { (year + 1, 1) } else { (year, month + 1) };
            let doc = format!("<html><body><h1>Events {year}-{month}</h1><a href=\"/calendar/{ny}/{nm}\">next</a></body></html>");
            (StatusCode::OK, [(header::CONTENT_TYPE, html)], doc).into_response()
        }
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

async fn outside(State(hits): State<Arc<Mutex<Vec<Hit>>>>, req: Request) -> Response {
    hits.lock().unwrap().push(Hit {
        path_and_query: req.uri().to_string(),
        at: Instant::now(),
        user_agent: String::new(),
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html")],
        Body::from("<html><body>outside</body></html>"),
    )
        .into_response()
}

impl Site {
    /// Starts the site and the "outside" host on loopback; both live as long as the runtime.
    pub async fn start() -> Site {
        let outside_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let outside_addr = outside_listener.local_addr().unwrap();
        let outside_hits = Arc::new(Mutex::new(Vec::new()));
        let outside_app = Router::new()
            .fallback(outside)
            .with_state(outside_hits.clone());
        tokio::spawn(async move { axum::serve(outside_listener, outside_app).await.unwrap() });

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new(SiteState {
            base: format!("http://{addr}"),
            outside_base: format!("http://{outside_addr}"),
            alpha_version: AtomicU32::new(0),
            flaky_calls: AtomicU32::new(0),
            hits: hits.clone(),
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Site {
            addr,
            outside: outside_addr,
            hits,
            outside_hits,
            state,
        }
    }

    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.hits()
            .iter()
            .filter(|h| h.path_and_query.split('?').next() == Some(path))
            .count()
    }

    pub fn clear_hits(&self) {
        self.hits.lock().unwrap().clear();
    }

    pub fn hit_counts(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for h in self.hits() {
            *counts.entry(h.path_and_query).or_default() += 1;
        }
        counts
    }
}
