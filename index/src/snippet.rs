//! Snippets: the best passage of the text with the query's words in `<mark>`.
//!
//! tantivy finds the passage and the ranges to highlight; the HTML is made
//! here: the text is escaped (so `<script>` in an article shows as text) and the
//! only markup added is `<mark>…</mark>`.

use std::ops::Range;

use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

use crate::IndexError;

/// Longest snippet, in characters of source text.
pub const SNIPPET_CHARS: usize = 220;

/// Escapes the five HTML-special characters.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// `text` escaped, with each byte range in `marks` wrapped in `<mark>`.
/// Ranges that are out of bounds, overlapping or not on character boundaries are skipped.
pub fn mark(text: &str, marks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for range in marks {
        let (Some(before), Some(inside)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if range.start < at {
            continue;
        }
        out.push_str(&escape_html(before));
        out.push_str("<mark>");
        out.push_str(&escape_html(inside));
        out.push_str("</mark>");
        at = range.end;
    }
    out.push_str(&escape_html(text.get(at..).unwrap_or("")));
    out
}

/// The opening of a text cut at a word boundary, escaped (the snippet of an empty query).
pub fn lead(text: &str, max_chars: usize) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() <= max_chars {
        return escape_html(trimmed);
    }
    let cut: String = trimmed.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > max_chars / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{} …", escape_html(cut.trim_end()))
}

/// Makes snippets of one field for one query.
pub struct Snippeter {
    generator: SnippetGenerator,
}

impl Snippeter {
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> Result<Self, IndexError> {
        let mut generator = SnippetGenerator::create(searcher, query, field)?;
        generator.set_max_num_chars(max_chars);
        Ok(Snippeter { generator })
    }

    /// The best passage with marks, or the lead when no query word occurs in the text.
    pub fn snippet(&self, text: &str) -> String {
        let snippet = self.generator.snippet(text);
        if snippet.highlighted().is_empty() {
            return lead(text, SNIPPET_CHARS);
        }
        let fragment = snippet.fragment();
        let range = snippet.fragment_range();
        let mut html = mark(fragment, snippet.highlighted());
        if range.start > 0 {
            html.insert_str(0, "… ");
        }
        if range.end < text.len() {
            html.push_str(" …");
        }
        html
    }

    /// The whole text with marks (for short texts such as quotes; build the
    /// snippeter with a `max_chars` above the text length).
    pub fn highlight_all(&self, text: &str) -> String {
        let snippet = self.generator.snippet(text);
        let offset = snippet.fragment_range().start;
        let ranges: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect();
        mark(text, &ranges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped_and_marks_are_added() {
        let text = "<script>alert(1)</script> Iran & Israel";
        let start = text.find("Iran").unwrap();
        let marks: Vec<Range<usize>> = std::iter::once(start..start + 4).collect();
        let html = mark(text, &marks);
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Iran</mark> &amp; Israel"
        );
    }

    #[test]
    fn bad_ranges_are_skipped_without_panicking() {
        let text = "Ålesund";
        assert_eq!(mark(text, &[1..2, 50..60]), "Ålesund");
    }

    #[test]
    fn lead_cuts_at_a_word() {
        assert_eq!(lead("one two three four", 9), "one two …");
        assert_eq!(lead("short", 9), "short");
    }
}
