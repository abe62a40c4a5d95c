//! `GET /`: the search page: search box, filter sidebar, timeline, results, pager.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gazette_index::{
    ArchiveIndex, Facets, Hit, IndexError, Interval, QueryMode, SearchRequest, SearchResults,
    SortOrder, Timeline,
};

use super::error::{PageError, render};
use super::facets::{FacetBox, SelectedChip, facet_boxes, selected_chips};
use super::form::{
    DEFAULT_PER_PAGE, FacetField, MAX_QUERY_CHARS, MAX_RESULT_DEPTH, SearchForm, Sort,
};
use super::resolve::resolve_filters;
use super::snippet::SnippetHtml;
use super::timeline::TimelineChart;
use super::view::{Chrome, DateText, Pager, TagChip, article_href, expert_href, thousands};
use crate::server::AppState;

/// How many values each facet box lists: enough to browse, small enough to keep the
/// page light (narrowing the search brings rarer values into the list).
const FACET_LIMIT: usize = 60;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    chrome: Chrome,
    form: SearchForm,
    problems: Vec<String>,
    chips: Vec<SelectedChip>,
    clear_href: String,
    facets: Vec<FacetBox>,
    results: Option<ResultsView>,
    timeline: Option<TimelineChart>,
    /// Matches without a published date, which no bar can show.
    undated: u64,
    sort_options: Vec<SortOption>,
    pager: Option<Pager>,
    feed_href: String,
    max_query_chars: usize,
    default_per_page: u32,
}

struct ResultsView {
    total: u64,
    /// The index relaxed a long query (not every word had to match).
    relaxed: bool,
    total_text: String,
    took_text: String,
    first: u64,
    last: u64,
    hits: Vec<HitView>,
}

struct HitView {
    href: String,
    title: String,
    source: Option<String>,
    date: Option<DateText>,
    byline: String,
    snippet: SnippetHtml,
    tags: Vec<TagChip>,
}

struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

/// `GET /`
pub async fn search_page(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let parsed = SearchForm::parse(raw.as_deref().unwrap_or(""));
    let form = parsed.form;
    let mut problems = parsed.problems;
    let request = resolve_filters(&state, &form, &mut problems).map(|filters| SearchRequest {
        q: form.q.clone(),
        mode: if form.simple {
            QueryMode::Simple
        } else {
            QueryMode::Query
        },
        filters,
        sort: match form.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Newest => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        page: form.page as usize,
        per_page: form.per_page as usize,
        facet_limit: FACET_LIMIT,
    });
    let mut page = SearchTemplate {
        chrome: Chrome::new("search"),
        chips: selected_chips(&Facets::default(), &form),
        clear_href: form.without_filters().href(),
        facets: facet_boxes(&Facets::default(), &form),
        results: None,
        timeline: None,
        undated: 0,
        sort_options: sort_options(&form),
        pager: None,
        feed_href: format!("/api/search.atom?{}", form.feed_query()),
        max_query_chars: MAX_QUERY_CHARS,
        default_per_page: DEFAULT_PER_PAGE,
        form,
        problems: Vec::new(),
    };
    let request = match request {
        Some(request) if problems.is_empty() => request,
        _ => {
            page.problems = problems;
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let index = state.index.clone();
    match tokio::task::spawn_blocking(move || run_search(&index, &request)).await {
        Ok(Ok((results, timeline))) => {
            fill_results(&mut page, &results, timeline.as_ref());
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

/// The search itself and the daily match counts for the timeline (the chart rolls
/// days up into weeks, months or years itself, so one index call serves any span).
fn run_search(
    index: &ArchiveIndex,
    request: &SearchRequest,
) -> Result<(SearchResults, Option<Timeline>), IndexError> {
    let results = index.search(request)?;
    let timeline = if results.total > 0 {
        Some(index.timeline(request, Interval::Day)?)
    } else {
        None
    };
    Ok((results, timeline))
}

fn fill_results(page: &mut SearchTemplate, results: &SearchResults, timeline: Option<&Timeline>) {
    let form = &page.form;
    page.chips = selected_chips(&results.facets, form);
    page.facets = facet_boxes(&results.facets, form);
    page.undated = timeline.map_or(0, |t| t.undated);
    page.timeline = timeline.and_then(|t| {
        let days: Vec<_> = t.buckets.iter().map(|b| (b.start, b.count)).collect();
        TimelineChart::from_daily_counts(&days, form)
    });
    let offset = u64::from(form.offset());
    let max_page = u64::from(MAX_RESULT_DEPTH / form.per_page.max(1));
    page.pager = Pager::new(
        u64::from(form.page),
        results.total,
        u64::from(form.per_page),
        max_page,
        |n| form.with_page(u32::try_from(n).unwrap_or(u32::MAX)).href(),
    );
    page.results = Some(ResultsView {
        total: results.total,
        relaxed: results.relaxed,
        total_text: thousands(results.total),
        took_text: format!("{:.3} seconds", results.took_ms as f64 / 1000.0),
        first: offset + 1,
        last: offset + results.hits.len() as u64,
        hits: results.hits.iter().map(|hit| hit_view(hit, form)).collect(),
    });
}

fn hit_view(hit: &Hit, form: &SearchForm) -> HitView {
    let countries = hit.countries.iter().map(|country| TagChip {
        kind: "country",
        label: country.name.clone(),
        href: narrowed(form, FacetField::Country, &country.code),
        title: format!("Country {}", country.code),
    });
    let topics = hit.topics.iter().map(|topic| TagChip {
        kind: "topic",
        label: topic.label.clone(),
        href: narrowed(form, FacetField::Topic, &topic.code),
        title: format!("Topic {}", topic.code),
    });
    let experts = hit.experts.iter().map(|expert| TagChip {
        kind: "expert",
        label: expert.clone(),
        href: expert_href(expert),
        title: format!("Quotes by {expert}"),
    });
    HitView {
        href: article_href(&hit.id),
        title: if hit.title.trim().is_empty() {
            "(untitled)".into()
        } else {
            hit.title.clone()
        },
        source: hit.source.clone().filter(|s| !s.is_empty()),
        date: DateText::from_option(hit.published),
        byline: hit.byline.join(", "),
        snippet: SnippetHtml::sanitize(&hit.snippet),
        tags: countries.chain(topics).chain(experts).collect(),
    }
}

/// The current search narrowed by one more tag (unchanged if it is already selected).
fn narrowed(form: &SearchForm, field: FacetField, value: &str) -> String {
    if form
        .filters(field)
        .iter()
        .any(|v| v.eq_ignore_ascii_case(value))
    {
        form.first_page().href()
    } else {
        form.toggled(field, value).href()
    }
}

fn sort_options(form: &SearchForm) -> Vec<SortOption> {
    Sort::ALL
        .into_iter()
        .map(|sort| SortOption {
            label: sort.label(),
            href: form.with_sort(sort).href(),
            current: sort == form.sort,
        })
        .collect()
}
