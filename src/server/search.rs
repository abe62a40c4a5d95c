//! Search endpoints: `GET /api/search`, `GET /api/facets/{field}`, `GET /api/timeline`.
//!
//! Handlers only translate: parameters in (see [`super::requests`]), the index's typed
//! answer out. The index already serialises in the API's JSON shape; the server adds
//! what only it knows, such as the `notice` that a page size was clamped.

use super::error::ApiError;
use super::params::{QueryParams, printable};
use super::requests::{self, SEARCH_PARAMS, WithNotice};
use super::state::AppState;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use gazette_index::{FacetField, Interval, SearchRequest, SearchResults};

/// Hits per page when `per_page` is not given.
const DEFAULT_PER_PAGE: usize = 20;

/// Values listed by `/api/facets/{field}` when `limit` is not given, and at most.
const DEFAULT_FACET_LIMIT: usize = 100;
const MAX_FACET_LIMIT: usize = 1000;

/// Builds the search request shared by search, feed and export from the parameters.
pub fn search_request(params: &QueryParams, state: &AppState) -> Result<SearchRequest, ApiError> {
    let (q, mode) = requests::query_text(params, &state.settings.limits)?;
    Ok(SearchRequest {
        q,
        mode,
        filters: requests::filters(params, state)?,
        sort: requests::sort_order(params)?,
        ..SearchRequest::default()
    })
}

/// `GET /api/search`: ranked, faceted, paged.
pub async fn search(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<Json<WithNotice<SearchResults>>, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["sort", "page", "per_page"]].concat())?;
    let paging = requests::paging(&params, &state.settings.limits, DEFAULT_PER_PAGE)?;
    let request = SearchRequest {
        page: paging.page,
        per_page: paging.per_page,
        ..search_request(&params, &state)?
    };
    let results = state
        .read_index(move |index| index.search(&request))
        .await?;
    Ok(Json(WithNotice {
        results,
        notice: paging.notice,
    }))
}

/// `GET /api/facets/{field}`: every value of one facet with counts, for browsing.
pub async fn facet_values(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Json<gazette_index::FacetValues>, ApiError> {
    let Path(field) = path?;
    let field: FacetField = field.parse().map_err(|_| {
        ApiError::not_found(format!(
            "there is no facet '{}'; facets are country, topic, expert, source",
            printable(&field)
        ))
    })?;
    params.expect_only(&[&SEARCH_PARAMS[..], &["prefix", "limit"]].concat())?;
    let request = search_request(&params, &state)?;
    let prefix = params.single("prefix")?.map(str::to_owned);
    let limit = match params.number::<usize>("limit")? {
        None => DEFAULT_FACET_LIMIT,
        Some(0) => return Err(ApiError::invalid_parameter("limit", "must be at least 1")),
        Some(limit) if limit > MAX_FACET_LIMIT => {
            return Err(ApiError::invalid_parameter(
                "limit",
                format!("at most {MAX_FACET_LIMIT}"),
            ));
        }
        Some(limit) => limit,
    };
    let values = state
        .read_index(move |index| index.facet_values(field, &request, prefix.as_deref(), limit))
        .await?;
    Ok(Json(values))
}

/// `GET /api/timeline`: matching articles per day, week, month or year.
pub async fn timeline(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<Json<gazette_index::Timeline>, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["interval"]].concat())?;
    let request = search_request(&params, &state)?;
    let interval = match params.choice("interval", &["day", "week", "month", "year"])? {
        Some(name) => name.parse::<Interval>()?,
        None => Interval::default(),
    };
    let timeline = state
        .read_index(move |index| index.timeline(&request, interval))
        .await?;
    Ok(Json(timeline))
}
