//! Small pieces shared by every page: the page chrome, dates, tag chips, the pager,
//! and the links between pages.
//!
//! Templates only print prepared strings; every URL is built here, with path segments
//! percent-encoded and outside URLs restricted to `http`/`https` (askama escapes
//! attribute text, but it cannot know that `javascript:` in an `href` is code).

use chrono::{DateTime, Utc};

use super::assets;

/// What every page's `base.html` needs: asset links and the current section of the site.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub css_href: &'static str,
    pub js_href: &'static str,
    /// `search` or `experts`, to mark the current link in the site navigation.
    pub section: &'static str,
}

impl Chrome {
    pub fn new(section: &'static str) -> Chrome {
        Chrome {
            css_href: assets::css_href(),
            js_href: assets::js_href(),
            section,
        }
    }
}

/// A date as shown (`5 Mar 2024`) and as machine-readable `<time datetime>`.
#[derive(Debug, Clone)]
pub struct DateText {
    pub text: String,
    pub iso: String,
}

impl DateText {
    pub fn new(date: DateTime<Utc>) -> DateText {
        DateText {
            text: date.format("%-d %b %Y").to_string(),
            iso: date.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn from_option(date: Option<DateTime<Utc>>) -> Option<DateText> {
        date.map(DateText::new)
    }
}

/// A tag on a hit or an article: a link that searches by it.
#[derive(Debug, Clone)]
pub struct TagChip {
    /// `country`, `topic` or `expert`: the CSS class that marks the kind.
    pub kind: &'static str,
    pub label: String,
    pub href: String,
    /// Tooltip: the kind and the code (`Country AZ`).
    pub title: String,
}

/// Numbered page links around the current page.
#[derive(Debug, Clone)]
pub struct Pager {
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

/// One entry of the pager: a page number, or a gap (`href` unset and not current).
#[derive(Debug, Clone)]
pub struct PageLink {
    pub number: u64,
    pub href: Option<String>,
    pub current: bool,
}

/// Pages shown either side of the current one.
const PAGER_RADIUS: u64 = 2;

impl Pager {
    /// `None` when everything fits on one page. `href_for(n)` links page `n`; no page
    /// past `max_page` (the paging depth limit) is linked.
    pub fn new(
        current: u64,
        total: u64,
        per_page: u64,
        max_page: u64,
        href_for: impl Fn(u64) -> String,
    ) -> Option<Pager> {
        let last = total.div_ceil(per_page.max(1)).min(max_page).max(1);
        if last <= 1 && current <= 1 {
            return None;
        }
        let mut links = Vec::new();
        let mut previous_shown = 0;
        for number in 1..=last.max(current) {
            let near = number.abs_diff(current) <= PAGER_RADIUS;
            if number == 1 || number == last || near {
                if number > previous_shown + 1 {
                    links.push(PageLink {
                        number: 0,
                        href: None,
                        current: false,
                    });
                }
                let is_current = number == current;
                links.push(PageLink {
                    number,
                    href: (!is_current).then(|| href_for(number)),
                    current: is_current,
                });
                previous_shown = number;
            }
        }
        Some(Pager {
            prev: (current > 1).then(|| href_for(current - 1)),
            next: (current < last).then(|| href_for(current + 1)),
            links,
        })
    }
}

/// `/articles/{id}`
pub fn article_href(id: &str) -> String {
    format!("/articles/{}", encode_segment(id))
}

/// `/experts/{name}`
pub fn expert_href(name: &str) -> String {
    format!("/experts/{}", encode_segment(name))
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An outside link from stored data, if it is a well-formed `http(s)` URL; anything
/// else (`javascript:`, `data:`, relative junk) is not linked.
pub fn safe_external_url(raw: Option<&str>) -> Option<String> {
    let parsed = url::Url::parse(raw?.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// A quote as displayed: direct quotes are often cut just before the comma that hands
/// over to the speech verb (`"…security," said X`), and that comma reads as a typo.
pub fn quote_for_display(text: &str) -> &str {
    text.trim_end().trim_end_matches(',').trim_end()
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(expert_href("Jane Roe/x?"), "/experts/Jane%20Roe%2Fx%3F");
        assert_eq!(encode_segment("Zoë"), "Zo%C3%AB");
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(safe_external_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_external_url(Some("data:text/html,x")), None);
        assert_eq!(
            safe_external_url(Some("https://e.org/a")).as_deref(),
            Some("https://e.org/a")
        );
    }

    #[test]
    fn pager_shows_ends_neighbours_and_gaps() {
        let pager = Pager::new(6, 200, 10, 1000, |n| format!("?page={n}"));
        let numbers: Vec<u64> = pager
            .iter()
            .flat_map(|p| p.links.iter().map(|l| l.number))
            .collect();
        assert_eq!(numbers, [1, 0, 4, 5, 6, 7, 8, 0, 20]);
        assert_eq!(pager.and_then(|p| p.next).as_deref(), Some("?page=7"));
    }

    #[test]
    fn one_page_needs_no_pager() {
        assert!(Pager::new(1, 5, 10, 1000, |n| n.to_string()).is_none());
    }

    #[test]
    fn quotes_lose_the_comma_before_the_speech_verb() {
        assert_eq!(quote_for_display("It is a lifeline, "), "It is a lifeline");
        assert_eq!(quote_for_display("Yes, no"), "Yes, no");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
