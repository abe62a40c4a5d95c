//! Safe rendering of search snippets.
//!
//! The contract with the index: a hit's `snippet` (and a quote's `highlighted` text) is
//! HTML in which the stored text is escaped and the only markup is `<mark>` … `</mark>`
//! around matched terms. The page does not take that on trust. [`SnippetHtml::sanitize`]
//! splits the snippet at exact `<mark>` and `</mark>` tags, decodes the few entities an
//! escaper produces in the text between them, and escapes that text again. Whatever
//! the index sends, the result holds no markup but balanced `<mark>` elements: an
//! unescaped `<script>` from a buggy or older index shows as text, and a correctly
//! escaped snippet displays unchanged.

use std::fmt;

const OPEN: &str = "<mark>";
const CLOSE: &str = "</mark>";

/// Snippet HTML that has been through [`SnippetHtml::sanitize`] and may be written into
/// the page unescaped (`|safe` in the templates; this type is the only thing that may be).
///
/// ```ignore
/// let html = SnippetHtml::sanitize("a <mark>b</mark> <script>c");
/// assert_eq!(html.to_string(), "a <mark>b</mark> &lt;script&gt;c");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnippetHtml(String);

impl SnippetHtml {
    /// Keeps `<mark>` highlighting and escapes everything else.
    pub fn sanitize(snippet: &str) -> SnippetHtml {
        let mut out = String::with_capacity(snippet.len() + 16);
        let mut open = false;
        let mut rest = snippet;
        while !rest.is_empty() {
            let next_tag = if open { CLOSE } else { OPEN };
            match rest.find(next_tag) {
                Some(at) => {
                    push_escaped_text(&mut out, &strip_stray_tags(&rest[..at]));
                    out.push_str(next_tag);
                    open = !open;
                    rest = &rest[at + next_tag.len()..];
                }
                None => {
                    push_escaped_text(&mut out, &strip_stray_tags(rest));
                    rest = "";
                }
            }
        }
        if open {
            out.push_str(CLOSE);
        }
        SnippetHtml(out)
    }

    /// A snippet from plain text (e.g. a quote when the index gave no highlighted
    /// form): everything escaped, nothing highlighted.
    pub fn plain(text: &str) -> SnippetHtml {
        let mut out = String::with_capacity(text.len());
        push_escaped(&mut out, text);
        SnippetHtml(out)
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SnippetHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Removes a nested `<mark>` or a `</mark>` without an opener, which would otherwise be
/// shown as literal tag text.
fn strip_stray_tags(text: &str) -> String {
    text.replace(OPEN, "").replace(CLOSE, "")
}

/// Decodes the entities an HTML escaper emits, then escapes the text again, so that
/// escaped and unescaped input both end up escaped exactly once.
fn push_escaped_text(out: &mut String, text: &str) {
    push_escaped(out, &decode_basic_entities(text));
}

fn decode_basic_entities(text: &str) -> String {
    const ENTITIES: [(&str, char); 10] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&#34;", '"'),
        ("&#38;", '&'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&#60;", '<'),
        ("&#62;", '>'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, ch)) => {
                out.push(*ch);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        SnippetHtml::sanitize(s).to_string()
    }

    #[test]
    fn keeps_marks_and_escaped_text_unchanged() {
        let escaped = "Tom &amp; Jerry said &quot;<mark>Baku</mark>&quot; &lt;b&gt;";
        assert_eq!(clean(escaped), escaped);
    }

    #[test]
    fn escapes_raw_markup_from_a_careless_index() {
        let out = clean("<script>alert(1)</script> <mark>x</mark> <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("<mark>x</mark>"), "{out}");
    }

    #[test]
    fn balances_and_drops_stray_marks() {
        assert_eq!(clean("a <mark>b"), "a <mark>b</mark>");
        assert_eq!(clean("a </mark> b"), "a  b");
        assert_eq!(clean("<mark>a <mark>b</mark>"), "<mark>a b</mark>");
    }

    #[test]
    fn marks_with_attributes_are_not_markup() {
        let out = clean("<mark onclick=x>a</mark>");
        assert!(!out.contains("<mark onclick"), "{out}");
    }

    #[test]
    fn plain_text_is_escaped() {
        assert_eq!(SnippetHtml::plain("<b>&").to_string(), "&lt;b&gt;&amp;");
    }
}
