//! The downloader: one HTTP exchange, with timeouts, a streamed body cap, conditional GET
//! and an SSRF-guarded resolver. Redirects are *not* followed here (reqwest runs with
//! `Policy::none()`): the engine schedules every hop as a new URL, so each hop is checked
//! for scope, robots.txt, politeness and private addresses like any other link.

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use url::Url;

use crate::error::CrawlError;
use crate::scope::is_private_ip;
use crate::settings::CrawlerSettings;

/// Stored validators for a conditional GET.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A completed HTTP exchange (any status).
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub url: Url,
    pub status: u16,
    pub reason: String,
    pub request_headers: Vec<(String, String)>,
    /// Response headers as sent, minus the content/transfer encodings that reqwest
    /// removed while decoding the body (the body below is the decoded one).
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub elapsed: Duration,
    pub fetched_at: chrono::DateTime<chrono::Utc>,
}

impl Fetched {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.header("etag").map(str::to_string),
            last_modified: self.header("last-modified").map(str::to_string),
        }
    }

    /// How long the server asks us to wait (Retry-After as seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.header("retry-after")?.trim();
        if let Ok(secs) = value.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        let when = httpdate::parse_http_date(value).ok()?;
        Some(when.duration_since(SystemTime::now()).unwrap_or_default())
    }
}

/// Why an exchange did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    Timeout,
    Connect(String),
    TooLarge,
    Refused(String),
    Http(String),
}

impl FetchError {
    /// Low-cardinality label for reports and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Timeout => "timeout",
            FetchError::Connect(_) => "connect",
            FetchError::TooLarge => "too_large",
            FetchError::Refused(_) => "ssrf_refused",
            FetchError::Http(_) => "http",
        }
    }

    /// Transient failures are retried with back-off.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout | FetchError::Connect(_) | FetchError::Http(_)
        )
    }
}

/// Resolves names but refuses private, loopback and link-local addresses, so a public
/// page cannot point the crawler at the operator's own network (also after DNS tricks).
struct PublicOnlyResolver;

impl Resolve for PublicOnlyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| !is_private_ip(&a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!("{host} resolves only to private addresses").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Two HTTP clients: one for public sources (SSRF-guarded) and one for sources whose
/// configured origin is itself on a private network.
pub(crate) struct Downloader {
    public: Client,
    private: Client,
    user_agent: String,
    max_body_bytes: usize,
}

impl Downloader {
    pub fn new(settings: &CrawlerSettings) -> Result<Self, CrawlError> {
        let build = |guarded: bool| {
            let mut b = Client::builder()
                .user_agent(settings.user_agent.clone())
                .redirect(reqwest::redirect::Policy::none())
                .timeout(settings.request_timeout)
                .connect_timeout(settings.connect_timeout)
                .pool_max_idle_per_host(2)
                .no_proxy();
            if guarded {
                b = b.dns_resolver(PublicOnlyResolver);
            }
            b.build().map_err(|e| CrawlError::Client(e.to_string()))
        };
        Ok(Downloader {
            public: build(true)?,
            private: build(false)?,
            user_agent: settings.user_agent.clone(),
            max_body_bytes: settings.max_body_bytes,
        })
    }

    /// One GET of `url` (no redirects followed), conditional when validators are given.
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        allow_private: bool,
    ) -> Result<Fetched, FetchError> {
        let client = if allow_private {
            &self.private
        } else {
            &self.public
        };
        let mut request_headers = vec![
            ("User-Agent".to_string(), self.user_agent.clone()),
            (
                "Accept".to_string(),
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8".to_string(),
            ),
            (
                "Accept-Encoding".to_string(),
                "gzip, br, deflate".to_string(),
            ),
        ];
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request_headers.push(("If-None-Match".to_string(), etag.clone()));
            }
            if let Some(lm) = &v.last_modified {
                request_headers.push(("If-Modified-Since".to_string(), lm.clone()));
            }
        }
        let mut request = client.get(url.clone());
        // The client sets User-Agent and Accept-Encoding itself (it must own the latter
        // to decode the body); they are listed above only for the WARC request record.
        for (k, v) in request_headers
            .iter()
            .filter(|(k, _)| k != "User-Agent" && k != "Accept-Encoding")
        {
            request = request.header(k.as_str(), v.as_str());
        }
        let started = Instant::now();
        let fetched_at = chrono::Utc::now();
        let response = request.send().await.map_err(classify)?;
        let status = response.status();
        let headers = recorded_headers(response.headers());
        if response
            .content_length()
            .is_some_and(|len| len > self.max_body_bytes as u64)
        {
            return Err(FetchError::TooLarge);
        }
        let body = read_capped(response, self.max_body_bytes).await?;
        Ok(Fetched {
            url: url.clone(),
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            request_headers,
            headers,
            body,
            elapsed: started.elapsed(),
            fetched_at,
        })
    }
}

/// Streams the (decoded) body, stopping as soon as it exceeds the cap: this bounds both
/// oversized pages and compression bombs.
async fn read_capped(mut response: reqwest::Response, cap: usize) -> Result<Bytes, FetchError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > cap {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn recorded_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(k, _)| {
            *k != header::CONTENT_ENCODING
                && *k != header::TRANSFER_ENCODING
                && *k != header::CONTENT_LENGTH
        })
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn classify(e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        let message = error_chain(&e);
        if message.contains("private addresses") {
            FetchError::Refused(message)
        } else {
            FetchError::Connect(message)
        }
    } else {
        FetchError::Http(error_chain(&e))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Statuses worth retrying after a pause.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS.as_u16() || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn public_sources_cannot_reach_private_addresses_by_name() {
        let downloader = Downloader::new(&CrawlerSettings::default()).unwrap();
        let url = Url::parse("http://localhost:9/").unwrap();
        match downloader.get(&url, None, false).await {
            Err(FetchError::Refused(message)) => assert!(message.contains("private"), "{message}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut f = Fetched {
            url: Url::parse("http://e.org/").unwrap(),
            status: 503,
            reason: String::new(),
            request_headers: Vec::new(),
            headers: vec![("Retry-After".into(), "7".into())],
            body: Bytes::new(),
            elapsed: Duration::ZERO,
            fetched_at: chrono::Utc::now(),
        };
        assert_eq!(f.retry_after(), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(60);
        f.headers = vec![("retry-after".into(), httpdate::fmt_http_date(later))];
        let wait = f.retry_after().unwrap();
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
    }
}
