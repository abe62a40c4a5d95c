//! The matches-over-time bar chart above the results, drawn on the server as SVG.
//!
//! The page asks the index for daily counts and rolls them up here into days, weeks,
//! months or years, choosing the finest step that still gives a readable number of
//! bars. Each bar is a link that narrows the search's date range to that bar's period,
//! so the chart works as a filter without JavaScript. Geometry is computed here and the
//! SVG itself is written by the `timeline.html` template, so every attribute value goes
//! through askama's escaping.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::form::SearchForm;

/// Most bars drawn; a longer series is rolled up into a coarser step.
const MAX_BARS: i64 = 60;
/// The SVG's user-space size; the stylesheet scales it to the column width. The axis
/// labels are HTML under the chart, so they keep a readable size on a phone.
const CHART_WIDTH: f64 = 720.0;
const CHART_HEIGHT: f64 = 100.0;

/// The step of one bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Day,
    Week,
    Month,
    Year,
}

impl Step {
    /// The finest step that fits `first..=last` in about [`MAX_BARS`] bars.
    fn for_span(first: NaiveDate, last: NaiveDate) -> Step {
        let days = (last - first).num_days() + 1;
        if days <= MAX_BARS {
            Step::Day
        } else if days <= MAX_BARS * 7 {
            Step::Week
        } else if days <= MAX_BARS * 30 {
            Step::Month
        } else {
            Step::Year
        }
    }

