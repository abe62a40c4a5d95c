//! schema.org JSON-LD: the publisher's own statement of headline, dates, authors and body.
//!
//! Pages carry several blocks, often with an `@graph` array mixing `WebSite`, `Organization`,
//! `BreadcrumbList` and the article itself; the article-typed node is preferred over a
//! `WebPage`. The walk over nested values uses an explicit stack with a bounded depth.

use serde_json::Value;

/// The fields gazette reads from the page's JSON-LD.
#[derive(Debug, Default, Clone)]
pub(crate) struct LinkedData {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    pub authors: Vec<String>,
    pub article_body: Option<String>,
    pub section: Option<String>,
    pub image: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The name of a `WebSite` node elsewhere in the markup (the site name when the article
    /// node names no publisher).
    pub website: Option<String>,
}

/// Nested JSON deeper than this is not searched (real markup is a few levels deep).
const MAX_DEPTH: usize = 12;

/// Reads the best article node out of the page's JSON-LD blocks.
pub(crate) fn read(blocks: &[&str]) -> LinkedData {
    let mut best: Option<(u8, Value)> = None;
    let mut website: Option<String> = None;
    for block in blocks {
        let Some(value) = parse_lenient(block) else {
            continue;
        };
        let mut stack: Vec<(&Value, usize)> = vec![(&value, 0)];
        while let Some((node, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                continue;
            }
            match node {
                Value::Array(values) => stack.extend(values.iter().rev().map(|v| (v, depth + 1))),
                Value::Object(map) => {
                    let rank = type_rank(map.get("@type"));
                    if website.is_none() && is_type(map.get("@type"), "WebSite") {
                        website = string_of(map.get("name"));
                    }
                    if rank > 0 && best.as_ref().is_none_or(|(r, _)| rank > *r) {
                        best = Some((rank, node.clone()));
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push((graph, depth + 1));
                    }
                    if let Some(main) = map.get("mainEntity") {
                        stack.push((main, depth + 1));
                    }
                }
                _ => {}
            }
        }
    }
    let mut data = best.map(|(_, node)| fields(&node)).unwrap_or_default();
    data.website = website;
    data
}

fn is_type(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(wanted)),
        _ => false,
    }
}

/// JSON-LD in the wild has raw newlines and tabs inside strings; retry without them.
fn parse_lenient(block: &str) -> Option<Value> {
    let trimmed = block
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    serde_json::from_str(trimmed)
        .ok()
        .or_else(|| serde_json::from_str(&escape_controls(trimmed)).ok())
}

/// Escapes control characters that appear inside JSON strings (line breaks become `\n`).
fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string && c.is_control() {
            out.push_str(if c == '\n' { "\\n" } else { " " });
            escaped = false;
            continue;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && in_string {
            escaped = true;
        } else if c == '"' {
            in_string = !in_string;
        }
        out.push(c);
    }
    out
}

/// 3 for news articles, 2 for other articles and posts, 1 for web pages, 0 for the rest.
fn type_rank(value: Option<&Value>) -> u8 {
    let names: Vec<&str> = match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names
        .iter()
        .map(|name| {
            let name = name.rsplit(['/', ':']).next().unwrap_or(name);
            if name.ends_with("NewsArticle") {
                3
            } else if name.ends_with("Article") || name.ends_with("Posting") || name == "Report" {
                2
            } else if name.ends_with("WebPage") {
                1
            } else {
                0
            }
        })
        .max()
        .unwrap_or(0)
}

fn fields(node: &Value) -> LinkedData {
    LinkedData {
        headline: string_of(node.get("headline")).or_else(|| string_of(node.get("name"))),
        date_published: string_of(node.get("datePublished"))
            .or_else(|| string_of(node.get("dateCreated"))),
        date_modified: string_of(node.get("dateModified")),
        authors: names_of(node.get("author").or_else(|| node.get("creator"))),
        article_body: string_of(node.get("articleBody")).or_else(|| string_of(node.get("text"))),
        section: string_of(node.get("articleSection")),
        image: url_of(node.get("image")).or_else(|| url_of(node.get("thumbnailUrl"))),
        publisher: node
            .get("publisher")
            .and_then(|p| string_of(p.get("name")).or_else(|| string_of(Some(p)))),
        description: string_of(node.get("description")),
        url: url_of(node.get("mainEntityOfPage")).or_else(|| string_of(node.get("url"))),
        language: string_of(node.get("inLanguage")),
        website: None,
    }
}

/// A string, or the first string of an array.
fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Array(a) => a.iter().find_map(|v| string_of(Some(v))),
        _ => None,
    }
}

/// A URL given as a string, an `ImageObject`/`WebPage` (`url` or `@id`), or an array of those.
fn url_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Array(a) => a.iter().find_map(|v| url_of(Some(v))),
        Value::Object(o) => string_of(o.get("url")).or_else(|| string_of(o.get("@id"))),
        _ => None,
    }
}

/// Person names from a string, a `Person` object or an array of either.
fn names_of(value: Option<&Value>) -> Vec<String> {
    let Some(value) = value else {
        return Vec::new();
    };
    let items: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Object(o) => string_of(o.get("name")),
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_article_wins_over_website() {
        let block = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Site"},
            {"@type":["NewsArticle"],"headline":"H","datePublished":"2020-01-02T03:04:05Z",
             "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],
             "image":{"@type":"ImageObject","url":"https://e.org/i.jpg"},
             "publisher":{"@type":"Organization","name":"The Daily"}}]}"#;
        let ld = read(&[block]);
        assert_eq!(ld.headline.as_deref(), Some("H"));
        assert_eq!(ld.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(ld.image.as_deref(), Some("https://e.org/i.jpg"));
        assert_eq!(ld.publisher.as_deref(), Some("The Daily"));
    }

    #[test]
    fn raw_newlines_in_strings_are_tolerated() {
        let block = "{\"@type\":\"Article\",\"articleBody\":\"line one\nline two\"}";
        assert_eq!(
            read(&[block]).article_body.as_deref(),
            Some("line one\nline two")
        );
    }

    #[test]
    fn broken_json_gives_nothing() {
        assert!(read(&["{not json"]).headline.is_none());
    }
}
