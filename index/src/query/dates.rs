//! Dates in queries: `2024`, `2024-03` and `2024-03-05` each name a period;
//! `[2024-01 TO 2024-03]` is a range of them (`{`/`}` exclude an end, `*` is open).

use chrono::{Datelike, NaiveDate};

use super::ast::Node;
use crate::IndexError;

/// A whole calendar period, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000 to 9999).
pub fn parse_period(text: &str) -> Option<Period> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let year = i32::try_from(number(y, 4)?).ok()?;
            Some(Period {
                first: NaiveDate::from_ymd_opt(year, 1, 1)?,
                last: NaiveDate::from_ymd_opt(year, 12, 31)?,
            })
        }
        [y, m] => {
            let year = i32::try_from(number(y, 4)?).ok()?;
            let first = NaiveDate::from_ymd_opt(year, number(m, 2)?, 1)?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, first.month() + 1, 1)?
            };
            Some(Period {
                first,
                last: next.pred_opt()?,
            })
        }
        [y, m, d] => {
            let year = i32::try_from(number(y, 4)?).ok()?;
            let day = NaiveDate::from_ymd_opt(year, number(m, 2)?, number(d, 2)?)?;
            Some(Period {
                first: day,
                last: day,
            })
        }
        _ => None,
    }
}

/// Parses a range at the start of `text` (which starts with `[` or `{`; `open`
/// is its byte position in the query, for messages). Returns the range and the
/// number of bytes it spans.
pub fn parse_date_range(text: &str, open: usize) -> Result<(Node, usize), IndexError> {
    let at = open + 1;
    let Some(close) = text.find([']', '}']) else {
        return Err(IndexError::bad_query(format!(
            "unclosed date range at position {at}: write published:[2024-01-01 TO 2024-03-31]"
        )));
    };
    let body = text.get(1..close).unwrap_or("");
    let exclusive_low = text.starts_with('{');
    let exclusive_high = text[close..].starts_with('}');
    let parts: Vec<&str> = body.split_whitespace().collect();
    let [low, to, high] = parts.as_slice() else {
        return Err(IndexError::bad_query(format!(
            "the date range at position {at} must read [FROM TO UNTIL], e.g. [2024-01-01 TO 2024-03-31]"
        )));
    };
    if !to.eq_ignore_ascii_case("TO") {
        return Err(IndexError::bad_query(format!(
            "the date range at position {at} must separate its dates with TO"
        )));
    }
    let bound = |text: &str| -> Result<Option<Period>, IndexError> {
        if text == "*" {
            return Ok(None);
        }
        parse_period(text).map(Some).ok_or_else(|| {
            IndexError::bad_query(format!(
                "'{text}' in the date range at position {at} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or *"
            ))
        })
    };
    let from = bound(low)?.map(|p| {
        if exclusive_low {
            p.last.succ_opt().unwrap_or(p.last)
        } else {
            p.first
        }
    });
    let to = bound(high)?.map(|p| {
        if exclusive_high {
            p.first.pred_opt().unwrap_or(p.first)
        } else {
            p.last
        }
    });
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(IndexError::bad_query(format!(
            "the date range at position {at} ends before it starts"
        )));
    }
    Ok((Node::DateRange { from, to }, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_on_their_last_day() {
        let p = parse_period("2024-02").unwrap();
        assert_eq!(p.last, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(
            parse_period("2023-12").unwrap().last,
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
        );
    }

    #[test]
    fn exclusive_ends_drop_the_boundary_period() {
        let (node, len) = parse_date_range("{2024-01 TO 2024-03} rest", 0).unwrap();
        assert_eq!(len, 20);
        assert_eq!(
            node,
            Node::DateRange {
                from: NaiveDate::from_ymd_opt(2024, 2, 1),
                to: NaiveDate::from_ymd_opt(2024, 2, 29),
            }
        );
        let (open, _) = parse_date_range("[* TO 2024]", 0).unwrap();
        assert_eq!(
            open,
            Node::DateRange {
                from: None,
                to: NaiveDate::from_ymd_opt(2024, 12, 31)
            }
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "24",
            "2024-13",
            "2024-02-30",
            "2024-1-5",
            "abcd",
            "",
            "2024--01",
        ] {
            assert!(parse_period(bad).is_none(), "{bad}");
        }
    }
}
