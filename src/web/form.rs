//! The search state carried in the page URL.
//!
//! Every control on the search page is a plain GET parameter, named as in the JSON API
//! (`q`, `country`, `topic`, `expert`, `source`, `from`, `to`, `sort`, `page`,
//! `per_page`, `mode`), so a search can be bookmarked, shared, and turned into an Atom
//! alert by swapping the path. Parsing is forgiving: every problem is collected as a
//! sentence a journalist can act on, and the page shows them with a 400 status instead
//! of failing on the first.

use chrono::NaiveDate;
use url::form_urlencoded;

/// Longest query text the page accepts, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Results per page when the URL does not say.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Largest page size, as in the API.
pub const MAX_PER_PAGE: u32 = 100;
/// Deepest result reachable by paging; deeper browsing belongs to `/api/export`.
pub const MAX_RESULT_DEPTH: u32 = 10_000;
/// Most values one facet filter may carry.
pub const MAX_VALUES_PER_FACET: usize = 50;

/// Result order, as the API's `sort` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    /// Every order, in the order the page offers them.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    /// The label shown in the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Relevance",
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
        }
    }

    fn parse(value: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// The four facets (the index's own enum), in sidebar order: [`FacetField::ALL`].
pub use gazette_index::FacetField;

/// The heading a facet has in the sidebar.
pub fn facet_title(field: FacetField) -> &'static str {
    match field {
        FacetField::Country => "Country",
        FacetField::Topic => "Topic",
        FacetField::Expert => "Expert",
        FacetField::Source => "Source",
    }
}

/// The facet whose URL parameter is `name` (exactly, as this page writes them).
fn facet_from_param(name: &str) -> Option<FacetField> {
    FacetField::ALL.into_iter().find(|f| f.name() == name)
}

/// The whole state of a search page, parsed from its query string.
///
/// ```ignore
/// let parsed = SearchForm::parse("q=gaza&country=AZ&country=IL&page=2");
/// assert!(parsed.problems.is_empty());
/// assert_eq!(parsed.form.filters(FacetField::Country), ["AZ", "IL"]);
/// assert_eq!(parsed.form.to_query(), "q=gaza&country=AZ&country=IL&page=2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchForm {
    /// The query text as typed (empty = every article).
    pub q: String,
    /// Selected values per facet, indexed like [`FacetField::ALL`].
    filters: [Vec<String>; 4],
    /// First day of the date range, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day of the date range, inclusive.
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
    /// `mode=simple`: take the query as plain words, no operators.
    pub simple: bool,
}

/// A parsed form plus everything that was wrong with the URL.
#[derive(Debug, Clone)]
pub struct ParsedForm {
    /// The usable part of the state: bad values are dropped, the rest is kept.
    pub form: SearchForm,
    /// One sentence per problem, for the page; empty when the URL was fine.
    pub problems: Vec<String>,
}

impl Default for SearchForm {
    fn default() -> Self {
        SearchForm {
            q: String::new(),
            filters: Default::default(),
            from: None,
            to: None,
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            simple: false,
        }
    }
}

