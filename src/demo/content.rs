//! The demo articles: their record and the parser of the embedded content files.
//!
//! Content lives in plain text files (format in `content/README.md`) rather than in
//! Rust literals so that writing and reviewing the prose stays easy, and so that the
//! parser can reject a malformed header with a message naming the article.

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

/// Which CMS generation renders an article; each has its own markup and URL scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// Classic blog theme: date permalinks, sidebar, comments, og/article meta.
    WordPress,
    /// Modern news platform: JSON-LD, cookie banner, paywall teaser, section URLs.
    Arc,
    /// Old CMS: table layout, `<time>` only, slightly broken markup.
    Drupal,
}

/// One block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(String),
    /// A subheading between paragraphs.
    Heading(String),
}

/// One article of the demo site.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoArticle {
    /// Unique URL slug.
    pub slug: String,
    /// Headline, as plain text.
    pub title: String,
    /// Section slug (`world`, `politics`, ...), also the section page path.
    pub section: String,
    /// Byline names.
    pub authors: Vec<String>,
    /// Publication time with the newsroom's local offset.
    pub published: DateTime<FixedOffset>,
    /// The page template that renders it.
    pub template: Template,
    /// Tag slugs, each with a `/tag/<slug>/` listing page.
    pub tags: Vec<String>,
    /// Every named person the body quotes or reports speaking, in the sense of the
    /// enrichment guideline: the analysts (several recur across articles) and the
    /// officials quoted in passing. Unnamed sources and organisations are not listed.
    /// This is the gold the quote extractor should find.
    pub experts: Vec<String>,
    /// Image caption and credit, when the article has a lead image.
    pub image: Option<(String, String)>,
    /// Whether the article is listed in the RSS and Atom feeds.
    pub in_feed: bool,
    /// Whether the page is served as ISO-8859-1 instead of UTF-8.
    pub latin1: bool,
    /// The URL path of the canonical page, e.g. `/2025/03/03/some-slug/`.
    pub path: String,
    /// The body, in order.
    pub blocks: Vec<Block>,
}

impl DemoArticle {
    /// The body as plain text, blocks separated by blank lines.
    pub fn body_text(&self) -> String {
        let texts: Vec<&str> = self
            .blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) | Block::Heading(text) => text.as_str(),
            })
            .collect();
        texts.join("\n\n")
    }

    /// The first paragraph: the standfirst of listings and the description of feeds.
    pub fn summary(&self) -> &str {
        self.blocks
            .iter()
            .find_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Heading(_) => None,
            })
            .unwrap_or_default()
    }
}

/// Why an embedded content file could not be parsed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ContentError {
    /// Text before the first `+++` header.
    #[error("content must start with a `+++` header line")]
    MissingHeader,
    /// A header without its closing `+++`.
    #[error("article #{0}: header is not closed by `+++`")]
    UnclosedHeader(usize),
    /// A header line that is not `key: value`.
    #[error("article #{index}: header line {line:?} is not `key: value`")]
    BadHeaderLine { index: usize, line: String },
    /// A required header key is absent.
    #[error("article #{index}: missing `{key}`")]
    MissingKey { index: usize, key: &'static str },
    /// A header value that does not parse.
    #[error("article #{index}: bad `{key}`: {value:?}")]
    BadValue {
        index: usize,
        key: &'static str,
        value: String,
    },
    /// An article without body text.
    #[error("article #{0}: empty body")]
    EmptyBody(usize),
}

/// The line that opens and closes an article header, with its line breaks.
const FENCE_LINE: &str = "\n+++\n";

/// Parses every article of one content file, in file order.
pub fn parse_articles(text: &str) -> Result<Vec<DemoArticle>, ContentError> {
    let text = format!("\n{}", text.trim_start());
    let mut chunks = text.split(FENCE_LINE);
    let preamble = chunks.next().unwrap_or_default();
    if !preamble.trim().is_empty() {
        return Err(ContentError::MissingHeader);
    }
    let chunks: Vec<&str> = chunks.collect();
    let mut articles = Vec::new();
    for (index, pair) in chunks.chunks(2).enumerate() {
        let index = index + 1;
        let [header, body] = pair else {
            return Err(ContentError::UnclosedHeader(index));
        };
        articles.push(parse_article(index, header, body)?);
    }
    Ok(articles)
}

