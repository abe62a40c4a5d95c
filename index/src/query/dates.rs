//! Dates in queries: `2024`, `2024-03` and `2024-03-05` each name a period.

use chrono::{Datelike, NaiveDate};

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
