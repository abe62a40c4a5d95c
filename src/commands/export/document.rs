//! One gazette [`Article`] as one Quickwit document, shaped by [`super::index_config`].
//!
//! Quickwit has no arrays of objects (<https://quickwit.io/docs/configuration/index-config>,
//! "Composite types"), so an article's quotes become parallel arrays:
//! `quote_speakers[i]`, `quote_affiliations[i]` and `quote_texts[i]` are quote `i`.
//! Facet values are computed the way gazette's own index computes them: country
//! codes upper-cased and distinct, each topic with its ancestors in the IPTC tree,
//! experts as the distinct canonical speakers (`Khanin` folded into `Zeev Khanin`).

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use gazette_article::Article;
use gazette_enrich::Taxonomy;
use gazette_index::topics::{TopicParentFn, topic_paths};
use gazette_index::{canonical_speakers, distinct_speakers};
use serde::Serialize;

/// An exported document: every key is a field of the index config's doc mapping.
/// Absent optional values are left out (Quickwit ignores missing fields);
/// `published_at` and `dated` are always present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickwitDocument {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub title: String,
    pub text: String,
    pub published_at: String,
    pub dated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub byline: Vec<String>,
    pub countries: Vec<String>,
    pub country_names: Vec<String>,
    pub topics: Vec<String>,
    pub topic_labels: Vec<String>,
    pub experts: Vec<String>,
    pub quote_speakers: Vec<String>,
    pub quote_affiliations: Vec<String>,
    pub quote_texts: Vec<String>,
}

/// Builds documents; holds the IPTC taxonomy that topic ancestors and labels come from.
pub struct DocumentBuilder {
    taxonomy: Arc<Taxonomy>,
    parent_of: TopicParentFn,
    /// The date of an article with neither a published nor a fetched date.
    fallback_date: DateTime<Utc>,
}

impl DocumentBuilder {
    /// `fallback_date` dates articles that carry no date at all (the export's start).
    pub fn new(fallback_date: DateTime<Utc>) -> Self {
        let taxonomy = Arc::new(Taxonomy::load());
        let lookup = Arc::clone(&taxonomy);
        let parent_of: TopicParentFn =
            Arc::new(move |code: &str| lookup.parent(code).map(str::to_owned));
        DocumentBuilder {
            taxonomy,
            parent_of,
            fallback_date,
        }
    }

    /// The Quickwit document of `article`.
    ///
    /// ```
    /// let builder = DocumentBuilder::new(chrono::Utc::now());
    /// let doc = builder.document(&gazette_article::Article::new("T", "Body"));
    /// assert!(!doc.dated);
    /// ```
    pub fn document(&self, article: &Article) -> QuickwitDocument {
        let (published, dated) = match (article.published, article.fetched) {
            (Some(published), _) => (published, true),
            (None, Some(fetched)) => (fetched, false),
            (None, None) => (self.fallback_date, false),
        };
        let mut countries: Vec<String> = Vec::new();
        let mut country_names: Vec<String> = Vec::new();
        for country in &article.countries {
            let code = country.code.trim().to_ascii_uppercase();
            if !code.is_empty() && !countries.contains(&code) {
                countries.push(code);
                country_names.push(country.name.trim().to_owned());
            }
        }
        let mut topics: Vec<String> = Vec::new();
        for path in topic_paths(&article.topics, Some(&self.parent_of)) {
            for code in path {
                if !topics.contains(&code) {
                    topics.push(code);
                }
            }
        }
        let topic_labels = topics
            .iter()
            .filter_map(|code| self.label(article, code))
            .collect();
        QuickwitDocument {
            id: article.id.clone(),
            url: article.url.clone(),
            title: article.title.clone(),
            text: article.text.clone(),
            published_at: rfc3339(published),
            dated,
            fetched_at: article.fetched.map(rfc3339),
            source: present(article.source.as_deref()),
            site_name: present(article.site_name.as_deref()),
            section: present(article.section.as_deref()),
            language: present(article.language.as_deref()),
            byline: article
                .byline
                .iter()
                .filter_map(|name| present(Some(name)))
                .collect(),
            countries,
            country_names,
            topics,
            topic_labels,
            experts: distinct_speakers(article),
            quote_speakers: canonical_speakers(article),
            quote_affiliations: article
                .quotes
                .iter()
                .map(|q| q.affiliation.clone())
                .collect(),
            quote_texts: article.quotes.iter().map(|q| q.text.clone()).collect(),
        }
    }

