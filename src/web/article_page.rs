//! `GET /articles/{id}`: one article, cleaned, with its tags, its quotes grouped by
//! speaker, links to the original and the stored record, and more like it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gazette_article::Article;
use gazette_index::{ArchiveIndex, Hit, IndexError};

use super::error::{PageError, render};
use super::form::{FacetField, SearchForm};
use super::view::{
    Chrome, DateText, TagChip, article_href, encode_segment, expert_href, quote_for_display,
    safe_external_url,
};
use crate::server::AppState;

/// How many similar articles the page lists.
const SIMILAR_COUNT: usize = 6;

#[derive(Template)]
#[template(path = "article.html")]
struct ArticleTemplate {
    chrome: Chrome,
    title: String,
    paragraphs: Vec<String>,
    facts: Vec<(&'static str, String)>,
    published: Option<DateText>,
    source: Option<String>,
    byline: String,
    original_href: Option<String>,
    record_href: String,
    also_at: Vec<String>,
    tags: Vec<TagChip>,
    speakers: Vec<SpeakerView>,
    similar: Vec<SimilarView>,
}

/// Everything one speaker says in the article.
struct SpeakerView {
    name: String,
    href: String,
    affiliations: String,
    quotes: Vec<String>,
}

struct SimilarView {
    href: String,
    title: String,
    source: Option<String>,
    date: Option<DateText>,
}

/// `GET /articles/{id}`
pub async fn article_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let index = state.index.clone();
    let lookup_id = id.clone();
    match tokio::task::spawn_blocking(move || load(&index, &lookup_id)).await {
        Ok(Ok(Some((article, similar)))) => {
            render(StatusCode::OK, &article_view(&id, &article, &similar))
        }
        Ok(Ok(None)) => PageError::not_found(format!(
            "There is no article with the id “{id}” in the archive. \
             It may have been removed, or re-imported under another id."
        ))
        .into_response(),
        Ok(Err(err)) => PageError::from(err).into_response(),
        Err(err) => PageError::from(err).into_response(),
    }
}

fn load(index: &ArchiveIndex, id: &str) -> Result<Option<(Article, Vec<Hit>)>, IndexError> {
    let Some(article) = index.article(id)? else {
        return Ok(None);
    };
    let similar = index.similar(id, SIMILAR_COUNT)?.unwrap_or_default();
    Ok(Some((article, similar)))
}

fn article_view(id: &str, article: &Article, similar: &[Hit]) -> ArticleTemplate {
    let mut facts = Vec::new();
    let mut fact = |label: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            facts.push((label, value));
        }
    };
    fact("Site", article.site_name.clone());
    fact("Section", article.section.clone());
    fact("Language", article.language.clone());
    fact("Updated", article.modified.map(|d| DateText::new(d).text));
    fact("Archived", article.fetched.map(|d| DateText::new(d).text));
    fact("Article id", Some(id.to_owned()));
    ArticleTemplate {
        chrome: Chrome::new("search"),
        title: if article.title.trim().is_empty() {
            "(untitled)".into()
        } else {
            article.title.clone()
        },
        paragraphs: article
            .text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        facts,
        published: DateText::from_option(article.published),
        source: article.source.clone().filter(|s| !s.is_empty()),
        byline: article.byline.join(", "),
        original_href: safe_external_url(
            article.canonical_url.as_deref().or(article.url.as_deref()),
        ),
        record_href: format!("/api/articles/{}", encode_segment(id)),
        also_at: article
            .duplicate_urls
            .iter()
            .filter_map(|u| safe_external_url(Some(u)))
            .collect(),
        tags: tags(article),
        speakers: speakers(article),
        similar: similar
            .iter()
            .filter(|hit| hit.id != id)
            .map(|hit| SimilarView {
                href: article_href(&hit.id),
                title: hit.title.clone(),
                source: hit.source.clone(),
                date: DateText::from_option(hit.published),
            })
            .collect(),
    }
}

fn tags(article: &Article) -> Vec<TagChip> {
    let countries = article.countries.iter().map(|c| TagChip {
        kind: "country",
        label: c.name.clone(),
        href: SearchForm::default()
            .toggled(FacetField::Country, &c.code)
            .href(),
        title: format!("Country {}, mentioned {} times", c.code, c.mentions),
    });
    let topics = article.topics.iter().map(|t| TagChip {
        kind: "topic",
        label: t.label.clone(),
        href: SearchForm::default()
            .toggled(FacetField::Topic, &t.code)
            .href(),
        title: format!("Topic {}", t.code),
    });
    countries.chain(topics).collect()
}

/// Quotes grouped by speaker, speakers in order of first quote; a speaker's distinct
/// affiliations are listed together (articles often give a longer form once).
fn speakers(article: &Article) -> Vec<SpeakerView> {
    let mut groups: Vec<SpeakerView> = Vec::new();
    let mut affiliations: Vec<Vec<String>> = Vec::new();
    for quote in &article.quotes {
        let at = match groups.iter().position(|g| g.name == quote.speaker) {
            Some(at) => at,
            None => {
                groups.push(SpeakerView {
                    name: quote.speaker.clone(),
                    href: expert_href(&quote.speaker),
                    affiliations: String::new(),
                    quotes: Vec::new(),
                });
                affiliations.push(Vec::new());
                groups.len() - 1
            }
        };
        let affiliation = quote.affiliation.trim();
        if let Some(known) = affiliations.get_mut(at)
            && !affiliation.is_empty()
            && !known.iter().any(|a| a == affiliation)
        {
            known.push(affiliation.to_owned());
        }
        if let Some(group) = groups.get_mut(at) {
            group.quotes.push(quote_for_display(&quote.text).to_owned());
        }
    }
    for (group, known) in groups.iter_mut().zip(affiliations) {
        group.affiliations = known.join("; ");
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_article::Quote;

    #[test]
    fn quotes_group_by_speaker_with_distinct_affiliations() {
        let mut article = Article::new("t", "x");
        for (speaker, affiliation, text) in [
            ("A", "think tank", "one"),
            ("B", "", "two"),
            ("A", "think tank", "three"),
            ("A", "professor", "four"),
        ] {
            article.quotes.push(Quote {
                speaker: speaker.into(),
                affiliation: affiliation.into(),
                text: text.into(),
            });
        }
        let groups = speakers(&article);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].quotes, ["one", "three", "four"]);
        assert_eq!(groups[0].affiliations, "think tank; professor");
        assert_eq!(groups[1].affiliations, "");
    }
}
