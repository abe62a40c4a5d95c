//! Article endpoints: `GET /api/articles/{id}` and `GET /api/articles/{id}/similar`.

use super::error::ApiError;
use super::params::{QueryParams, printable};
use super::state::AppState;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use gazette_article::Article;

/// Similar articles listed when `limit` is not given, and at most.
const DEFAULT_SIMILAR: usize = 10;
const MAX_SIMILAR: usize = 50;

/// `GET /api/articles/{id}`: the whole article, with tags, quotes and provenance.
pub async fn article(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Json<Article>, ApiError> {
    let Path(id) = path?;
    params.expect_only(&[])?;
    let lookup = id.clone();
    let article = state
        .read_index(move |index| index.article(&lookup))
        .await?;
    article.map(Json).ok_or_else(|| missing(&id))
}

/// `GET /api/articles/{id}/similar`: more like this, best first.
pub async fn similar(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Path(id) = path?;
    params.expect_only(&["limit"])?;
    let limit = match params.number::<usize>("limit")? {
        None => DEFAULT_SIMILAR,
        Some(limit) if (1..=MAX_SIMILAR).contains(&limit) => limit,
        Some(_) => {
            return Err(ApiError::invalid_parameter(
                "limit",
                format!("must be between 1 and {MAX_SIMILAR}"),
            ));
        }
    };
    let lookup = id.clone();
    let hits = state
        .read_index(move |index| index.similar(&lookup, limit))
        .await?;
    let hits = hits.ok_or_else(|| missing(&id))?;
    Ok(Json(serde_json::json!({"id": id, "hits": hits})))
}

fn missing(id: &str) -> ApiError {
    ApiError::not_found(format!("no article has the id '{}'", printable(id)))
}
