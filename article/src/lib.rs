//! The article record: the one type every stage of gazette hands to the next.
//!
//! The crawler produces [`Article`]s (after extraction and enrichment), `import`
//! reads them from JSON Lines, and the index stores and returns them. Keeping the
//! record in its own tiny crate lets the crawler and the index share it without
//! either depending on the other, so the index never pulls in network code.
//!
//! ```
//! use gazette_article::{Article, CountryTag};
//!
//! let mut article = Article::new("Baku weighs a Gaza role", "Azerbaijan may join ...");
//! article.countries.push(CountryTag { code: "AZ".into(), name: "Azerbaijan".into(), mentions: 3 });
//! assert_eq!(article.country_codes().collect::<Vec<_>>(), ["AZ"]);
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A country mentioned by an article, as an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryTag {
    /// ISO 3166-1 alpha-2 code, upper case (`XK` for Kosovo).
    pub code: String,
    /// English short name, for display.
    pub name: String,
    /// How many times the text refers to the country.
    #[serde(default)]
    pub mentions: u32,
}

/// An IPTC Media Topic assigned to an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicTag {
    /// IPTC qcode, e.g. `medtop:11000000`.
    pub code: String,
    /// English label, e.g. `politics`.
    pub label: String,
    /// Why the tagger chose it: the decisive cue words or features, for audit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The tagger's confidence score (not comparable across tagger versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

/// One attributed quotation: who said it, in what capacity, and what they said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker's name in the fullest form the article gives, without honorifics.
    pub speaker: String,
    /// Role or organisation as the article gives it; empty when none is given.
    #[serde(default)]
    pub affiliation: String,
    /// The quoted words (direct quote) or the reported clause (indirect speech).
    pub text: String,
}

/// Where an article's published date came from, for audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    JsonLd,
    Meta,
    Time,
    Microdata,
    Url,
    Text,
    Feed,
    Sitemap,
    Import,
    HttpHeader,
}

/// A cleaned, tagged news article: the unit of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier; defaults to a hash of the canonical URL.
    #[serde(default)]
    pub id: String,
    /// The URL the article was fetched from (or given on import).
    #[serde(default)]
    pub url: Option<String>,
    /// The publisher's canonical URL, when it names one on the same site.
    #[serde(default)]
    pub canonical_url: Option<String>,
    pub title: String,
    /// The article body; paragraphs separated by blank lines.
    pub text: String,
    #[serde(default)]
    pub published: Option<DateTime<Utc>>,
    #[serde(default)]
    pub published_source: Option<DateSource>,
    #[serde(default)]
    pub modified: Option<DateTime<Utc>>,
    /// Author names, without "By", dates or roles.
    #[serde(default)]
    pub byline: Vec<String>,
    /// The publisher's own name for its site (og:site_name and the like).
    #[serde(default)]
    pub site_name: Option<String>,
    /// The configured source the article belongs to: the `source` facet value.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
    /// ISO 639-1 language code of the body.
    #[serde(default)]
    pub language: Option<String>,
    /// Lead image URL.
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub countries: Vec<CountryTag>,
    #[serde(default)]
    pub topics: Vec<TopicTag>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// When gazette fetched or imported it.
    #[serde(default)]
    pub fetched: Option<DateTime<Utc>>,
    /// Hex SHA-256 of the normalised body text, for exact-duplicate detection.
    #[serde(default)]
    pub content_hash: Option<String>,
    /// Other URLs at which the same (or a syndicated near-identical) article was seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_urls: Vec<String>,
    /// Record id of the WARC response this article was extracted from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_record: Option<String>,
}

impl Article {
    /// A new untagged article with only a title and body; every other field empty.
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: String::new(),
            url: None,
            canonical_url: None,
            title: title.into(),
            text: text.into(),
            published: None,
            published_source: None,
            modified: None,
            byline: Vec::new(),
            site_name: None,
            source: None,
            section: None,
            language: None,
            image: None,
            countries: Vec::new(),
            topics: Vec::new(),
            quotes: Vec::new(),
            fetched: None,
            content_hash: None,
            duplicate_urls: Vec::new(),
            warc_record: None,
        }
    }

    /// The ISO codes of the tagged countries, in tag order.
    pub fn country_codes(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().map(|c| c.code.as_str())
    }

    /// The distinct speakers quoted, in order of first quote.
    pub fn experts(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for q in &self.quotes {
            if !seen.contains(&q.speaker.as_str()) {
                seen.push(q.speaker.as_str());
            }
        }
        seen
    }
}

/// A stable article id from a URL: the first 16 hex digits of its FNV-1a-64 hash.
///
/// FNV is used (not `std`'s hasher) because ids must stay the same across
/// releases and machines: they are keys in the index and in links people share.
///
/// ```
/// let id = gazette_article::id_from_url("https://example.org/a");
/// assert_eq!(id.len(), 16);
/// assert_eq!(id, gazette_article::id_from_url("https://example.org/a"));
/// ```
pub fn id_from_url(url: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in url.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experts_are_distinct_in_first_quote_order() {
        let mut a = Article::new("t", "x");
        for name in ["B", "A", "B"] {
            a.quotes.push(Quote {
                speaker: name.into(),
                affiliation: String::new(),
                text: "q".into(),
            });
        }
        assert_eq!(a.experts(), ["B", "A"]);
    }

    #[test]
    fn ids_differ_per_url() {
        assert_ne!(
            id_from_url("https://e.org/a"),
            id_from_url("https://e.org/b")
        );
    }

    #[test]
    fn import_shape_parses_with_only_title_and_text() {
        let a: Article = serde_json::from_str(r#"{"title":"T","text":"B"}"#).unwrap();
        assert_eq!(a.title, "T");
        assert!(a.published.is_none());
    }
}
