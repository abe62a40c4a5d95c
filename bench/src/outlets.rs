//! Invented publishers and journalists for the synthetic archive.
//!
//! Real archives mix a few large outlets with a long tail of small ones; forty names
//! drawn by Zipf's law give the `source` facet that shape. None of these names is a real
//! publication or person: they only need to look like facet values and bylines.

/// Forty outlet names, most prolific first (the synthesiser draws them by rank).
pub const OUTLETS: [&str; 40] = [
    "The Meridian Post",
    "Global Policy Wire",
    "The Northern Courier",
    "Capital Ledger",
    "The Evening Dispatch",
    "Continental Review",
    "The Harbour Times",
    "Atlas News Service",
    "The Civic Herald",
    "Lakeside Chronicle",
    "The Summit Observer",
    "Riverside Gazette",
    "The Policy Brief",
    "Westbridge Journal",
    "The Daily Compass",
    "Eastern Standard",
    "The Frontier Report",
    "Market Street Times",
    "The Parliament Monitor",
    "Coastline Tribune",
    "The Quarterly Analyst",
    "Highland Echo",
    "The Diplomatic Letter",
    "Metro Record",
    "The Open Forum",
    "Southern Cross Daily",
    "The Weekly Bulletin",
    "Crossroads Press",
    "The Trade Register",
    "Valley Sentinel",
    "The Foreign Desk",
    "Union Square Review",
    "The Morning Signal",
    "Granite City News",
    "The Public Interest",
    "Bayview Examiner",
    "The Strategic Digest",
    "Old Town Mercury",
    "The Civil Society Monitor",
    "Pinewood Clarion",
];

/// First names for bylines.
pub const FIRST_NAMES: [&str; 24] = [
    "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko",
    "Liam", "Maya", "Nikolai", "Olivia", "Pablo", "Quinn", "Rosa", "Samir", "Tessa", "Umar",
    "Vera", "William", "Yara",
];

/// Surnames for bylines.
pub const SURNAMES: [&str; 24] = [
    "Abbott",
    "Brennan",
    "Castellano",
    "Dufresne",
    "Eriksen",
    "Fairweather",
    "Galloway",
    "Hartmann",
    "Ishikawa",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrov",
    "Quintero",
    "Rasmussen",
    "Santoro",
    "Thorne",
    "Umarov",
    "Vasquez",
    "Whitcombe",
    "Zielinski",
];

/// Prefixes an outlet may put before a headline, so the same corpus title is not always
/// the same synthetic title.
pub const TITLE_PREFIXES: [&str; 6] = [
    "Analysis: ",
    "Update: ",
    "Explainer: ",
    "In depth: ",
    "Comment: ",
    "Briefing: ",
];

/// The outlet's web domain: its name in lower case, without "The" and spaces.
pub fn domain(outlet: &str) -> String {
    let name = outlet.strip_prefix("The ").unwrap_or(outlet);
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("www.{slug}.example")
}

/// A URL path segment from a headline: lower-case words joined by hyphens, at most eight words.
pub fn slug(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_slugs_are_url_safe() {
        assert_eq!(domain("The Meridian Post"), "www.meridianpost.example");
        assert_eq!(
            slug("Analysis: UK's £6bn deal — what next?"),
            "analysis-uk-s-6bn-deal-what-next"
        );
        let mut names: Vec<&str> = OUTLETS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OUTLETS.len(), "outlet names are distinct");
    }
}