impl SearchForm {
    /// Parses a raw query string (without the `?`); unknown parameters are ignored so
    /// that links from other tools (`utm_*` and the like) still open.
    pub fn parse(raw_query: &str) -> ParsedForm {
        let mut form = SearchForm::default();
        let mut problems = Vec::new();
        for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
            // Control characters can only come from a hand-made URL; they would corrupt
            // links and log lines, and never mean anything in a query.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            let value = value.trim();
            match key.as_ref() {
                "q" => form.q = value.to_owned(),
                "from" => form.from = parse_date("From", value, &mut problems),
                "to" => form.to = parse_date("To", value, &mut problems),
                "sort" if !value.is_empty() => match Sort::parse(value) {
                    Some(sort) => form.sort = sort,
                    None => problems.push(format!(
                        "“{value}” is not a sort order; use relevance, newest or oldest."
                    )),
                },
                "page" if !value.is_empty() => {
                    form.page = parse_number("Page", value, 1, u32::MAX, &mut problems).unwrap_or(1)
                }
                "per_page" if !value.is_empty() => {
                    form.per_page =
                        parse_number("Results per page", value, 1, MAX_PER_PAGE, &mut problems)
                            .unwrap_or(DEFAULT_PER_PAGE)
                }
                "mode" => form.simple = value == "simple",
                name => {
                    if let Some(field) = facet_from_param(name)
                        && !value.is_empty()
                    {
                        form.add_filter(field, value, &mut problems);
                    }
                }
            }
        }
        form.check(&mut problems);
        ParsedForm { form, problems }
    }

    fn add_filter(&mut self, field: FacetField, value: &str, problems: &mut Vec<String>) {
        let values = &mut self.filters[field as usize];
        if values.iter().any(|v| v == value) {
            return;
        }
        if values.len() >= MAX_VALUES_PER_FACET {
            problems.push(format!(
                "At most {MAX_VALUES_PER_FACET} {} filters can be combined.",
                field.name()
            ));
            return;
        }
        values.push(value.to_owned());
    }

    fn check(&mut self, problems: &mut Vec<String>) {
        if self.q.chars().count() > MAX_QUERY_CHARS {
            problems.push(format!(
                "The query is longer than {MAX_QUERY_CHARS} characters; shorten it."
            ));
            self.q = self.q.chars().take(MAX_QUERY_CHARS).collect();
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            problems.push(format!(
                "The date range starts ({from}) after it ends ({to}); swap the dates."
            ));
        }
        let deepest = u64::from(self.page) * u64::from(self.per_page);
        if deepest > u64::from(MAX_RESULT_DEPTH) {
            problems.push(format!(
                "Paging stops at result {MAX_RESULT_DEPTH}; narrow the search, \
                 or export every match from /api/export."
            ));
            self.page = 1;
        }
    }

    /// The selected values of one facet, in URL order.
    pub fn filters(&self, field: FacetField) -> &[String] {
        &self.filters[field as usize]
    }

    /// Whether any facet value or date bound is selected.
    pub fn has_filters(&self) -> bool {
        self.filters.iter().any(|v| !v.is_empty()) || self.from.is_some() || self.to.is_some()
    }

    /// The canonical query string of this state (no `?`), leaving out defaults so that
    /// shared links stay short.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for field in FacetField::ALL {
            for value in self.filters(field) {
                out.append_pair(field.name(), value);
            }
        }
        if let Some(from) = self.from {
            out.append_pair("from", &from.to_string());
        }
        if let Some(to) = self.to {
            out.append_pair("to", &to.to_string());
        }
        if self.sort != Sort::Relevance {
            out.append_pair("sort", self.sort.as_str());
        }
        if self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        if self.per_page != DEFAULT_PER_PAGE {
            out.append_pair("per_page", &self.per_page.to_string());
        }
        if self.simple {
            out.append_pair("mode", "simple");
        }
        out.finish()
    }

    /// The same search from its first page: the base for every link that changes what
    /// matches (a new filter invalidates the page number).
    pub fn first_page(&self) -> SearchForm {
        SearchForm {
            page: 1,
            ..self.clone()
        }
    }

    /// The same query with every filter and the date range removed ("Clear all").
    pub fn without_filters(&self) -> SearchForm {
        SearchForm {
            q: self.q.clone(),
            simple: self.simple,
            sort: self.sort,
            per_page: self.per_page,
            ..SearchForm::default()
        }
    }

    /// `/?…` for this state.
    pub fn href(&self) -> String {
        self.href_at("/")
    }

    /// `path?…` for this state: the experts pages reuse the same parameters.
    pub fn href_at(&self, path: &str) -> String {
        let query = self.to_query();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// This state at another page.
    pub fn with_page(&self, page: u32) -> SearchForm {
        SearchForm {
            page,
            ..self.clone()
        }
    }

    /// This state with another sort order (back to page 1).
    pub fn with_sort(&self, sort: Sort) -> SearchForm {
        SearchForm {
            sort,
            ..self.first_page()
        }
    }

    /// This state with one facet value added if absent, removed if present.
    pub fn toggled(&self, field: FacetField, value: &str) -> SearchForm {
        let mut next = self.first_page();
        let values = &mut next.filters[field as usize];
        if let Some(at) = values.iter().position(|v| v == value) {
            values.remove(at);
        } else {
            values.push(value.to_owned());
        }
        next
    }

    /// This state with the date range replaced.
    pub fn with_dates(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> SearchForm {
        SearchForm {
            from,
            to,
            ..self.first_page()
        }
    }

    /// The query string for `/api/search.atom`: what matches (query, filters, dates,
    /// mode), without order or paging, which the feed fixes itself (newest first).
    pub fn feed_query(&self) -> String {
        SearchForm {
            page: 1,
            sort: Sort::Relevance,
            per_page: DEFAULT_PER_PAGE,
            ..self.clone()
        }
        .to_query()
    }

    /// 0-based offset of the first result on this page.
    pub fn offset(&self) -> u32 {
        self.page.saturating_sub(1).saturating_mul(self.per_page)
    }
}

fn parse_date(label: &str, value: &str, problems: &mut Vec<String>) -> Option<NaiveDate> {
    if value.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(format!(
                "{label} date “{value}” is not a date; write it as YYYY-MM-DD, e.g. 2024-03-01."
            ));
            None
        }
    }
}

