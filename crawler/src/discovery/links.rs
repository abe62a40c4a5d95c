//! Links of an HTML page, resolved against its `<base href>` and normalised.

use scraper::{Html, Selector};
use url::Url;

use crate::normalize::{normalize_url, resolve};

/// Distinct normalised http(s) links of a page, in document order, at most `max`.
pub(crate) fn extract_links(html: &str, page_url: &Url, max: usize) -> Vec<Url> {
    let doc = Html::parse_document(html);
    let (Ok(base_sel), Ok(link_sel)) = (
        Selector::parse("base[href]"),
        Selector::parse("a[href], area[href]"),
    ) else {
        return Vec::new();
    };
    let base = doc
        .select(&base_sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page_url.join(href).ok())
        .unwrap_or_else(|| page_url.clone());
    let own = normalize_url(page_url);
    let mut out: Vec<Url> = Vec::new();
    for element in doc.select(&link_sel) {
        if out.len() >= max {
            break;
        }
        let rel = element
            .value()
            .attr("rel")
            .unwrap_or("")
            .to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "nofollow") {
            continue;
        }
        let Some(url) = element.value().attr("href").and_then(|h| resolve(&base, h)) else {
            continue;
        };
        if Some(&url) != own.as_ref() && !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_resolved_normalised_and_distinct() {
        let page = Url::parse("http://e.org/news/").unwrap();
        let html = r#"<a href="a?utm_source=x">A</a><a href="a">A again</a><a href="mailto:x@e.org">m</a>
            <a href="/b#c">B</a><a rel="nofollow" href="/c">C</a><a href="">self</a>"#;
        let links: Vec<String> = extract_links(html, &page, 100)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(links, ["http://e.org/news/a", "http://e.org/b"]);
    }
}
