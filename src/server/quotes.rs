//! People endpoints: `GET /api/quotes` (quotes as records) and `GET /api/experts`
//! (the experts directory).

use super::error::ApiError;
use super::params::QueryParams;
use super::requests::{self, SEARCH_PARAMS, WithNotice};
use super::state::AppState;
use axum::Json;
use axum::extract::State;
use gazette_index::{ExpertRequest, QuoteRequest};

/// Quotes per page when `per_page` is not given.
const DEFAULT_QUOTES_PER_PAGE: usize = 20;
/// Experts per page when `per_page` is not given.
const DEFAULT_EXPERTS_PER_PAGE: usize = 50;

/// `GET /api/quotes`: `q` searches the quote text; the usual filters narrow it.
pub async fn quotes(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<Json<WithNotice<gazette_index::QuoteResults>>, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["sort", "page", "per_page"]].concat())?;
    let limits = &state.settings.limits;
    let paging = requests::paging(&params, limits, DEFAULT_QUOTES_PER_PAGE)?;
    let (q, mode) = requests::query_text(&params, limits)?;
    let request = QuoteRequest {
        q,
        mode,
        filters: requests::filters(&params, &state)?,
        sort: requests::sort_order(&params)?,
        page: paging.page,
        per_page: paging.per_page,
    };
    let results = state
        .read_index(move |index| index.quotes(&request))
        .await?;
    Ok(Json(WithNotice {
        results,
        notice: paging.notice,
    }))
}

/// `GET /api/experts`: name, affiliations, counts, first/last seen, top countries and
/// topics; `q` and the filters narrow it.
pub async fn experts(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<Json<WithNotice<gazette_index::ExpertDirectory>>, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["page", "per_page"]].concat())?;
    let limits = &state.settings.limits;
    let paging = requests::paging(&params, limits, DEFAULT_EXPERTS_PER_PAGE)?;
    let (q, _mode) = requests::query_text(&params, limits)?;
    let request = ExpertRequest {
        q,
        filters: requests::filters(&params, &state)?,
        page: paging.page,
        per_page: paging.per_page,
    };
    let results = state
        .read_index(move |index| index.experts(&request))
        .await?;
    Ok(Json(WithNotice {
        results,
        notice: paging.notice,
    }))
}