fn parse_number(
    label: &str,
    value: &str,
    min: u32,
    max: u32,
    problems: &mut Vec<String>,
) -> Option<u32> {
    match value.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            problems.push(format!(
                "{label} “{value}” must be a whole number from {min} to {max}."
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_parameter() {
        let raw = concat!(
            "q=%22peace+talks%22+-gaza&country=AZ&topic=medtop%3A11000000&expert=Jane+Roe",
            "&source=BBC+News&from=2024-01-01&to=2024-12-31&sort=newest&page=3&per_page=50",
            "&mode=simple"
        );
        let parsed = SearchForm::parse(raw);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let form = parsed.form;
        assert_eq!(form.q, "\"peace talks\" -gaza");
        assert_eq!(form.filters(FacetField::Expert), ["Jane Roe"]);
        assert_eq!(form.sort, Sort::Newest);
        assert!(form.simple);
        assert_eq!(SearchForm::parse(&form.to_query()).form, form);
    }

    #[test]
    fn bad_values_become_problems_and_are_dropped() {
        let parsed = SearchForm::parse("q=x&from=2024-13-01&to=yesterday&sort=best&page=0");
        assert_eq!(parsed.problems.len(), 4, "{:?}", parsed.problems);
        assert_eq!(parsed.form.from, None);
        assert_eq!(parsed.form.page, 1);
        assert_eq!(parsed.form.q, "x");
    }

    #[test]
    fn reversed_range_and_deep_paging_are_reported() {
        let parsed = SearchForm::parse("from=2024-02-01&to=2024-01-01&page=100000");
        assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    }

    #[test]
    fn control_characters_are_dropped() {
        let parsed = SearchForm::parse("q=a%00b%0Ac&expert=%07");
        assert_eq!(parsed.form.q, "abc");
        assert!(parsed.form.filters(FacetField::Expert).is_empty());
    }

    #[test]
    fn toggling_adds_removes_and_resets_the_page() {
        let form = SearchForm::parse("country=AZ&page=4").form;
        let added = form.toggled(FacetField::Country, "IL");
        assert_eq!(added.filters(FacetField::Country), ["AZ", "IL"]);
        assert_eq!(added.page, 1);
        let removed = added.toggled(FacetField::Country, "AZ");
        assert_eq!(removed.filters(FacetField::Country), ["IL"]);
    }

    #[test]
    fn defaults_are_left_out_of_links() {
        assert_eq!(SearchForm::default().href(), "/");
        let form = SearchForm::parse("q=a&sort=relevance&page=1&per_page=20").form;
        assert_eq!(form.to_query(), "q=a");
        assert_eq!(form.href_at("/experts"), "/experts?q=a");
    }

    #[test]
    fn feed_query_keeps_what_matches_and_drops_order_and_paging() {
        let form = SearchForm::parse("q=a&country=AZ&page=3&sort=oldest&per_page=5").form;
        assert_eq!(form.feed_query(), "q=a&country=AZ");
    }
}
