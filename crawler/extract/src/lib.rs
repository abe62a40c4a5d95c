//! Article extraction: from a news page's HTML to the article text and its metadata.
//!
//! Pathological nesting is flattened first (module `nesting`), since the HTML tree builder
//! is quadratic in depth. The page is then parsed once (scraper/html5ever) and flattened in
//! one iterative pass into an arena with per-element text statistics (module `dom`); metadata
//! tags are collected on the way. The article container is chosen by prose density, rendered
//! with page furniture pruned, and cleaned paragraph by paragraph (module `content`). No rule
//! names a site: everything works from markup conventions and text statistics, so it carries
//! over to pages never seen.
//!
//! ```
//! use gazette_extract::ArticleExtractor;
//!
//! let html = r#"<html lang="en"><head><title>Talks resume | The Daily</title>
//!   <meta property="article:published_time" content="2024-05-02T09:30:00+02:00"></head>
//!   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Talks resume</h1>
//!   <p>Negotiators from both sides met in Geneva on Thursday, the first meeting in months.</p>
//!   <p>Officials said the talks, which had stalled over border crossings, would go on.</p>
//!   </article></body></html>"#;
//! let page = ArticleExtractor::new().extract(html, None);
//! assert_eq!(page.title, "Talks resume");
//! assert!(page.text.starts_with("Negotiators from both sides"));
//! assert!(!page.text.contains("Home"));
//! assert_eq!(page.published.map(|d| d.to_rfc3339()).as_deref(), Some("2024-05-02T07:30:00+00:00"));
//! ```

pub mod benchmark;
mod charset;
mod classify;
mod content;
mod dom;
mod metadata;
mod nesting;
mod text;

use chrono::{DateTime, Utc};
use gazette_article::DateSource;
use serde::Serialize;
use url::Url;

pub use charset::decode_html;

/// Shortest body (visible characters) of a page that declares itself an article.
const BRIEF_MIN_CHARS: usize = 80;

/// Characters of body text searched for a written date when the markup gives none.
const DATE_SEARCH_CHARS: usize = 400;

/// Shortest body (visible characters) of a page that does not say what it is, for
/// [`ExtractedPage::looks_like_article`].
const ARTICLE_MIN_CHARS: usize = 400;

/// Extracts articles from HTML. Cheap to share: `Send + Sync`, no per-call setup beyond
/// parsing the page (the pattern tables it uses are compiled once per process).
#[derive(Debug, Clone, Default)]
pub struct ArticleExtractor {
    _private: (),
}

/// What the extractor found on one page.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractedPage {
    pub title: String,
    /// The article body: paragraphs (and headings) separated by blank lines.
    pub text: String,
    /// Author names only: no "By", dates or roles.
    pub byline: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    /// Where `published` came from.
    pub published_source: Option<DateSource>,
    pub modified: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    /// The publisher's canonical URL: same site, not the home page, absolute.
    pub canonical_url: Option<String>,
    /// ISO 639-1 code of the body's language.
    pub language: Option<String>,
    pub section: Option<String>,
    /// Lead image URL, absolute.
    pub image: Option<String>,
    pub description: Option<String>,
    /// `og:type` as declared (lower-case), used by [`ExtractedPage::looks_like_article`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub og_type: Option<String>,
    /// Number of paragraphs in `text`.
    pub paragraphs: usize,
}

impl ArticleExtractor {
    /// A new extractor with the default thresholds.
    pub fn new() -> Self {
        ArticleExtractor { _private: () }
    }

