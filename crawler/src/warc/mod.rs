//! The raw archive: every HTTP exchange as WARC 1.1 `request` + `response` records, each
//! record its own gzip member (so files can be read from any record boundary and a torn
//! tail after a crash only loses that record). Files rotate by size and are fsynced at
//! every checkpoint.
//!
//! gazette adds extension headers to responses so `reindex` can rebuild articles
//! with no crawl state: `WARC-Gazette-Source` (the source name), `WARC-Gazette-Kind`
//! (feed, sitemap, robots or page), `WARC-Gazette-Hint` (feed/sitemap title and date) and
//! `WARC-Gazette-Rule` (`allow`/`deny` when the source's URL rules decided article-ness).

mod reader;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::error::CrawlError;
use crate::fetch::Fetched;

pub(crate) use reader::{ArchivedResponse, archive_files, read_responses};

/// Appends WARC records under `data_dir/warc/`.
pub(crate) struct WarcWriter {
    dir: PathBuf,
    file: Option<(PathBuf, File, u64)>,
    max_file_bytes: u64,
    sequence: u32,
    /// Recorded in each file's warcinfo, so replay knows how robots rules named the crawler.
    user_agent: String,
}

/// Provenance of a response, stored in gazette's extension headers.
pub(crate) struct RecordMeta<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub hint_json: Option<String>,
    /// `allow` or `deny` when the source's URL rules decide article-ness (see `WARC-Gazette-Rule`).
    pub article_rule: Option<&'static str>,
}

impl WarcWriter {
    pub fn open(
        data_dir: &Path,
        max_file_bytes: u64,
        user_agent: &str,
    ) -> Result<Self, CrawlError> {
        let dir = data_dir.join("warc");
        fs::create_dir_all(&dir).map_err(|e| CrawlError::io(&dir, e))?;
        Ok(WarcWriter {
            dir,
            file: None,
            max_file_bytes,
            sequence: 0,
            user_agent: clean(user_agent),
        })
    }

    /// Writes the request and response records of one exchange; returns the response's record id.
    pub fn write_exchange(
        &mut self,
        fetched: &Fetched,
        meta: &RecordMeta<'_>,
    ) -> Result<String, CrawlError> {
        let date = fetched
            .fetched_at
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        let response_id = record_id();
        let request_id = record_id();
        let uri = fetched.url.as_str();

        let mut request_block = format!("GET {} HTTP/1.1\r\n", request_target(&fetched.url));
        if let Some(host) = fetched.url.host_str() {
            let host = match fetched.url.port() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_string(),
            };
            request_block.push_str(&format!("Host: {host}\r\n"));
        }
        for (k, v) in &fetched.request_headers {
            request_block.push_str(&format!("{k}: {}\r\n", clean(v)));
        }
        request_block.push_str("\r\n");

        let mut response_block =
            format!("HTTP/1.1 {} {}\r\n", fetched.status, fetched.reason).into_bytes();
        for (k, v) in &fetched.headers {
            response_block.extend_from_slice(format!("{k}: {}\r\n", clean(v)).as_bytes());
        }
        response_block.extend_from_slice(
            format!("Content-Length: {}\r\n\r\n", fetched.body.len()).as_bytes(),
        );
        response_block.extend_from_slice(&fetched.body);

