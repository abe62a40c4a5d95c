//! `GET /experts` (the directory of quoted people) and `GET /experts/{name}` (one
//! person's quotes, newest first, searchable).
//!
//! Both pages take the search page's parameters (`q`, `country`, `topic`, `page`,
//! `per_page`), parsed by the same [`SearchForm`], so links and errors behave alike.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gazette_index::{
    ArchiveIndex, ExpertDirectory, ExpertEntry, ExpertRequest, Filters, IndexError, QueryMode,
    QuoteRequest, QuoteResults, SortOrder,
};

use super::error::{PageError, render};
use super::form::{FacetField, MAX_RESULT_DEPTH, SearchForm};
use super::resolve::resolve_filters;
use super::snippet::SnippetHtml;
use super::view::{
    Chrome, DateText, Pager, TagChip, article_href, expert_href, quote_for_display, thousands,
};
use crate::server::AppState;

/// How many directory entries are searched for one expert's profile.
const PROFILE_CANDIDATES: usize = 100;
/// Affiliations shown per expert (most frequent first); the rest are elided.
const AFFILIATIONS_SHOWN: usize = 3;

#[derive(Template)]
#[template(path = "experts.html")]
struct DirectoryTemplate {
    chrome: Chrome,
    form: SearchForm,
    problems: Vec<String>,
    total_text: String,
    rows: Vec<ExpertRow>,
    pager: Option<Pager>,
}

struct ExpertRow {
    name: String,
    href: String,
    affiliations: String,
    articles: u64,
    quotes: u64,
    first_seen: Option<DateText>,
    last_seen: Option<DateText>,
    tags: Vec<TagChip>,
}

#[derive(Template)]
#[template(path = "expert.html")]
struct ExpertTemplate {
    chrome: Chrome,
    name: String,
    action: String,
    /// The search page filtered to articles quoting this person.
    search_href: String,
    form: SearchForm,
    problems: Vec<String>,
    profile: Option<ExpertRow>,
    total: u64,
    total_text: String,
    quotes: Vec<QuoteView>,
    pager: Option<Pager>,
}

struct QuoteView {
    text: SnippetHtml,
    affiliation: String,
    article_href: String,
    title: String,
    source: Option<String>,
    date: Option<DateText>,
}