    /// Extracts the article and metadata from `html`; `url` is the page's address, used to
    /// resolve relative links, check the canonical URL and read a date from the path.
    pub fn extract(&self, html: &str, url: Option<&Url>) -> ExtractedPage {
        let document = scraper::Html::parse_document(&nesting::limit_depth(html));
        let page = dom::build(&document);
        let ld = metadata::jsonld::read(&page.meta.json_ld);
        let mut body = content::extract(&page.items, ld.article_body.as_deref());
        let text = body.paragraphs.join("\n\n");
        let date_window_end = text
            .char_indices()
            .nth(DATE_SEARCH_CHARS)
            .map_or(text.len(), |(i, _)| i);
        let meta = metadata::extract(
            &page.meta,
            &ld,
            url,
            text.get(..date_window_end).unwrap_or_default(),
        );
        // The headline repeated as the body's first line (an `<h2>` title inside the article
        // container) belongs to `title`, not to the text.
        let repeats_title = body
            .paragraphs
            .first()
            .is_some_and(|first| body.paragraphs.len() > 1 && same_words(first, &meta.title));
        let text = if repeats_title {
            body.paragraphs.remove(0);
            body.paragraphs.join("\n\n")
        } else {
            text
        };
        let language = metadata::language::detect(&text, meta.declared_language.as_deref());
        ExtractedPage {
            title: meta.title,
            byline: meta.byline,
            published: meta.published.map(|(d, _)| d),
            published_source: meta.published.map(|(_, s)| s),
            modified: meta.modified,
            site_name: meta.site_name,
            canonical_url: meta.canonical_url,
            language,
            section: meta.section,
            image: meta.image,
            description: meta.description,
            og_type: meta.og_type,
            paragraphs: body.paragraphs.len(),
            text,
        }
    }
}

/// Whether two strings have the same words, ignoring case, punctuation and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let left = words(a);
    !left.is_empty() && left == words(b)
}

impl ExtractedPage {
    /// Whether the page looks like one article (as opposed to a section front, a search page
    /// or an error page): a body of real length in several paragraphs, unless the page itself
    /// says it is something else.
    ///
    /// ```
    /// let page = gazette_extract::ArticleExtractor::new().extract("<ul><li><a href=/a>A</a></li></ul>", None);
    /// assert!(!page.looks_like_article());
    /// ```
    pub fn looks_like_article(&self) -> bool {
        let chars = self.text.chars().filter(|c| !c.is_whitespace()).count();
        match self.og_type.as_deref() {
            // The publisher says it is an article: trust it for short briefs too.
            Some("article") => chars >= BRIEF_MIN_CHARS,
            // The publisher says it is something else (a section front, a profile): only a
            // long body that also carries a structured publication date overrides that,
            // for sites that mislabel every page as a website.
            Some("website" | "profile" | "video.other" | "product" | "book") => {
                self.paragraphs >= 4
                    && matches!(
                        self.published_source,
                        Some(DateSource::JsonLd | DateSource::Meta | DateSource::Microdata)
                    )
            }
            _ => {
                chars >= ARTICLE_MIN_CHARS
                    && (self.paragraphs >= 2 || chars >= 2 * ARTICLE_MIN_CHARS)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn shareable<T: Send + Sync>(_: &T) -> bool {
            true
        }
        assert!(shareable(&ArticleExtractor::new()));
    }

    #[test]
    fn a_website_page_needs_a_structured_date_to_count_as_an_article() {
        let teaser = "<div class=teaser><h2><a href=/a>A headline about talks</a></h2><p>Ministers met in Geneva on Monday to discuss a ceasefire and the return of displaced families to their homes.</p></div>";
        let listing = format!(
            "<html><head><meta property=og:type content=website><title>World</title></head><body>{}</body></html>",
            teaser.repeat(6)
        );
        let extractor = ArticleExtractor::new();
        assert!(!extractor.extract(&listing, None).looks_like_article());
        let paragraph = "<p>Ministers from both countries met in Geneva on Monday to discuss a ceasefire, the exchange of prisoners and the return of displaced families to their homes before winter.</p>";
        let mislabelled_article = format!(
            "<html><head><meta property=og:type content=website>\
             <meta property=article:published_time content=2025-03-01T10:00:00Z><title>Talks</title></head>\
             <body><article><h1>Talks resume in Geneva</h1>{}</article></body></html>",
            paragraph.repeat(5)
        );
        let page = extractor.extract(&mislabelled_article, None);
        assert_eq!(page.published_source, Some(DateSource::Meta));
        assert!(page.looks_like_article(), "{page:?}");
    }

    #[test]
    fn same_words_ignores_case_and_punctuation() {
        assert!(same_words("Dam repairs begin!", "dam  repairs: begin"));
        assert!(!same_words("Dam repairs", "Dam repairs begin"));
        assert!(!same_words("", ""));
    }
}