    /// A topic's label: the article's own, else the taxonomy's (for added ancestors).
    fn label(&self, article: &Article, code: &str) -> Option<String> {
        article
            .topics
            .iter()
            .find(|t| t.code.trim() == code && !t.label.trim().is_empty())
            .map(|t| t.label.trim().to_owned())
            .or_else(|| self.taxonomy.label(code).map(str::to_owned))
    }
}

/// RFC 3339 in UTC to the second, the precision the fast field keeps.
fn rfc3339(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A trimmed value, or `None` when blank: a blank facet value is no value.
fn present(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::export::index_config::index_config;
    use gazette_article::{CountryTag, Quote, TopicTag};

    fn tagged_article() -> Article {
        let mut article = Article::new("Baku hosts talks", "Azerbaijan hosted ministers.");
        article.id = "a1".into();
        article.url = Some("https://example.org/a1".into());
        article.published = "2025-03-03T09:00:00Z".parse().ok();
        article.fetched = "2025-03-04T10:30:00Z".parse().ok();
        article.source = Some("Policy Wire".into());
        article.site_name = Some("Wire".into());
        article.section = Some("energy".into());
        article.language = Some("en".into());
        article.byline = vec!["Anna Petrova".into(), " ".into()];
        for code in ["az", "AZ", "GE"] {
            article.countries.push(CountryTag {
                code: code.into(),
                name: format!("name of {code}"),
                mentions: 1,
            });
        }
        article.topics.push(TopicTag {
            code: "medtop:20000638".into(),
            label: "own label".into(),
            evidence: Vec::new(),
            score: None,
        });
        for (speaker, text) in [("Zeev Khanin", "First."), ("Khanin", "Second.")] {
            article.quotes.push(Quote {
                speaker: speaker.into(),
                affiliation: "Bar-Ilan University".into(),
                text: text.into(),
            });
        }
        article
    }

    #[test]
    fn facets_match_gazettes_own_roll_up() {
        let builder = DocumentBuilder::new(Utc::now());
        let taxonomy = Taxonomy::load();
        let doc = builder.document(&tagged_article());
        assert_eq!(doc.countries, ["AZ", "GE"]);
        assert_eq!(doc.country_names, ["name of az", "name of GE"]);
        let parent = taxonomy
            .parent("medtop:20000638")
            .expect("the test topic has a parent");
        assert!(doc.topics.iter().any(|t| t == parent), "{:?}", doc.topics);
        assert_eq!(
            doc.topics.last().map(String::as_str),
            Some("medtop:20000638")
        );
        assert_eq!(doc.topic_labels.len(), doc.topics.len());
        assert!(doc.topic_labels.iter().any(|l| l == "own label"));
        assert_eq!(doc.experts, ["Zeev Khanin"]);
        assert_eq!(doc.quote_speakers, ["Zeev Khanin", "Zeev Khanin"]);
        assert_eq!(doc.quote_texts, ["First.", "Second."]);
        assert_eq!(doc.byline, ["Anna Petrova"]);
        assert_eq!(doc.published_at, "2025-03-03T09:00:00Z");
        assert!(doc.dated);
    }

    #[test]
    fn undated_articles_take_their_fetch_date_then_the_fallback() {
        let fallback: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("date");
        let builder = DocumentBuilder::new(fallback);
        let mut article = tagged_article();
        article.published = None;
        let doc = builder.document(&article);
        assert_eq!(doc.published_at, "2025-03-04T10:30:00Z");
        assert!(!doc.dated);
        article.fetched = None;
        let doc = builder.document(&article);
        assert_eq!(doc.published_at, "2026-01-01T00:00:00Z");
        assert_eq!(doc.fetched_at, None);
    }

    #[test]
    fn every_key_of_a_full_document_is_mapped_and_every_field_is_filled() {
        let doc = DocumentBuilder::new(Utc::now()).document(&tagged_article());
        let json = serde_json::to_value(&doc).expect("serialises");
        let keys: Vec<&String> = json.as_object().expect("an object").keys().collect();
        let config = index_config("gazette");
        let mapped: Vec<&str> = config
            .doc_mapping
            .field_mappings
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        for key in &keys {
            assert!(mapped.contains(&key.as_str()), "{key} is not mapped");
        }
        for name in &mapped {
            assert!(keys.iter().any(|k| k == name), "{name} is never written");
        }
    }
}
