//! A site of fixed responses, for small focused crawls; it logs every request path.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One fixed response.
#[derive(Clone)]
pub struct Fixed {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Fixed {
    pub fn html(body: impl Into<String>) -> Fixed {
        Fixed {
            status: 200,
            headers: vec![("content-type", "text/html; charset=utf-8".into())],
            body: body.into(),
        }
    }

    pub fn text(body: impl Into<String>) -> Fixed {
        Fixed {
            status: 200,
            headers: vec![("content-type", "text/plain".into())],
            body: body.into(),
        }
    }

    pub fn status(status: u16, headers: Vec<(&'static str, String)>) -> Fixed {
        Fixed {
            status,
            headers,
            body: String::new(),
        }
    }

    pub fn redirect(to: &str) -> Fixed {
        Fixed {
            status: 301,
            headers: vec![("location", to.into())],
            body: String::new(),
        }
    }
}

pub struct StaticSite {
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Vec<(String, std::time::Instant)>>>,
}

struct Shared {
    /// The n-th request of a path gets the n-th response (the last one repeats).
    routes: HashMap<String, Vec<Fixed>>,
    log: Arc<Mutex<Vec<(String, std::time::Instant)>>>,
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let calls = {
        let mut log = shared.log.lock().unwrap();
        log.push((path.clone(), std::time::Instant::now()));
        log.iter().filter(|(p, _)| *p == path).count()
    };
    let Some(fixed) = shared
        .routes
        .get(&path)
        .and_then(|seq| seq.get(calls - 1).or(seq.last()))
    else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mut response = fixed.body.clone().into_response();
    *response.status_mut() = StatusCode::from_u16(fixed.status).unwrap();
    for (k, v) in &fixed.headers {
        response.headers_mut().insert(
            HeaderName::from_static(k),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    response
}

impl StaticSite {
    pub async fn start(routes: Vec<(&str, Fixed)>) -> StaticSite {
        Self::start_sequences(routes.into_iter().map(|(p, f)| (p, vec![f])).collect()).await
    }

    /// A site whose paths answer a sequence of responses, one per request.
    pub async fn start_sequences(routes: Vec<(&str, Vec<Fixed>)>) -> StaticSite {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let routes = routes
            .into_iter()
            .map(|(p, f)| (p.to_string(), f))
            .collect();
        let app = Router::new().fallback(handle).with_state(Arc::new(Shared {
            routes,
            log: log.clone(),
        }));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        StaticSite { addr, log }
    }

    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    pub fn requested(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    pub fn times(&self, path: &str) -> Vec<std::time::Instant> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }
}
