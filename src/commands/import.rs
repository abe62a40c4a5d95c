//! `gazette import --jsonl FILE`: bulk-import an existing archive.
//!
//! Each line is one article in the import shape of SPEC.md. A bad line is reported
//! with its line number and skipped; it never aborts or corrupts the rest. Articles
//! are enriched exactly as crawled ones are, and upserted by id, so importing the
//! same file again replaces rather than duplicates. Commits are batched: a kill at
//! any moment leaves the index at its last commit, and re-running the import
//! completes it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use gazette_article::{Article, DateSource};
use gazette_enrich::Enricher;
use serde::Deserialize;

use super::Env;
use crate::progress;

/// Articles upserted between two index commits.
const COMMIT_EVERY: usize = 1000;
/// Longest accepted line; longer ones are reported and skipped (they are not articles).
const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// One line of the import file. Unknown fields are ignored, so richer archives import as they are.
#[derive(Debug, Deserialize)]
struct ImportRecord {
    id: Option<String>,
    url: Option<String>,
    title: String,
    text: String,
    published: Option<String>,
    source: Option<String>,
    #[serde(default)]
    byline: Vec<String>,
    section: Option<String>,
    language: Option<String>,
}

pub fn run(env: &Env, path: &Path) -> anyhow::Result<()> {
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )
    };
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let index = env.open_index()?;
    let mut writer = super::wait_for_writer(&index)?;
    let enricher = Enricher::new();
    let started = Instant::now();
    let bar = progress::spinner("importing");
    let (mut imported, mut skipped, mut pending) = (0usize, 0usize, 0usize);
    let mut line = Vec::new();
    for number in 1usize.. {
        line.clear();
        let read = reader
            .by_ref()
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("{}: read error at line {number}", path.display()))?;
        if read == 0 {
            break;
        }
        if line.len() > MAX_LINE_BYTES && !line.ends_with(b"\n") {
            // Skip the rest of an over-long line so the next line is read whole.
            let mut rest = Vec::new();
            reader.read_until(b'\n', &mut rest)?;
            eprintln!(
                "{}:{number}: skipped: line longer than {MAX_LINE_BYTES} bytes",
                path.display()
            );
            skipped += 1;
            continue;
        }
        match parse_line(&line) {
            Ok(None) => continue,
            Ok(Some(mut article)) => {
                tag(&enricher, &mut article);
                writer.upsert(&article)?;
                imported += 1;
                pending += 1;
                bar.inc(1);
                if pending >= COMMIT_EVERY {
                    writer.commit()?;
                    pending = 0;
                }
            }
            Err(message) => {
                bar.suspend(|| eprintln!("{}:{number}: skipped: {message}", path.display()));
                skipped += 1;
            }
        }
    }
    writer.commit()?;
    drop(writer);
    index.reload()?;
    bar.finish_and_clear();
    println!(
        "imported {imported} articles ({skipped} bad lines skipped) in {:.1}s; the archive holds {} articles",
        started.elapsed().as_secs_f64(),
        index.count()?
    );
    Ok(())
}

/// Parses one line; `Ok(None)` for a blank line, `Err` with a message a person can act on.
fn parse_line(line: &[u8]) -> Result<Option<Article>, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not valid UTF-8 ({e})"))?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let record: ImportRecord =
        serde_json::from_str(text).map_err(|e| format!("not an article object: {e}"))?;
    if record.title.trim().is_empty() {
        return Err("`title` is empty".into());
    }
    if record.text.trim().is_empty() {
        return Err("`text` is empty".into());
    }
    let published = record.published.as_deref().map(parse_date).transpose()?;
    let id = match record.id.as_deref().map(str::trim) {
        Some("") => return Err("`id` is empty".into()),
        Some(id) => id.to_owned(),
        None => match record.url.as_deref() {
            Some(url) => gazette_article::id_from_url(url),
            None => gazette_article::id_from_url(&format!("{}\n{}", record.title, record.text)),
        },
    };
    let mut article = Article::new(record.title.trim(), record.text);
    article.id = id;
    article.url = record.url;
    article.published_source = published.map(|_| DateSource::Import);
    article.published = published;
    article.source = record.source;
    article.byline = record.byline;
    article.section = record.section;
    article.language = record.language;
    article.fetched = Some(Utc::now());
    Ok(Some(article))
}

/// RFC 3339, or a bare `YYYY-MM-DD` (taken as midnight UTC).
fn parse_date(value: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(date) = DateTime::parse_from_rfc3339(value) {
        return Ok(date.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| format!("`published` {value:?} is not an RFC 3339 date or YYYY-MM-DD"))
}

/// Runs enrichment on an article, replacing any tags it came with (its authors are never its experts).
pub fn tag(enricher: &Enricher, article: &mut Article) {
    let tags = enricher
        .enrich(&article.title, &article.text)
        .without_authors(&article.byline);
    article.countries = tags.countries;
    article.topics = tags.topics;
    article.quotes = tags.quotes;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_line_gets_a_stable_id() {
        let a = parse_line(br#"{"title":"T","text":"Body"}"#)
            .unwrap()
            .unwrap();
        let b = parse_line(br#"{"title":"T","text":"Body"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(a.id, b.id);
        assert!(!a.id.is_empty());
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        assert!(
            parse_line(b"{not json")
                .unwrap_err()
                .contains("not an article object")
        );
        assert!(
            parse_line(br#"{"title":"T"}"#)
                .unwrap_err()
                .contains("text")
        );
        assert!(
            parse_line(br#"{"title":" ","text":"x"}"#)
                .unwrap_err()
                .contains("title")
        );
        assert!(
            parse_line(br#"{"title":"T","text":"x","published":"yesterday"}"#)
                .unwrap_err()
                .contains("published")
        );
        assert!(parse_line(b"\xff\xfe").unwrap_err().contains("UTF-8"));
        assert!(parse_line(b"   \n").unwrap().is_none());
    }

    #[test]
    fn dates_accept_rfc3339_and_plain_days() {
        assert_eq!(
            parse_date("2005-03-01").unwrap().to_rfc3339(),
            "2005-03-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_date("2005-03-01T12:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2005-03-01T10:00:00+00:00"
        );
    }
}
