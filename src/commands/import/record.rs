//! One line of an import file: the SPEC's import shape, parsed into an [`Article`].

use chrono::{DateTime, NaiveDate, Utc};
use gazette_article::{Article, DateSource};
use serde::Deserialize;

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

/// Parses one line; `Ok(None)` for a blank line, `Err` with a message a person can act on.
pub(super) fn parse_line(line: &[u8]) -> Result<Option<Article>, String> {
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
