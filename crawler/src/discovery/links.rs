//! What a page says to a crawler: its links (resolved against `<base href>` and
//! normalised), the feeds it advertises and its `<meta name="robots">` directives.

use std::collections::HashSet;

use scraper::{Html, Selector};
use url::Url;

use crate::normalize::{normalize_url, resolve};
use crate::robots::RobotsDirectives;

/// Links and directives of one page.
#[derive(Debug, Default)]
pub(crate) struct PageLinks {
    pub links: Vec<Url>,
    /// RSS/Atom feeds named by `<link rel="alternate">` (feed autodiscovery).
    pub feeds: Vec<Url>,
    pub directives: RobotsDirectives,
}

/// Reads the page's robots meta tags (generic and addressed to `token`) and, unless they
/// say `nofollow`, its advertised feeds and (if `want_links`) its distinct http(s) links
/// (at most `max`).
pub(crate) fn read_page(
    html: &str,
    page_url: &Url,
    token: &str,
    want_links: bool,
    max: usize,
) -> PageLinks {
    let doc = Html::parse_document(html);
    let (Ok(base_sel), Ok(link_sel), Ok(meta_sel), Ok(feed_sel)) = (
        Selector::parse("base[href]"),
        Selector::parse("a[href], area[href]"),
        Selector::parse("meta[name][content]"),
        Selector::parse("link[rel~=alternate][href][type]"),
    ) else {
        return PageLinks::default();
    };
    let mut directives = RobotsDirectives::default();
    for meta in doc.select(&meta_sel) {
        let name = meta.value().attr("name").unwrap_or("");
        if name.eq_ignore_ascii_case("robots") || name.eq_ignore_ascii_case(token) {
            directives.add(meta.value().attr("content").unwrap_or(""));
        }
    }
    if directives.nofollow {
        return PageLinks {
            directives,
            ..PageLinks::default()
        };
    }
    let base = doc
        .select(&base_sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page_url.join(href).ok())
        .unwrap_or_else(|| page_url.clone());
    let feeds = doc
        .select(&feed_sel)
        .filter(|l| {
            let kind = l.value().attr("type").unwrap_or("").to_ascii_lowercase();
            kind.contains("rss") || kind.contains("atom")
        })
        .filter_map(|l| l.value().attr("href").and_then(|h| resolve(&base, h)))
        .collect();
    if !want_links {
        return PageLinks {
            links: Vec::new(),
            feeds,
            directives,
        };
    }
    let mut seen: HashSet<Url> = normalize_url(page_url).into_iter().collect();
    let mut links: Vec<Url> = Vec::new();
    for element in doc.select(&link_sel) {
        if links.len() >= max {
            break;
        }
        let rel = element.value().attr("rel").unwrap_or("");
        if rel
            .split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("nofollow"))
        {
            continue;
        }
        let Some(url) = element.value().attr("href").and_then(|h| resolve(&base, h)) else {
            continue;
        };
        if seen.insert(url.clone()) {
            links.push(url);
        }
    }
    PageLinks {
        links,
        feeds,
        directives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_resolved_normalised_and_distinct() {
        let page = Url::parse("http://e.org/news/").unwrap();
        let html = r#"<a href="a?utm_source=x">A</a><a href="a">A again</a><a href="mailto:x@e.org">m</a>
            <a href="/b#c">B</a><a rel="nofollow" href="/c">C</a><a href="">self</a>"#;
        let links: Vec<String> = read_page(html, &page, "gazette", true, 100)
            .links
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(links, ["http://e.org/news/a", "http://e.org/b"]);
    }

    #[test]
    fn meta_robots_nofollow_and_noindex_are_read() {
        let page = Url::parse("http://e.org/").unwrap();
        let html = r#"<head><meta name="ROBOTS" content="noindex"><meta name="gazette" content="nofollow">
            <meta name="otherbot" content="none"></head><a href="/x">x</a>"#;
        let read = read_page(html, &page, "gazette", true, 100);
        assert!(read.directives.noindex && read.directives.nofollow);
        assert!(read.links.is_empty());
        let plain = read_page(
            "<link rel='alternate' type='application/rss+xml' href='/rss'><link rel='alternate' hreflang='de' type='text/html' href='/de'><a href='/x'>x</a>",
            &page,
            "gazette",
            true,
            100,
        );
        assert_eq!(plain.feeds, [Url::parse("http://e.org/rss").unwrap()]);
        assert!(!plain.directives.noindex && plain.links.len() == 1);
    }
}
