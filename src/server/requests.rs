//! From query parameters to the index's typed requests.
//!
//! Each endpoint declares the parameters it takes; this module reads the shared ones
//! (query text, filters, dates, sort, paging) with the limits of the configuration,
//! and resolves the filter values people type (`Azerbaijan`, `politics`) into the
//! codes the index stores (`AZ`, `medtop:11000000`). Every refusal names the
//! parameter and the value so the caller can fix the request.

use super::error::ApiError;
use super::params::{QueryParams, printable};
use super::state::{AppState, Limits};
use chrono::{DateTime, Datelike, NaiveDate};
use gazette_index::{Filters, QueryMode, SortOrder};
use serde::Serialize;

/// The parameters of every search-like endpoint: the query text and the filters.
pub const SEARCH_PARAMS: [&str; 8] = [
    "q", "mode", "country", "topic", "expert", "source", "from", "to",
];

/// The sort orders of `sort`, in the order the documentation lists them.
pub const SORT_CHOICES: [&str; 4] = ["relevance", "newest", "oldest", "hybrid"];

/// The query text and how to read it (`q`, `mode`).
pub fn query_text(params: &QueryParams, limits: &Limits) -> Result<(String, QueryMode), ApiError> {
    let q = params.single("q")?.unwrap_or("").trim().to_owned();
    let length = q.chars().count();
    if length > limits.max_query_len {
        return Err(ApiError::invalid_parameter(
            "q",
            format!(
                "the query has {length} characters; the limit is {}",
                limits.max_query_len
            ),
        ));
    }
    let mode = match params.choice("mode", &["query", "simple"])? {
        Some("simple") => QueryMode::Simple,
        _ => QueryMode::Query,
    };
    Ok((q, mode))
}

/// `sort`, defaulting to relevance.
pub fn sort_order(params: &QueryParams) -> Result<SortOrder, ApiError> {
    Ok(match params.choice("sort", &SORT_CHOICES)? {
        Some("newest") => SortOrder::Newest,
        Some("oldest") => SortOrder::Oldest,
        Some("hybrid") => SortOrder::Hybrid,
        _ => SortOrder::Relevance,
    })
}

/// `country`, `topic`, `expert`, `source`, `from`, `to`, resolved to index values.
pub fn filters(params: &QueryParams, state: &AppState) -> Result<Filters, ApiError> {
    let mut filters = Filters::default();
    for value in params.all("country") {
        let (code, _name) = state.enricher.gazetteer().resolve(value).ok_or_else(|| {
            ApiError::invalid_parameter(
                "country",
                format!(
                    "unknown country '{}'; give an ISO 3166-1 alpha-2 code or an English name",
                    printable(value)
                ),
            )
        })?;
        push_unique(&mut filters.countries, code.to_string());
    }
    for value in params.all("topic") {
        let code = state.enricher.taxonomy().resolve(value).ok_or_else(|| {
            ApiError::invalid_parameter(
                "topic",
                format!(
                    "unknown topic '{}'; give an IPTC Media Topic code or label",
                    printable(value)
                ),
            )
        })?;
        push_unique(&mut filters.topics, code.to_string());
    }
    for value in params.all("expert") {
        push_unique(&mut filters.experts, value.trim().to_owned());
    }
    for value in params.all("source") {
        push_unique(&mut filters.sources, value.trim().to_owned());
    }
    filters.from = date(params, "from", DateEdge::Start)?;
    filters.to = date(params, "to", DateEdge::End)?;
    if let (Some(from), Some(to)) = (filters.from, filters.to)
        && from > to
    {
        return Err(ApiError::invalid_parameter(
            "from",
            format!("{from} is after 'to' ({to})"),
        ));
    }
    Ok(filters)
}

fn push_unique(values: &mut Vec<String>, value: String) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// Which end of a partial date (`2024`, `2024-03`) a bound means.
#[derive(Clone, Copy)]
enum DateEdge {
    Start,
    End,
}

/// A date bound: `YYYY-MM-DD`, an RFC 3339 timestamp (its UTC day), or, for
/// convenience, `YYYY-MM` and `YYYY` (the first or last day, as the bound needs).
fn date(params: &QueryParams, name: &str, edge: DateEdge) -> Result<Option<NaiveDate>, ApiError> {
    let Some(text) = params.single(name)? else {
        return Ok(None);
    };
    parse_date(text.trim(), edge).map(Some).ok_or_else(|| {
        ApiError::invalid_parameter(
            name,
            format!(
                "'{}' is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY)",
                printable(text)
            ),
        )
    })
}