        let mut extra = vec![
            ("WARC-Concurrent-To".to_string(), request_id.clone()),
            ("WARC-Gazette-Source".to_string(), clean(meta.source)),
            ("WARC-Gazette-Kind".to_string(), meta.kind.to_string()),
        ];
        if let Some(rule) = meta.article_rule {
            extra.push(("WARC-Gazette-Rule".to_string(), rule.to_string()));
        }
        if let Some(hint) = &meta.hint_json {
            extra.push(("WARC-Gazette-Hint".to_string(), clean(hint)));
        }
        self.append(&record(
            "response",
            &response_id,
            &date,
            uri,
            "application/http;msgtype=response",
            &extra,
            &response_block,
        ))?;
        let req_extra = vec![("WARC-Concurrent-To".to_string(), response_id.clone())];
        self.append(&record(
            "request",
            &request_id,
            &date,
            uri,
            "application/http;msgtype=request",
            &req_extra,
            request_block.as_bytes(),
        ))?;
        Ok(response_id)
    }

    fn append(&mut self, record: &[u8]) -> Result<(), CrawlError> {
        let mut gz = GzEncoder::new(Vec::with_capacity(record.len() / 3), Compression::default());
        let member = gz.write_all(record).and_then(|()| gz.finish());
        let member = member.map_err(|e| CrawlError::io(&self.dir, e))?;
        let needs_new = match &self.file {
            Some((_, _, size)) => *size > 0 && *size + member.len() as u64 > self.max_file_bytes,
            None => true,
        };
        if needs_new {
            self.rotate()?;
        }
        if let Some((path, file, size)) = self.file.as_mut() {
            file.write_all(&member)
                .map_err(|e| CrawlError::io(path, e))?;
            *size += member.len() as u64;
        }
        Ok(())
    }

    /// Starts a new file; each process run starts its own so a torn tail is never appended to.
    fn rotate(&mut self) -> Result<(), CrawlError> {
        self.flush()?;
        self.sequence += 1;
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let path = self.dir.join(format!(
            "gazette-{stamp}-{}-{:05}.warc.gz",
            std::process::id(),
            self.sequence
        ));
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| CrawlError::io(&path, e))?;
        self.file = Some((path, file, 0));
        let info = format!(
            "software: gazette-crawler/{}\r\nformat: WARC File Format 1.1\r\nhttp-header-user-agent: {}\r\n",
            env!("CARGO_PKG_VERSION"),
            self.user_agent
        );
        let date = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let rec = record(
            "warcinfo",
            &record_id(),
            &date,
            "",
            "application/warc-fields",
            &[],
            info.as_bytes(),
        );
        self.append(&rec)
    }

    /// Makes everything written so far durable.
    pub fn flush(&mut self) -> Result<(), CrawlError> {
        if let Some((path, file, _)) = self.file.as_mut() {
            file.sync_data().map_err(|e| CrawlError::io(path, e))?;
        }
        Ok(())
    }
}

fn record(
    kind: &str,
    id: &str,
    date: &str,
    uri: &str,
    content_type: &str,
    extra: &[(String, String)],
    block: &[u8],
) -> Vec<u8> {
    let mut head =
        format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {id}\r\nWARC-Date: {date}\r\n");
    if !uri.is_empty() {
        head.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

fn request_target(url: &url::Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Header values must stay on one line.
fn clean(v: &str) -> String {
    v.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(body: &'static [u8]) -> Fetched {
        Fetched {
            url: url::Url::parse("http://e.org/a?b=1").unwrap(),
            status: 200,
            reason: "OK".into(),
            request_headers: vec![("User-Agent".into(), "t".into())],
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: bytes::Bytes::from_static(body),
            elapsed: std::time::Duration::ZERO,
            fetched_at: Utc::now(),
        }
    }

    #[test]
    fn responses_round_trip_and_torn_tails_are_tolerated() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::open(dir.path(), 1 << 30, "tester/1").unwrap();
        let meta = RecordMeta {
            source: "S",
            kind: "page",
            hint_json: None,
            article_rule: None,
        };
        let id = w
            .write_exchange(&exchange(b"<p>one\r\n\r\ntwo</p>"), &meta)
            .unwrap();
        w.write_exchange(&exchange(b"second"), &meta).unwrap();
        w.flush().unwrap();
        let files = archive_files(dir.path()).unwrap();
        assert_eq!(files.len(), 1);
        // Simulate a crash mid-record.
        let mut f = OpenOptions::new().append(true).open(&files[0]).unwrap();
        f.write_all(&[0x1f, 0x8b, 8, 0, 0]).unwrap();
        let mut got = Vec::new();
        read_responses(&files[0], |r| got.push(r)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].record_id, id);
        assert_eq!(got[0].body, b"<p>one\r\n\r\ntwo</p>");
        assert_eq!(got[0].warc_header("WARC-Gazette-Source"), Some("S"));
        assert_eq!(got[0].http_header("content-type"), Some("text/html"));
        assert_eq!(got[1].body, b"second");
        assert_eq!(got[1].crawler_user_agent.as_deref(), Some("tester/1"));
    }

    #[test]
    fn files_rotate_by_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::open(dir.path(), 10, "tester/1").unwrap();
        let meta = RecordMeta {
            source: "S",
            kind: "page",
            hint_json: None,
            article_rule: None,
        };
        w.write_exchange(&exchange(b"x"), &meta).unwrap();
        w.write_exchange(&exchange(b"y"), &meta).unwrap();
        assert!(archive_files(dir.path()).unwrap().len() >= 2);
    }
}
