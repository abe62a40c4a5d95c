//! Turning an [`Article`] into tantivy documents: the article's own and one per quote.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use gazette_article::Article;
use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

use crate::schema::{Fields, KIND_ARTICLE, KIND_QUOTE, id_hash};
use crate::speakers::canonical_speakers;

/// The stored record of a quote document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct QuoteRecord {
    /// The canonical name (see [`crate::speakers`]).
    pub speaker: String,
    /// The name as this quote gave it, when it differs from `speaker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_as: Option<String>,
    pub affiliation: String,
    pub text: String,
    pub article_id: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub source: Option<String>,
    pub countries: Vec<String>,
    pub topics: Vec<String>,
}

/// A facet path of clean segments: tantivy separates segments with NUL, so
/// control characters are dropped from names.
fn facet<'a>(segments: impl IntoIterator<Item = &'a str>) -> Facet {
    Facet::from_path(
        segments
            .into_iter()
            .map(|s| s.chars().filter(|c| !c.is_control()).collect::<String>()),
    )
}

/// The `tag` term for a facet value: exact, with names lower-cased.
pub(crate) fn tag_term(facet: &str, value: &str) -> String {
    match facet {
        "country" => format!("country:{}", value.trim().to_ascii_uppercase()),
        "topic" => format!("topic:{}", value.trim()),
        _ => format!(
            "{facet}:{}",
            value
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        ),
    }
}

/// The tantivy documents of one article: the article first, then its quotes.
pub(crate) fn article_documents(
    fields: &Fields,
    article: &Article,
    topic_paths: &[Vec<String>],
) -> Result<Vec<TantivyDocument>, serde_json::Error> {
    let speakers = canonical_speakers(article);
    let mut article_doc = TantivyDocument::default();
    article_doc.add_text(fields.kind, KIND_ARTICLE);
    article_doc.add_text(fields.title, &article.title);
    article_doc.add_text(fields.text, &article.text);
    let distinct: BTreeSet<&str> = speakers
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    for speaker in &distinct {
        article_doc.add_text(fields.people, speaker);
        article_doc.add_facet(fields.facets, facet(["expert", *speaker]));
        article_doc.add_text(fields.tag, tag_term("expert", speaker));
    }
    add_shared(fields, article, topic_paths, &mut article_doc);
    article_doc.add_text(fields.record, serde_json::to_string(article)?);

    let mut docs = vec![article_doc];
    let countries: Vec<String> = article
        .countries
        .iter()
        .map(|c| c.code.to_ascii_uppercase())
        .collect();
    let topics: Vec<String> = topic_paths
        .iter()
        .filter_map(|p| p.last().cloned())
        .collect();
    for (quote, speaker) in article.quotes.iter().zip(&speakers) {
        if speaker.is_empty() && quote.text.trim().is_empty() {
            continue;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, KIND_QUOTE);
        doc.add_text(fields.quote_text, &quote.text);
        doc.add_text(fields.affiliation, &quote.affiliation);
        doc.add_text(fields.people, speaker);
        if !speaker.is_empty() {
            doc.add_facet(fields.facets, facet(["expert", speaker.as_str()]));
            doc.add_text(fields.tag, tag_term("expert", speaker));
        }
        add_shared(fields, article, topic_paths, &mut doc);
        let record = QuoteRecord {
            speaker: speaker.clone(),
            said_as: (quote.speaker.trim() != speaker).then(|| quote.speaker.trim().to_string()),
            affiliation: quote.affiliation.clone(),
            text: quote.text.clone(),
            article_id: article.id.clone(),
            title: article.title.clone(),
            url: article.url.clone(),
            published: article.published,
            source: article.source.clone(),
            countries: countries.clone(),
            topics: topics.clone(),
        };
        doc.add_text(fields.record, serde_json::to_string(&record)?);
        docs.push(doc);
    }
    Ok(docs)
}

/// Fields an article and its quotes share: key, date, countries, topics, source.
fn add_shared(
    fields: &Fields,
    article: &Article,
    topic_paths: &[Vec<String>],
    doc: &mut TantivyDocument,
) {
    doc.add_text(fields.article_id, &article.id);
    doc.add_u64(fields.idhash, id_hash(&article.id));
    if let Some(published) = article.published {
        doc.add_i64(fields.published, published.timestamp());
    }
    let mut countries = BTreeSet::new();
    for country in &article.countries {
        let code = country.code.trim().to_ascii_uppercase();
        if !code.is_empty() && countries.insert(code.clone()) {
            doc.add_facet(fields.facets, facet(["country", code.as_str()]));
            doc.add_text(fields.tag, tag_term("country", &code));
        }
    }
    let mut topic_facets = BTreeSet::new();
    let mut topic_tags = BTreeSet::new();
    for path in topic_paths {
        for depth in 1..=path.len() {
            let prefix = &path[..depth];
            topic_facets.insert(facet(
                std::iter::once("topic").chain(prefix.iter().map(String::as_str)),
            ));
        }
        for code in path {
            topic_tags.insert(tag_term("topic", code));
        }
    }
    for facet in topic_facets {
        doc.add_facet(fields.facets, facet);
    }
    for tag in topic_tags {
        doc.add_text(fields.tag, tag);
    }
    if let Some(source) = article
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        doc.add_text(fields.source_name, source);
        doc.add_facet(fields.facets, facet(["source", source]));
        doc.add_text(fields.tag, tag_term("source", source));
    }
}
