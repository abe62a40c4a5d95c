//! Publication and modification dates: parsing the many shapes dates come in, and the cascade
//! of sources from most to least trustworthy.
//!
//! Every candidate is checked for plausibility (not before 1995, not more than a day in the
//! future), and the source that gave the accepted date is recorded for audit. A value with an
//! explicit offset is converted to UTC; one without is taken as UTC, the least surprising
//! reading when the page says nothing.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use gazette_article::DateSource;
use regex::Regex;

/// The earliest year a news page date is believed.
const MIN_YEAR: i32 = 1995;

/// Whether a date is plausible for a web news article.
pub(crate) fn plausible(date: DateTime<Utc>) -> bool {
    date.year() >= MIN_YEAR && date <= Utc::now() + Duration::days(1)
}

/// Parses a date string in any of the usual machine or English human formats.
pub(crate) fn parse(raw: &str) -> Option<DateTime<Utc>> {
    let value = raw.trim().trim_end_matches(['.', ',']);
    if value.is_empty() || value.len() > 80 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(value) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(value) {
        return Some(d.with_timezone(&Utc));
    }
    for format in OFFSET_FORMATS {
        if let Ok(d) = DateTime::parse_from_str(value, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Some(d) = parse_with_zone_name(value) {
        return Some(d);
    }
    parse_naive(value).map(|naive| Utc.from_utc_datetime(&naive))
}

/// Parses and checks plausibility in one step.
pub(crate) fn parse_plausible(raw: &str) -> Option<DateTime<Utc>> {
    parse(raw).filter(|d| plausible(*d))
}

const OFFSET_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%Y%m%dT%H%M%S%z",
];

const NAIVE_FORMATS: &[&str] = &[
    "%Y%m%dT%H%M%SZ",
    "%Y%m%dT%H%M%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %H:%M",
    "%d %B %Y %H:%M",
];

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%B %d %Y",
    "%d.%m.%Y",
];

fn parse_naive(value: &str) -> Option<NaiveDateTime> {
    for format in NAIVE_FORMATS {
        if let Ok(d) = NaiveDateTime::parse_from_str(value, format) {
            return Some(d);
        }
    }
    let normalised = normalise_words(value);
    for format in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(&normalised, format) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    None
}

/// "Sept. 3rd, 2019" → "Sep 3, 2019": ordinal suffixes and the odd abbreviation removed.
fn normalise_words(value: &str) -> String {
    static ORDINAL: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(\d)(st|nd|rd|th)\b").ok());
    let mut out = value.replace("Sept.", "Sep").replace("Sept ", "Sep ");
    if let Some(re) = ORDINAL.as_ref() {
        out = re.replace_all(&out, "$1").into_owned();
    }
    out
}

/// "Nov 19, 2019 10:00 AM EST" style: a trailing zone abbreviation with a known offset.
fn parse_with_zone_name(value: &str) -> Option<DateTime<Utc>> {
    let (rest, zone) = value.rsplit_once(' ')?;
    let hours = match zone.trim_matches(['(', ')']).to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => 0,
        "BST" | "CET" | "WAT" => 1,
        "CEST" | "EET" | "SAST" => 2,
        "EEST" | "MSK" => 3,
        "IST" => 5,
        "EST" | "CDT" => -5,
        "EDT" => -4,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        _ => return None,
    };
    let offset = FixedOffset::east_opt(hours * 3600)?;
    let naive = parse_naive(rest.trim_end_matches(','))?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// A date spelled in the URL path: `/2019/11/19/`, `/2019-11-19/` or `/20191119/`.
pub(crate) fn from_url(url: &str) -> Option<DateTime<Utc>> {
    static URL_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)")
            .ok()
    });
    let caps = URL_DATE.as_ref()?.captures(url)?;
    let year = caps.get(1)?.as_str().parse().ok()?;
    let month = caps.get(2)?.as_str().parse().ok()?;
    let day = caps.get(3)?.as_str().parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(0, 0, 0)?;
    Some(Utc.from_utc_datetime(&date)).filter(|d| plausible(*d))
}

/// The first English date written out in running text ("November 19, 2019", "19 Nov 2019").
pub(crate) fn from_text(text: &str) -> Option<DateTime<Utc>> {
    static TEXT_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?";
        Regex::new(&format!(
            r"\b(?:{month} \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}|\d{{1,2}} {month},? (?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})\b"
        ))
        .ok()
    });
    let found = TEXT_DATE.as_ref()?.find(text)?;
    let cleaned = found.as_str().replace(',', "");
    let cleaned = normalise_words(&cleaned);
    [
        "%B %d %Y",
        "%b %d %Y",
        "%b. %d %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y-%m-%d",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(&cleaned, f).ok())
    .and_then(|d| d.and_hms_opt(0, 0, 0))
    .map(|d| Utc.from_utc_datetime(&d))
    .filter(|d| plausible(*d))
}

/// The first plausible date among `candidates`, tagged with its source.
pub(crate) fn first_plausible<'a>(
    candidates: impl IntoIterator<Item = (DateSource, &'a str)>,
) -> Option<(DateTime<Utc>, DateSource)> {
    candidates
        .into_iter()
        .find_map(|(source, raw)| parse_plausible(raw).map(|d| (d, source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(
            parse("2019-11-19T10:00:00-05:00"),
            utc("2019-11-19T15:00:00Z")
        );
        assert_eq!(
            parse("2019-11-19T10:00:00+0100"),
            utc("2019-11-19T09:00:00Z")
        );
        assert_eq!(
            parse("Nov 19, 2019 10:00 AM EST"),
            utc("2019-11-19T15:00:00Z")
        );
    }

    #[test]
    fn human_dates_parse() {
        assert_eq!(parse("November 19, 2019"), utc("2019-11-19T00:00:00Z"));
        assert_eq!(parse("Sept. 3rd, 2019"), utc("2019-09-03T00:00:00Z"));
        assert_eq!(
            parse("Tue, 19 Nov 2019 08:00:00 GMT"),
            utc("2019-11-19T08:00:00Z")
        );
    }

    #[test]
    fn implausible_dates_are_rejected() {
        assert!(parse_plausible("1990-01-01").is_none());
        assert!(parse_plausible("2999-01-01").is_none());
        assert!(parse_plausible("2019-01-01").is_some());
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            from_url("https://e.org/news/2019/11/19/story"),
            utc("2019-11-19T00:00:00Z")
        );
        assert_eq!(
            from_url("https://e.org/2019-11-19-story.html"),
            utc("2019-11-19T00:00:00Z")
        );
        assert!(from_url("https://e.org/story-12345678").is_none());
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(
            from_text("Posted on 3 March 2021 by staff"),
            utc("2021-03-03T00:00:00Z")
        );
    }
}
