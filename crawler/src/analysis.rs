//! The item pipeline's CPU-bound half: decode, extract the article and its metadata
//! (`gazette_extract`), tag it (`gazette_enrich`) and collect links. Runs on tokio's
//! blocking pool because HTML parsing is CPU-bound and `scraper::Html` is not `Send`.

use chrono::{DateTime, Utc};
use gazette_article::{CountryTag, DateSource, Quote, TopicTag};
use gazette_enrich::Enricher;
use gazette_extract::{ArticleExtractor, decode_html};
use url::Url;

use crate::discovery::links::read_page;

/// Links read from one page at most (a hostile page could list millions).
const MAX_LINKS_PER_PAGE: usize = 2000;

/// What the crawler needs from an extracted page, independent of the extractor's types.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageAnalysis {
    pub title: String,
    pub text: String,
    pub byline: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    pub published_source: Option<DateSource>,
    pub modified: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub section: Option<String>,
    pub image: Option<String>,
    pub looks_like_article: bool,
    /// The page (meta robots) or its response (`X-Robots-Tag`) forbids indexing it.
    pub noindex: bool,
    pub countries: Vec<CountryTag>,
    pub topics: Vec<TopicTag>,
    pub quotes: Vec<Quote>,
    pub links: Vec<Url>,
    /// Feeds the page advertises (`<link rel="alternate" type="application/rss+xml">`).
    pub feeds: Vec<Url>,
}

/// The extractor and tagger, built once and shared by all pages.
pub(crate) struct Analyzer {
    extractor: ArticleExtractor,
    enricher: Enricher,
}

/// The source's URL rule for a page (see [`article_rule`](crate::engine::article_rule)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArticleRule {
    /// The URL matches the source's `allow` patterns: an article if it has text.
    Allow,
    /// Denied (or not allowed while `allow` is set): never an article.
    Deny,
    /// No rule: an article if the page looks like one.
    ByContent,
}

impl ArticleRule {
    pub fn as_header(self) -> Option<&'static str> {
        match self {
            ArticleRule::Allow => Some("allow"),
            ArticleRule::Deny => Some("deny"),
            ArticleRule::ByContent => None,
        }
    }

    pub fn from_header(value: Option<&str>) -> Self {
        match value {
            Some("allow") => ArticleRule::Allow,
            Some("deny") => ArticleRule::Deny,
            _ => ArticleRule::ByContent,
        }
    }
}

impl PageAnalysis {
    /// Whether the page is an article under `rule` (never when it says `noindex`).
    pub fn is_article(&self, rule: ArticleRule) -> bool {
        if self.noindex {
            return false;
        }
        match rule {
            ArticleRule::Deny => false,
            ArticleRule::Allow => !self.text.trim().is_empty(),
            ArticleRule::ByContent => self.looks_like_article,
        }
    }
}

/// One fetched page to analyse.
pub(crate) struct PageInput<'a> {
    pub body: &'a [u8],
    pub content_type: Option<&'a str>,
    /// The `X-Robots-Tag` response header, if any.
    pub x_robots_tag: Option<&'a str>,
    pub url: &'a Url,
    pub want_links: bool,
    pub rule: ArticleRule,
    /// The crawler's robots product token (meta tags and `X-Robots-Tag` may address it).
    pub robots_token: &'a str,
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {
            extractor: ArticleExtractor::new(),
            enricher: Enricher::new(),
        }
    }

    /// Extracts one HTML page, tags it if it is an article under its rule (and the page
    /// allows indexing), and collects its links if wanted (and the page allows following).
    pub fn analyse(&self, input: &PageInput<'_>) -> PageAnalysis {
        let html = decode_html(input.body, input.content_type);
        let page = self.extractor.extract(&html, Some(input.url));
        let looks_like_article = page.looks_like_article();
        let mut read = read_page(
            &html,
            input.url,
            input.robots_token,
            input.want_links,
            MAX_LINKS_PER_PAGE,
        );
        if let Some(header) = input.x_robots_tag {
            read.directives.add_header(header, input.robots_token);
            if read.directives.nofollow {
                read.links.clear();
            }
        }
        let mut analysis = PageAnalysis {
            title: page.title,
            text: page.text,
            byline: page.byline,
            published: page.published,
            published_source: page.published_source,
            modified: page.modified,
            site_name: page.site_name,
            canonical_url: page.canonical_url,
            language: page.language,
            section: page.section,
            image: page.image,
            looks_like_article,
            noindex: read.directives.noindex,
            links: read.links,
            feeds: read.feeds,
            ..PageAnalysis::default()
        };
        if analysis.is_article(input.rule) {
            let tags = self
                .enricher
                .enrich(&analysis.title, &analysis.text)
                .without_authors(&analysis.byline);
            analysis.countries = tags.countries;
            analysis.topics = tags.topics;
            analysis.quotes = tags.quotes;
        }
        analysis
    }
}

/// Whether a response is an HTML page, by content type and by sniffing the body (a PDF
/// or an image served as `text/html` is not).
pub(crate) fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    let head = body.get(..body.len().min(1024)).unwrap_or(body);
    if head.starts_with(b"%PDF")
        || head.starts_with(b"\x89PNG")
        || head.starts_with(b"GIF8")
        || head.starts_with(b"\xff\xd8\xff")
        || head.starts_with(b"PK\x03\x04")
        || head.contains(&0)
    {
        return false;
    }
    match content_type.map(|c| c.to_ascii_lowercase()) {
        Some(ct) => ct.contains("text/html") || ct.contains("application/xhtml"),
        None => String::from_utf8_lossy(head)
            .to_ascii_lowercase()
            .contains("<html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_served_as_html_is_not_html() {
        assert!(!is_html(Some("text/html"), b"%PDF-1.4 ..."));
        assert!(is_html(
            Some("text/html; charset=utf-8"),
            b"<!doctype html><p>x"
        ));
        assert!(!is_html(Some("application/pdf"), b"<html>"));
        assert!(is_html(None, b"\xef\xbb\xbf<HTML><body>"));
    }
}
