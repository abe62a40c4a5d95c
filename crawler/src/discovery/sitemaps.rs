//! XML sitemaps and sitemap indexes (also gzipped, also Google News sitemaps), read with
//! a streaming `quick-xml` parser so a huge file costs no more memory than its entries,
//! which are capped.

use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::Reader;
use quick_xml::events::Event;
use url::Url;

use super::{Discovered, PageHint, UrlKind};
use crate::normalize::resolve;

/// Entries of one sitemap file: child sitemaps (from an index) and pages.
#[derive(Debug, Default)]
pub(crate) struct SitemapEntries {
    pub entries: Vec<Discovered>,
    /// Whether the document was a sitemap at all (`<urlset>` or `<sitemapindex>`).
    pub recognised: bool,
}

/// Gunzips `body` if it is gzip (by magic bytes), refusing to inflate past `max_bytes`.
pub(crate) fn maybe_gunzip(body: &[u8], max_bytes: usize) -> Option<Vec<u8>> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Some(body.to_vec());
    }
    let mut out = Vec::new();
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    flate2::read::MultiGzDecoder::new(body)
        .take(limit)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() <= max_bytes).then_some(out)
}

#[derive(Default)]
struct Entry {
    loc: String,
    lastmod: String,
    news_date: String,
    news_title: String,
}

/// Parses a sitemap or sitemap index; dates prefer `news:publication_date` over `lastmod`.
pub(crate) fn parse_sitemap(xml: &[u8], base: &Url, max_entries: usize) -> SitemapEntries {
    let mut reader = Reader::from_reader(xml);
    let mut out = SitemapEntries::default();
    let mut buf = Vec::new();
    let mut in_index = false;
    let mut current: Option<Entry> = None;
    let mut field: Option<String> = None;
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                match name.as_str() {
                    "sitemapindex" => (in_index, out.recognised) = (true, true),
                    "urlset" => out.recognised = true,
                    "url" | "sitemap" => current = Some(Entry::default()),
                    _ => {}
                }
                field = Some(name);
                text.clear();
            }
            Ok(Event::Text(t)) => text.push_str(&t.decode().unwrap_or_default()),
            Ok(Event::CData(t)) => text.push_str(&t.decode().unwrap_or_default()),
            Ok(Event::GeneralRef(r)) => {
                text.push_str(&resolve_entity(&r.decode().unwrap_or_default()))
            }
            Ok(Event::End(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if let (Some(entry), Some(f)) = (current.as_mut(), field.as_deref()) {
                    let value = text.trim().to_string();
                    match f {
                        "loc" => entry.loc = value,
                        "lastmod" => entry.lastmod = value,
                        "publication_date" => entry.news_date = value,
                        "title" => entry.news_title = value,
                        _ => {}
                    }
                }
                if (name == "url" || name == "sitemap")
                    && let Some(entry) = current.take()
                {
                    if let Some(d) = to_discovered(entry, base, in_index) {
                        out.entries.push(d);
                    }
                    if out.entries.len() >= max_entries {
                        break;
                    }
                }
                field = None;
                text.clear();
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out
}

fn to_discovered(entry: Entry, base: &Url, in_index: bool) -> Option<Discovered> {
    let url = resolve(base, &entry.loc)?;
    if in_index {
        return Some(Discovered {
            url,
            kind: UrlKind::Sitemap,
            hint: PageHint::default(),
        });
    }
    let news_date = parse_w3c_date(&entry.news_date);
    let published = news_date.or_else(|| parse_w3c_date(&entry.lastmod));
    Some(Discovered {
        url,
        kind: UrlKind::Page,
        hint: PageHint {
            title: Some(entry.news_title).filter(|t| !t.is_empty()),
            published,
            date_from_sitemap: published.is_some(),
        },
    })
}

/// W3C datetime as sitemaps use it: a full RFC 3339 timestamp or a bare date.
fn parse_w3c_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

fn resolve_entity(name: &str) -> String {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return code
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default();
    }
    quick_xml::escape::resolve_predefined_entity(name)
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn news_sitemap_entries_carry_date_and_title() {
        let xml =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>http://e.org/a?x=1&amp;b=2</loc><news:news><news:publication>
              <news:name>E</news:name><news:language>en</news:language></news:publication>
              <news:publication_date>2021-05-06T07:08:09+02:00</news:publication_date>
              <news:title>Talks &amp; more</news:title></news:news></url>
            <url><loc>http://e.org/b</loc><lastmod>2020-01-02</lastmod></url></urlset>"#;
        let base = Url::parse("http://e.org/sitemap.xml").unwrap();
        let got = parse_sitemap(xml, &base, 100);
        assert!(got.recognised);
        assert_eq!(got.entries[0].url.as_str(), "http://e.org/a?b=2&x=1");
        assert_eq!(got.entries[0].hint.title.as_deref(), Some("Talks & more"));
        assert_eq!(
            got.entries[0].hint.published.unwrap().to_rfc3339(),
            "2021-05-06T05:08:09+00:00"
        );
        assert_eq!(
            got.entries[1].hint.published.unwrap().to_rfc3339(),
            "2020-01-02T00:00:00+00:00"
        );
    }

    #[test]
    fn gzipped_index_lists_child_sitemaps_and_caps_entries() {
        let xml = br#"<sitemapindex><sitemap><loc>http://e.org/s1.xml</loc></sitemap>
            <sitemap><loc>http://e.org/s2.xml.gz</loc></sitemap></sitemapindex>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(xml).unwrap();
        let body = maybe_gunzip(&gz.finish().unwrap(), 1 << 20).unwrap();
        let base = Url::parse("http://e.org/").unwrap();
        let got = parse_sitemap(&body, &base, 1);
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.entries[0].kind, UrlKind::Sitemap);
    }

    #[test]
    fn gzip_bombs_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 1 << 20]).unwrap();
        assert!(maybe_gunzip(&gz.finish().unwrap(), 1000).is_none());
    }
}
