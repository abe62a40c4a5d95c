//! Fielded terms (`title:`, `country:`, `published:` …) and date ranges.
//!
//! `title:` and `text:` search that field alone; `expert:` and `source:` search
//! the names (unstemmed); `country:` and `topic:` match facet keys exactly,
//! accepting a code or a known name or label (`country:azerbaijan`,
//! `topic:"peace process"`); `published:` takes a day, month or year.

use std::ops::Bound;

use chrono::{NaiveDate, NaiveTime};
use tantivy::Term;
use tantivy::query::{ConstScoreQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::ast::QueryField;
use super::build::{Builder, Target};
use crate::IndexError;
use crate::document::tag_term;

impl Builder<'_> {
    pub(super) fn tag_query(&self, facet: &str, value: &str) -> Box<dyn Query> {
        let term = Term::from_field_text(self.fields.tag, &tag_term(facet, value));
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            0.0,
        ))
    }

    pub(super) fn fielded(
        &self,
        field: QueryField,
        text: &str,
        slop: u32,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        Ok(match field {
            QueryField::Title => self.text_query(self.fields.title, text, slop)?,
            QueryField::Text => match self.target {
                Target::Articles => self.text_query(self.fields.text, text, slop)?,
                Target::Quotes | Target::Experts => {
                    self.text_query(self.fields.quote_text, text, slop)?
                }
            },
            QueryField::Expert => self.text_query(self.fields.people, text, slop)?,
            QueryField::Source => self.text_query(self.fields.source_name, text, slop)?,
            QueryField::Country => {
                let code = self
                    .labels
                    .country_code(text)
                    .unwrap_or_else(|| text.trim().to_ascii_uppercase());
                Some(self.tag_query("country", &code))
            }
            QueryField::Topic => {
                let code = self
                    .labels
                    .topic_code(text)
                    .unwrap_or_else(|| text.trim().to_string());
                Some(self.tag_query("topic", &code))
            }
            QueryField::Published => match super::dates::parse_period(text.trim()) {
                Some(p) => Some(self.date_range(Some(p.first), Some(p.last))),
                None => {
                    return Err(IndexError::bad_query(format!(
                        "'{text}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
                    )));
                }
            },
        })
    }

    /// Published between two days, both included; `None` ends are open.
    pub fn date_range(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Box<dyn Query> {
        date_range_query(self.fields.published, from, to)
    }
}

/// Documents published from the start of `from` to the end of `to` (UTC).
pub fn date_range_query(
    published: Field,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Box<dyn Query> {
    let start = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc().timestamp();
    let lower = match from {
        Some(day) => Bound::Included(Term::from_field_i64(published, start(day))),
        None => Bound::Included(Term::from_field_i64(published, i64::MIN)),
    };
    let upper = match to.and_then(|d| d.succ_opt()) {
        Some(next) => Bound::Excluded(Term::from_field_i64(published, start(next))),
        None => Bound::Included(Term::from_field_i64(published, i64::MAX)),
    };
    Box::new(ConstScoreQuery::new(
        Box::new(RangeQuery::new(lower, upper)),
        0.0,
    ))
}