/// `GET /experts`
pub async fn directory_page(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let parsed = SearchForm::parse(raw.as_deref().unwrap_or(""));
    let mut problems = parsed.problems;
    let form = parsed.form;
    let filters = resolve_filters(&state, &form, &mut problems);
    let mut page = DirectoryTemplate {
        chrome: Chrome::new("experts"),
        form,
        problems: Vec::new(),
        total_text: String::new(),
        rows: Vec::new(),
        pager: None,
    };
    let request = match filters {
        Some(filters) if problems.is_empty() => ExpertRequest {
            q: page.form.q.clone(),
            filters,
            page: page.form.page as usize,
            per_page: page.form.per_page as usize,
        },
        _ => {
            page.problems = problems;
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let index = state.index.clone();
    match tokio::task::spawn_blocking(move || index.experts(&request)).await {
        Ok(Ok(directory)) => {
            fill_directory(&mut page, &directory);
            render(StatusCode::OK, &page)
        }
        Ok(Err(err)) if err.is_caller_error() => {
            page.problems = vec![err.to_string()];
            render(StatusCode::BAD_REQUEST, &page)
        }
        Ok(Err(err)) => PageError::from(err).into_response(),
        Err(err) => PageError::from(err).into_response(),
    }
}

fn fill_directory(page: &mut DirectoryTemplate, directory: &ExpertDirectory) {
    page.total_text = thousands(directory.total);
    page.rows = directory.experts.iter().map(expert_row).collect();
    page.pager = pager(&page.form, directory.total, "/experts");
}

fn expert_row(entry: &ExpertEntry) -> ExpertRow {
    let quoted = SearchForm::default().toggled(FacetField::Expert, &entry.name);
    let countries = entry.countries.iter().map(|c| TagChip {
        kind: "country",
        label: c.label.clone(),
        href: quoted.toggled(FacetField::Country, &c.value).href(),
        title: format!(
            "{} articles quoting {} about {}",
            c.count, entry.name, c.label
        ),
    });
    let topics = entry.topics.iter().map(|t| TagChip {
        kind: "topic",
        label: t.label.clone(),
        href: quoted.toggled(FacetField::Topic, &t.value).href(),
        title: format!("{} articles quoting {} on {}", t.count, entry.name, t.label),
    });
    ExpertRow {
        name: entry.name.clone(),
        href: expert_href(&entry.name),
        affiliations: affiliation_summary(&entry.affiliations),
        articles: entry.articles,
        quotes: entry.quotes,
        first_seen: DateText::from_option(entry.first_seen),
        last_seen: DateText::from_option(entry.last_seen),
        tags: countries.chain(topics).collect(),
    }
}

/// `GET /experts/{name}`
pub async fn expert_page(
    State(state): State<AppState>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let parsed = SearchForm::parse(raw.as_deref().unwrap_or(""));
    let mut page = ExpertTemplate {
        chrome: Chrome::new("experts"),
        action: expert_href(&name),
        search_href: SearchForm::default()
            .toggled(FacetField::Expert, &name)
            .href(),
        name: name.clone(),
        form: parsed.form,
        problems: parsed.problems,
        profile: None,
        total: 0,
        total_text: String::new(),
        quotes: Vec::new(),
        pager: None,
    };
    if !page.problems.is_empty() {
        return render(StatusCode::BAD_REQUEST, &page);
    }
    let index = state.index.clone();
    let form = page.form.clone();
    match tokio::task::spawn_blocking(move || load_expert(&index, &name, &form)).await {
        Ok(Ok((quotes, profile))) => {
            if quotes.total == 0 && profile.is_none() && page.form.q.is_empty() {
                let message = format!("No quotes by “{}” are in the archive.", page.name);
                return PageError::not_found(message).into_response();
            }
            fill_expert(&mut page, &quotes, profile.as_ref());
            render(StatusCode::OK, &page)
        }
        Ok(Err(err)) if err.is_caller_error() => {
            page.problems = vec![err.to_string()];
            render(StatusCode::BAD_REQUEST, &page)
        }
        Ok(Err(err)) => PageError::from(err).into_response(),
        Err(err) => PageError::from(err).into_response(),
    }
}

/// The expert's quotes (newest first) and their directory entry, found among the
/// experts of the articles that quote them.
fn load_expert(
    index: &ArchiveIndex,
    name: &str,
    form: &SearchForm,
) -> Result<(QuoteResults, Option<ExpertEntry>), IndexError> {
    let filters = Filters {
        experts: vec![name.to_owned()],
        ..Filters::default()
    };
    let quotes = index.quotes(&QuoteRequest {
        q: form.q.clone(),
        mode: if form.simple {
            QueryMode::Simple
        } else {
            QueryMode::Query
        },
        filters: filters.clone(),
        sort: SortOrder::Newest,
        page: form.page as usize,
        per_page: form.per_page as usize,
    })?;
    let directory = index.experts(&ExpertRequest {
        q: String::new(),
        filters,
        page: 1,
        per_page: PROFILE_CANDIDATES,
    })?;
    let profile = directory
        .experts
        .into_iter()
        .find(|e| e.name.eq_ignore_ascii_case(name));
    Ok((quotes, profile))
}

fn fill_expert(page: &mut ExpertTemplate, quotes: &QuoteResults, profile: Option<&ExpertEntry>) {
    page.profile = profile.map(expert_row);
    page.total = quotes.total;
    page.total_text = thousands(quotes.total);
    page.quotes = quotes
        .quotes
        .iter()
        .map(|quote| QuoteView {
            text: if quote.highlighted.is_empty() {
                SnippetHtml::plain(quote_for_display(&quote.text))
            } else {
                SnippetHtml::sanitize(quote_for_display(&quote.highlighted))
            },
            affiliation: quote.affiliation.clone(),
            article_href: article_href(&quote.article_id),
            title: quote.title.clone(),
            source: quote.source.clone(),
            date: DateText::from_option(quote.published),
        })
        .collect();
    page.pager = pager(&page.form, quotes.total, &page.action);
}

/// The most frequent affiliations, case variants merged ("Tory leader", "tory
/// leader"), so a prolific speaker's line stays readable.
fn affiliation_summary(affiliations: &[String]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for affiliation in affiliations
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
    {
        if !distinct.iter().any(|d| d.eq_ignore_ascii_case(affiliation)) {
            distinct.push(affiliation);
        }
    }
    let more = distinct.len() > AFFILIATIONS_SHOWN;
    let mut summary = distinct
        .into_iter()
        .take(AFFILIATIONS_SHOWN)
        .collect::<Vec<_>>()
        .join("; ");
    if more {
        summary.push_str("; …");
    }
    summary
}

fn pager(form: &SearchForm, total: u64, path: &str) -> Option<Pager> {
    let max_page = u64::from(MAX_RESULT_DEPTH / form.per_page.max(1));
    Pager::new(
        u64::from(form.page),
        total,
        u64::from(form.per_page),
        max_page,
        |n| {
            form.with_page(u32::try_from(n).unwrap_or(u32::MAX))
                .href_at(path)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affiliations_merge_case_variants_and_elide_the_tail() {
        let affiliations: Vec<String> = [
            "Tory leader",
            "tory leader",
            "MP",
            "",
            "leader",
            "spokesman",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(
            affiliation_summary(&affiliations),
            "Tory leader; MP; leader; …"
        );
        assert_eq!(affiliation_summary(&affiliations[..2]), "Tory leader");
    }
}
