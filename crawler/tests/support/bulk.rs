//! A plain news site with many articles listed in one sitemap: for resume and throughput.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::prose;

pub struct BulkSite {
    pub addr: SocketAddr,
    pub articles: usize,
    pub requests: Arc<AtomicUsize>,
}

struct Shared {
    base: String,
    articles: usize,
    requests: Arc<AtomicUsize>,
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let path = req.uri().path();
    if path == "/sitemap.xml" {
        let urls: String = (0..shared.articles)
            .map(|i| format!("<url><loc>{}/story/{i}</loc></url>", shared.base))
            .collect();
        let body = format!(
            r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>"#
        );
        return ([(header::CONTENT_TYPE, "application/xml")], body).into_response();
    }
    let Some(i) = path
        .strip_prefix("/story/")
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return (StatusCode::NOT_FOUND, "no").into_response();
    };
    let seed = format!("{}-{i}", shared.base);
    let paragraphs: String = prose(&seed, 6)
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let body = format!(
        "<html><head><title>Story {i}</title><meta property=\"article:published_time\" \
         content=\"2026-01-01T00:00:00Z\"></head><body><article><h1>Story {i}</h1>\
         <p class=\"byline\">By Ann Writer</p>{paragraphs}</article></body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

impl BulkSite {
    /// Serves `articles` stories on `ip` (any loopback address, e.g. 127.0.0.2).
    pub async fn start(ip: &str, articles: usize) -> BulkSite {
        let listener = tokio::net::TcpListener::bind(format!("{ip}:0"))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let shared = Arc::new(Shared {
            base: format!("http://{addr}"),
            articles,
            requests: requests.clone(),
        });
        let app = Router::new().fallback(handle).with_state(shared);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        BulkSite {
            addr,
            articles,
            requests,
        }
    }

    pub fn sitemap(&self) -> url::Url {
        url::Url::parse(&format!("http://{}/sitemap.xml", self.addr)).unwrap()
    }
}
