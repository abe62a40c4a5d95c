//! Reading WARC files back, record by record (one gzip member each).

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::CrawlError;

/// One archived HTTP response, as read back.
#[derive(Debug, Clone)]
pub(crate) struct ArchivedResponse {
    pub record_id: String,
    pub date: Option<DateTime<Utc>>,
    pub target_uri: String,
    pub warc_headers: Vec<(String, String)>,
    pub status: u16,
    pub http_headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The crawler's User-Agent, from the file's warcinfo record.
    pub crawler_user_agent: Option<String>,
}

impl ArchivedResponse {
    pub fn warc_header(&self, name: &str) -> Option<&str> {
        find(&self.warc_headers, name)
    }

    pub fn http_header(&self, name: &str) -> Option<&str> {
        find(&self.http_headers, name)
    }
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// WARC files under `data_dir/warc/`, oldest first (names sort by creation time).
pub(crate) fn archive_files(data_dir: &Path) -> Result<Vec<PathBuf>, CrawlError> {
    let dir = data_dir.join("warc");
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| CrawlError::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads every complete `response` record of one file, calling `each` in file order.
/// A torn final member (a crash mid-write) ends the file quietly; returns records read.
pub(crate) fn read_responses(
    path: &Path,
    mut each: impl FnMut(ArchivedResponse),
) -> Result<usize, CrawlError> {
    let file = File::open(path).map_err(|e| CrawlError::io(path, e))?;
    let mut reader = BufReader::new(file);
    let mut count = 0;
    let mut user_agent: Option<String> = None;
    loop {
        match reader.fill_buf() {
            Ok([]) => break,
            Ok(_) => {}
            Err(e) => return Err(CrawlError::io(path, e)),
        }
        let mut member = Vec::new();
        if flate2::bufread::GzDecoder::new(&mut reader)
            .read_to_end(&mut member)
            .is_err()
        {
            tracing::warn!(file = %path.display(), "torn or corrupt WARC record; rest of file skipped");
            break;
        }
        match parse_record(&member) {
            Some(Record::Info(agent)) => user_agent = agent,
            Some(Record::Response(mut response)) => {
                response.crawler_user_agent.clone_from(&user_agent);
                count += 1;
                each(*response);
            }
            None => {}
        }
    }
    Ok(count)
}

/// Splits `text` at the first blank line into header pairs and the rest.
fn split_headers(bytes: &[u8]) -> Option<(Vec<&str>, &[u8])> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(bytes.get(..end)?).ok()?;
    Some((head.split("\r\n").collect(), bytes.get(end + 4..)?))
}

fn pairs(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The records replay cares about.
enum Record {
    /// A warcinfo record, with its `http-header-user-agent` field.
    Info(Option<String>),
    Response(Box<ArchivedResponse>),
}

fn parse_record(member: &[u8]) -> Option<Record> {
    let (lines, rest) = split_headers(member)?;
    let warc_headers = pairs(lines.get(1..)?);
    let length: usize = find(&warc_headers, "Content-Length")?.parse().ok()?;
    let block = rest.get(..length)?;
    match find(&warc_headers, "WARC-Type") {
        Some("warcinfo") => {
            let fields = String::from_utf8_lossy(block);
            let agent = fields
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("http-header-user-agent"))
                .map(|(_, v)| v.trim().to_string());
            Some(Record::Info(agent))
        }
        Some("response") => {
            parse_response(warc_headers, block).map(|r| Record::Response(Box::new(r)))
        }
        _ => None,
    }
}

fn parse_response(warc_headers: Vec<(String, String)>, block: &[u8]) -> Option<ArchivedResponse> {
    let (http_lines, body) = split_headers(block)?;
    let status = http_lines
        .first()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(ArchivedResponse {
        record_id: find(&warc_headers, "WARC-Record-ID")?.to_string(),
        date: find(&warc_headers, "WARC-Date")
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.with_timezone(&Utc)),
        target_uri: find(&warc_headers, "WARC-Target-URI")?.to_string(),
        http_headers: pairs(http_lines.get(1..)?),
        warc_headers,
        status,
        body: body.to_vec(),
        crawler_user_agent: None,
    })
}