fn parse_date(text: &str, edge: DateEdge) -> Option<NaiveDate> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.to_utc().date_naive());
    }
    let (year, month) = match text.split_once('-') {
        Some((year, month)) if month.len() == 2 => (year, Some(month.parse::<u32>().ok()?)),
        Some(_) => return None,
        None => (text, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    match (edge, month) {
        (DateEdge::Start, Some(month)) => NaiveDate::from_ymd_opt(year, month, 1),
        (DateEdge::Start, None) => NaiveDate::from_ymd_opt(year, 1, 1),
        (DateEdge::End, Some(month)) => {
            let next_month = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            next_month?.pred_opt().filter(|day| day.month() == month)
        }
        (DateEdge::End, None) => NaiveDate::from_ymd_opt(year, 12, 31),
    }
}

/// An index answer plus the server's note about parameters it adjusted.
#[derive(Serialize)]
pub struct WithNotice<T> {
    #[serde(flatten)]
    pub results: T,
    /// Set when a parameter was adjusted (e.g. `per_page` clamped to the limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// A page request after the limits: the page, its size and what was adjusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
    /// Set when `per_page` was clamped, to be shown to the caller as `notice`.
    pub notice: Option<String>,
}

/// `page` (from 1) and `per_page` (clamped to the limit, said so in `notice`); pages
/// beyond the paging depth are refused in favour of the export, which has no cap.
pub fn paging(
    params: &QueryParams,
    limits: &Limits,
    default_per_page: usize,
) -> Result<Paging, ApiError> {
    let page = params.number::<usize>("page")?.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::invalid_parameter(
            "page",
            "pages are numbered from 1",
        ));
    }
    let requested = params
        .number::<usize>("per_page")?
        .unwrap_or(default_per_page);
    if requested == 0 {
        return Err(ApiError::invalid_parameter(
            "per_page",
            "must be at least 1",
        ));
    }
    let per_page = requested.min(limits.max_per_page);
    let notice = (per_page < requested).then(|| {
        format!("per_page {requested} is above the limit; {per_page} results per page are returned")
    });
    let depth = page.saturating_mul(per_page);
    if depth > limits.max_page_depth {
        return Err(ApiError::invalid_parameter(
            "page",
            format!(
                "results beyond the first {} cannot be paged to; narrow the search or use /api/export, which streams every match",
                limits.max_page_depth
            ),
        ));
    }
    Ok(Paging {
        page,
        per_page,
        notice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paged(raw: &str) -> Result<Paging, ApiError> {
        paging(&QueryParams::parse(raw).unwrap(), &Limits::default(), 20)
    }

    #[test]
    fn per_page_is_clamped_with_a_notice() {
        let paging = paged("per_page=100000").unwrap();
        assert_eq!(paging.per_page, Limits::default().max_per_page);
        assert!(paging.notice.unwrap().contains("100000"));
        assert_eq!(
            paged("").unwrap(),
            Paging {
                page: 1,
                per_page: 20,
                notice: None
            }
        );
    }

    #[test]
    fn bad_pages_are_refused() {
        for raw in [
            "page=0",
            "page=-1",
            "page=abc",
            "per_page=0",
            "page=1000000",
            "page=99999999999999999999999",
        ] {
            assert!(paged(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn partial_dates_cover_whole_periods() {
        assert_eq!(
            parse_date("2024-02", DateEdge::End),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            parse_date("2023-12", DateEdge::End),
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
        assert_eq!(
            parse_date("2024", DateEdge::Start),
            NaiveDate::from_ymd_opt(2024, 1, 1)
        );
        assert_eq!(
            parse_date("2024-03-05T23:30:00-02:00", DateEdge::Start),
            NaiveDate::from_ymd_opt(2024, 3, 6)
        );
        for bad in [
            "not-a-date",
            "2024-13",
            "2024-02-30",
            "24",
            "+2024",
            "2024-1",
        ] {
            assert_eq!(parse_date(bad, DateEdge::Start), None, "{bad}");
        }
    }
}
