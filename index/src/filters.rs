//! Request filters as tantivy clauses: OR within a facet, AND across facets.

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::IndexError;
use crate::document::tag_term;
use crate::query::build::date_range_query;
use crate::request::{FacetField, Filters};
use crate::schema::Fields;

/// Filter clauses for `filters`, leaving out the selection of `except` (for
/// disjunctive facet counts). Fails on a date range that ends before it starts.
pub(crate) fn filter_clauses(
    fields: &Fields,
    filters: &Filters,
    except: Option<FacetField>,
) -> Result<Vec<Box<dyn Query>>, IndexError> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for facet in FacetField::ALL {
        if Some(facet) == except {
            continue;
        }
        let values: Vec<&String> = facet
            .selection(filters)
            .iter()
            .filter(|v| !v.trim().is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        let any_of: Vec<(Occur, Box<dyn Query>)> = values
            .into_iter()
            .map(|value| {
                let term = Term::from_field_text(fields.tag, &tag_term(facet.name(), value));
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        clauses.push(Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(any_of)),
            0.0,
        )));
    }
    if let (Some(from), Some(to)) = (filters.from, filters.to)
        && from > to
    {
        return Err(IndexError::bad_request(format!(
            "the date range ends ({to}) before it starts ({from})"
        )));
    }
    if filters.from.is_some() || filters.to.is_some() {
        clauses.push(date_range_query(fields.published, filters.from, filters.to));
    }
    Ok(clauses)
}

/// `query` restricted to one document kind and the filters.
pub(crate) fn restrict(
    query: Box<dyn Query>,
    kind: Box<dyn Query>,
    filters: Vec<Box<dyn Query>>,
) -> BooleanQuery {
    let kind: Box<dyn Query> = Box::new(ConstScoreQuery::new(kind, 0.0));
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query), (Occur::Must, kind)];
    clauses.extend(filters.into_iter().map(|f| (Occur::Must, f)));
    BooleanQuery::new(clauses)
}