fn parse_article(index: usize, header: &str, body: &str) -> Result<DemoArticle, ContentError> {
    let mut fields = Vec::new();
    for line in header.lines().filter(|line| !line.trim().is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            return Err(ContentError::BadHeaderLine {
                index,
                line: line.to_string(),
            });
        };
        fields.push((key.trim(), value.trim()));
    }
    let get = |key: &'static str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let require = |key: &'static str| get(key).ok_or(ContentError::MissingKey { index, key });
    let bad = |key: &'static str, value: &str| ContentError::BadValue {
        index,
        key,
        value: value.to_string(),
    };

    let slug = require("slug")?;
    let slug_chars_ok = slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if slug.is_empty() || !slug_chars_ok {
        return Err(bad("slug", slug));
    }
    let published_text = require("published")?;
    let published = DateTime::parse_from_rfc3339(published_text)
        .map_err(|_| bad("published", published_text))?;
    let template = match require("template")? {
        "wordpress" => Template::WordPress,
        "arc" => Template::Arc,
        "drupal" => Template::Drupal,
        other => return Err(bad("template", other)),
    };
    let section = require("section")?.to_string();
    let image = match get("image") {
        Some(value) => {
            let (caption, credit) = value.split_once('|').ok_or_else(|| bad("image", value))?;
            Some((caption.trim().to_string(), credit.trim().to_string()))
        }
        None => None,
    };
    let blocks = parse_body(body);
    if blocks.is_empty() {
        return Err(ContentError::EmptyBody(index));
    }
    let path = match template {
        Template::WordPress => format!("/{}/{slug}/", published.format("%Y/%m/%d")),
        Template::Arc => format!("/{section}/{}/{slug}/", published.format("%Y/%m/%d")),
        Template::Drupal => format!("/content/{slug}"),
    };
    Ok(DemoArticle {
        slug: slug.to_string(),
        title: require("title")?.to_string(),
        section,
        authors: split_list(require("authors")?),
        published,
        template,
        tags: get("tags").map(split_list).unwrap_or_default(),
        experts: get("experts").map(split_list).unwrap_or_default(),
        image,
        in_feed: get("feed") != Some("no"),
        latin1: get("charset").is_some_and(|value| value.eq_ignore_ascii_case("iso-8859-1")),
        path,
        blocks,
    })
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a body into blocks at blank lines; lines within a block are joined.
fn parse_body(body: &str) -> Vec<Block> {
    body.split("\n\n")
        .map(|chunk| chunk.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .filter(|text| !text.trim().is_empty())
        .map(|text| match text.strip_prefix("## ") {
            Some(heading) => Block::Heading(heading.trim().to_string()),
            None => Block::Paragraph(text.trim().to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "+++\nslug: a-b\ntitle: A <b>\nsection: world\nauthors: X Y; Z W\n\
        published: 2025-03-03T10:00:00+01:00\ntemplate: wordpress\ntags: t1; t2\nfeed: no\n+++\n\
        First line\ncontinued.\n\n## Heading\n\nSecond.\n+++\nslug: c\ntitle: C\nsection: economy\n\
        authors: Q\npublished: 2024-01-02T00:00:00Z\ntemplate: drupal\ncharset: ISO-8859-1\n+++\nBody.\n";

    #[test]
    fn parses_headers_body_blocks_and_paths() {
        let articles = parse_articles(SAMPLE).unwrap_or_default();
        assert_eq!(articles.len(), 2);
        let first = &articles[0];
        assert_eq!(first.authors, ["X Y", "Z W"]);
        assert_eq!(first.path, "/2025/03/03/a-b/");
        assert!(!first.in_feed && !first.latin1);
        assert_eq!(first.summary(), "First line continued.");
        assert_eq!(first.blocks[1], Block::Heading("Heading".into()));
        assert_eq!(articles[1].path, "/content/c");
        assert!(articles[1].latin1 && articles[1].in_feed);
    }

    #[test]
    fn rejects_malformed_content() {
        assert_eq!(
            parse_articles("no header"),
            Err(ContentError::MissingHeader)
        );
        assert_eq!(
            parse_articles("+++\nslug: a\n"),
            Err(ContentError::UnclosedHeader(1))
        );
        let bad_date = SAMPLE.replace("2025-03-03T10:00:00+01:00", "March 3");
        let error = parse_articles(&bad_date);
        assert!(matches!(
            error,
            Err(ContentError::BadValue {
                key: "published",
                ..
            })
        ));
        let bad_template = SAMPLE.replace("template: wordpress", "template: joomla");
        let error = parse_articles(&bad_template);
        assert!(matches!(
            error,
            Err(ContentError::BadValue {
                key: "template",
                ..
            })
        ));
        let no_title = SAMPLE.replace("title: A <b>\n", "");
        let error = parse_articles(&no_title);
        assert!(matches!(
            error,
            Err(ContentError::MissingKey { key: "title", .. })
        ));
        let bad_slug = SAMPLE.replace("slug: a-b", "slug: A B");
        let error = parse_articles(&bad_slug);
        assert!(matches!(
            error,
            Err(ContentError::BadValue { key: "slug", .. })
        ));
    }
}
