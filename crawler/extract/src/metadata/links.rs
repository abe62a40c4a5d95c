//! URLs in the metadata: the canonical URL and the lead image, resolved against the page.
//!
//! A canonical link is a claim the publisher makes, and a wrong one (to the home page, to
//! another site after a template copy) would merge distinct articles under one id; it is
//! kept only when it stays on the same site and names a page, not the site root.

use url::Url;

/// Resolves `href` against `base` (or parses it when there is no base).
pub(crate) fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with("data:") {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Accepts a canonical URL only on the page's own site and off its home page.
pub(crate) fn canonical(href: &str, page: Option<&Url>) -> Option<String> {
    let url = resolve(href, page)?;
    if url.path().trim_end_matches('/').is_empty() {
        return None;
    }
    if let Some(page) = page {
        let same = match (url.host_str(), page.host_str()) {
            (Some(a), Some(b)) => site_of(a) == site_of(b),
            _ => false,
        };
        if !same {
            return None;
        }
    }
    Some(url.to_string())
}

/// An approximation of the registrable domain: the last two labels, or three under a short
/// second-level label such as `co.uk` or `com.au`.
fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let keep = match labels.as_slice() {
        [.., second, last] if last.len() == 2 && second.len() <= 3 && labels.len() >= 3 => 3,
        _ => 2,
    };
    labels
        .get(labels.len().saturating_sub(keep)..)
        .unwrap_or_default()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Option<Url> {
        Url::parse("https://www.example.co.uk/news/a?x=1").ok()
    }

    #[test]
    fn relative_canonical_is_resolved() {
        assert_eq!(
            canonical("/news/a", page().as_ref()).as_deref(),
            Some("https://www.example.co.uk/news/a")
        );
    }

    #[test]
    fn subdomain_of_same_site_is_accepted() {
        assert!(canonical("https://amp.example.co.uk/news/a", page().as_ref()).is_some());
    }

    #[test]
    fn home_page_and_other_sites_are_rejected() {
        assert!(canonical("https://www.example.co.uk/", page().as_ref()).is_none());
        assert!(canonical("https://other.co.uk/news/a", page().as_ref()).is_none());
    }
}