    fn name(self) -> &'static str {
        match self {
            Step::Day => "day",
            Step::Week => "week",
            Step::Month => "month",
            Step::Year => "year",
        }
    }

    /// The first day of the period containing `day`.
    fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Step::Day => day,
            Step::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Step::Month => day.with_day(1).unwrap_or(day),
            Step::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the period after the one starting at `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Step::Day => start.checked_add_signed(Duration::days(1)),
            Step::Week => start.checked_add_signed(Duration::days(7)),
            Step::Month => start.checked_add_months(Months::new(1)),
            Step::Year => start.checked_add_months(Months::new(12)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Step::Day => start.format("%-d %b %Y").to_string(),
            Step::Week => format!("week of {}", start.format("%-d %b %Y")),
            Step::Month => start.format("%b %Y").to_string(),
            Step::Year => start.format("%Y").to_string(),
        }
    }
}

/// One bar: its geometry in SVG user units, its link and its accessible label.
#[derive(Debug, Clone)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub href: String,
    pub label: String,
}

/// Everything the `timeline.html` partial draws.
#[derive(Debug, Clone)]
pub struct TimelineChart {
    pub bars: Vec<Bar>,
    pub first_label: String,
    pub last_label: String,
    pub width: String,
    pub height: String,
    /// "Matches per month, Jan 2004 – Dec 2005; the tallest bar is 12": the chart's
    /// caption, which also gives the scale.
    pub caption: String,
}

impl TimelineChart {
    /// Builds the chart from per-day counts (any order; zero or repeated days allowed).
    /// `None` when there is nothing to draw.
    pub fn from_daily_counts(
        days: &[(NaiveDate, u64)],
        form: &SearchForm,
    ) -> Option<TimelineChart> {
        let dated = days.iter().filter(|(_, n)| *n > 0).map(|(d, _)| *d);
        let first = dated.clone().min()?;
        let last = dated.max()?;
        let step = Step::for_span(first, last);
        let periods = roll_up(days, step, first, last);
        let max = periods.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let slot = CHART_WIDTH / periods.len().max(1) as f64;
        let gap = if slot > 4.0 { slot * 0.15 } else { 0.0 };
        let bars = periods
            .iter()
            .enumerate()
            .map(|(i, (start, count))| {
                let height = if *count == 0 {
                    0.0
                } else {
                    (*count as f64 / max as f64 * CHART_HEIGHT).max(1.5)
                };
                let end = step.next(*start).pred_opt().unwrap_or(*start);
                let (from, to) = narrow(form, *start, end);
                let noun = if *count == 1 { "match" } else { "matches" };
                Bar {
                    x: units(i as f64 * slot + gap / 2.0),
                    y: units(CHART_HEIGHT - height),
                    width: units(slot - gap),
                    height: units(height),
                    href: form.with_dates(Some(from), Some(to)).href(),
                    label: format!("{}: {count} {noun}", step.label(*start)),
                }
            })
            .collect();
        let first_period = periods.first().map(|(d, _)| *d)?;
        let last_period = periods.last().map(|(d, _)| *d)?;
        Some(TimelineChart {
            bars,
            first_label: step.label(first_period),
            last_label: step.label(last_period),
            width: units(CHART_WIDTH),
            height: units(CHART_HEIGHT),
            caption: format!(
                "Matches per {}, {} – {}; the tallest bar is {max}",
                step.name(),
                step.label(first_period),
                step.label(last_period)
            ),
        })
    }
}

/// Sums daily counts into consecutive periods from `first` to `last`, zeros included,
/// so that the horizontal axis is linear in time.
fn roll_up(
    days: &[(NaiveDate, u64)],
    step: Step,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(NaiveDate, u64)> {
    let mut periods = Vec::new();
    let mut start = step.start_of(first);
    while start <= last && periods.len() < (MAX_BARS as usize) * 2 {
        periods.push((start, 0u64));
        start = step.next(start);
    }
    for (day, count) in days {
        let period = step.start_of(*day);
        if let Some(slot) = periods.iter_mut().find(|(start, _)| *start == period) {
            slot.1 += count;
        }
    }
    periods
}

/// A bar's date range, clipped to the range already selected so a click only narrows.
fn narrow(form: &SearchForm, start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = form.from.map_or(start, |f| f.max(start));
    let to = form.to.map_or(end, |t| t.min(end));
    (from, to.max(from))
}

fn units(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn bars(days: &[(NaiveDate, u64)], form: &SearchForm) -> Vec<Bar> {
        TimelineChart::from_daily_counts(days, form)
            .map(|c| c.bars)
            .unwrap_or_default()
    }

    #[test]
    fn short_spans_get_a_bar_per_day_with_gaps_filled() {
        let days = [(day("2024-03-01"), 2), (day("2024-03-04"), 1)];
        let bars = bars(&days, &SearchForm::default());
        assert_eq!(bars.len(), 4);
        assert_eq!(bars[1].height, "0.0");
        assert_eq!(bars[0].label, "1 Mar 2024: 2 matches");
    }

    #[test]
    fn long_spans_roll_up_into_years_with_exact_sums() {
        let days = [
            (day("2004-02-01"), 3),
            (day("2004-11-30"), 4),
            (day("2012-06-01"), 1),
        ];
        let bars = bars(&days, &SearchForm::default());
        assert_eq!(bars.len(), 9);
        assert_eq!(bars[0].label, "2004: 7 matches");
        assert!(
            bars[0].href.contains("from=2004-01-01&to=2004-12-31"),
            "{}",
            bars[0].href
        );
        assert_eq!(bars[1].height, "0.0");
    }

    #[test]
    fn bar_links_never_widen_the_selected_range() {
        let form = SearchForm::parse("q=x&from=2024-03-10&to=2024-05-20").form;
        let days = [(day("2024-03-10"), 1), (day("2024-05-20"), 1)];
        let bars = bars(&days, &form);
        let first = bars.first().map(|b| b.href.clone()).unwrap_or_default();
        let last = bars.last().map(|b| b.href.clone()).unwrap_or_default();
        assert!(first.contains("from=2024-03-10"), "{first}");
        assert!(last.ends_with("to=2024-05-20"), "{last}");
    }

    #[test]
    fn nothing_to_draw_without_matches() {
        let days = [(day("2024-03-01"), 0)];
        assert!(TimelineChart::from_daily_counts(&days, &SearchForm::default()).is_none());
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(Step::Week.start_of(day("2024-03-03")), day("2024-02-26"));
    }
}
