//! RSS 0.9/1.0 (RDF)/2.0 and Atom feeds, parsed by `feed-rs` into one model.

use url::Url;

use super::{Discovered, PageHint, UrlKind};
use crate::normalize::resolve;

/// The article links of a feed, with titles and dates as hints. `None` if it is no feed.
pub(crate) fn parse_feed(body: &[u8], base: &Url, max_entries: usize) -> Option<Vec<Discovered>> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build();
    let feed = parser.parse(body).ok()?;
    let entries = feed
        .entries
        .into_iter()
        .take(max_entries)
        .filter_map(|entry| {
            // Prefer the alternate (HTML) link; RSS items have exactly one link. An item
            // without a link may still carry its address as a permalink guid / Atom id.
            let href = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.as_str())
                .or_else(|| entry.id.starts_with("http").then_some(entry.id.as_str()))?;
            let url = resolve(base, href)?;
            Some(Discovered {
                url,
                kind: UrlKind::Page,
                hint: PageHint {
                    title: entry
                        .title
                        .map(|t| t.content.trim().to_string())
                        .filter(|t| !t.is_empty()),
                    published: entry.published.or(entry.updated),
                    date_from_sitemap: false,
                },
            })
        })
        .collect();
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_rdf_items_become_pages() {
        let base = Url::parse("http://e.org/feed").unwrap();
        let rss = br#"<rss version="2.0"><channel><title>x</title>
            <item><title>One</title><link>/a/1?utm_source=rss</link><pubDate>Tue, 03 Mar 2020 10:00:00 GMT</pubDate></item>
            </channel></rss>"#;
        let got = parse_feed(rss, &base, 10).unwrap();
        assert_eq!(got[0].url.as_str(), "http://e.org/a/1");
        assert_eq!(got[0].hint.title.as_deref(), Some("One"));
        assert_eq!(
            got[0].hint.published.unwrap().to_rfc3339(),
            "2020-03-03T10:00:00+00:00"
        );

        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>i</id><updated>2020-01-01T00:00:00Z</updated>
            <entry><title>Two</title><id>t</id><link rel="alternate" href="http://e.org/a/2"/><updated>2020-01-02T00:00:00Z</updated></entry></feed>"#;
        assert_eq!(
            parse_feed(atom, &base, 10).unwrap()[0].url.as_str(),
            "http://e.org/a/2"
        );

        let rdf = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel><title>x</title><link>http://e.org/</link></channel>
            <item><title>Three</title><link>http://e.org/a/3</link></item></rdf:RDF>"#;
        assert_eq!(
            parse_feed(rdf, &base, 10).unwrap()[0].url.as_str(),
            "http://e.org/a/3"
        );

        let guid_only = br#"<rss version="2.0"><channel><title>x</title>
            <item><title>Four</title><guid isPermaLink="true">http://e.org/a/4</guid></item></channel></rss>"#;
        assert_eq!(
            parse_feed(guid_only, &base, 10).unwrap()[0].url.as_str(),
            "http://e.org/a/4"
        );
    }

    #[test]
    fn html_is_not_a_feed() {
        let base = Url::parse("http://e.org/").unwrap();
        assert!(parse_feed(b"<html><body>hi</body></html>", &base, 10).is_none());
    }
}
