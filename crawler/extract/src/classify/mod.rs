//! Site-independent reading of tag names and attributes.
//!
//! Tag names decide what is skipped, what starts a block and what is furniture; attributes
//! (`hidden`, `style`, `role`, `itemprop`, `rel`, and the class and id names read by
//! [`names`]) say whether an element is hidden, boilerplate, the article body or a byline.

mod names;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use scraper::node::Element;

/// Inline styles that hide an element (matched case-insensitively on the raw attribute).
static HIDDEN_STYLE: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "display:none",
            "display: none",
            "visibility:hidden",
            "visibility: hidden",
        ])
        .ok()
});

/// Tags whose whole subtree never holds article text (scripts, media, form controls).
pub(crate) fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "picture"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "button"
            | "head"
    )
}

/// Tags that start a new paragraph-level block when rendering text.
pub(crate) fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "td"
            | "th"
            | "tr"
            | "ul"
            | "caption"
            | "legend"
            | "menu"
    )
}

/// Whether a tag is a heading (kept in the body as its own paragraph).
pub(crate) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Tags that are page furniture wherever they appear inside an article container.
pub(crate) fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "aside"
            | "footer"
            | "form"
            | "figure"
            | "figcaption"
            | "header"
            | "menu"
            | "dialog"
    )
}

/// What an element's attributes say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Signal<'a> {
    /// Class/id/role name boilerplate (share, related, comments, ads, ...).
    pub boiler: bool,
    /// Class/id name the article body (article, story, entry-content, ...).
    pub positive: bool,
    /// Explicit body markup: `itemprop="articleBody"` or a class/id naming the article body.
    pub body: bool,
    /// Not rendered (`hidden`, `display:none`, screen-reader-only).
    pub hidden: bool,
    /// Marked as a byline or author name (class/id naming it, `rel="author"`).
    pub byline: bool,
    /// The raw `itemprop` attribute, for microdata.
    pub itemprop: Option<&'a str>,
}

/// Reads the attributes of one element; `scratch` is a reusable buffer, so classifying the
/// thousands of elements of a page allocates nothing. Class and id names are only read in
/// full for block elements (`full`): inline elements never wrap furniture worth pruning, and
/// skipping them halves the cost; for them only a byline name is looked for.
pub(crate) fn signal<'a>(el: &'a Element, full: bool, scratch: &mut String) -> Signal<'a> {
    let mut sig = Signal::default();
    for (name, value) in el.attrs() {
        match name {
            "hidden" => sig.hidden = true,
            "style" => sig.hidden |= HIDDEN_STYLE.as_ref().is_some_and(|m| m.is_match(value)),
            "itemprop" => {
                sig.itemprop = Some(value);
                sig.body |= value
                    .split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case("articleBody"));
            }
            "role" => {
                let role = value.trim();
                sig.boiler |= [
                    "navigation",
                    "complementary",
                    "banner",
                    "contentinfo",
                    "menu",
                    "dialog",
                    "alert",
                ]
                .iter()
                .any(|r| role.eq_ignore_ascii_case(r));
            }
            "rel" => sig.byline |= value.eq_ignore_ascii_case("author"),
            "class" | "id" if full => names::read(value, scratch, &mut sig),
            "class" | "id" => sig.byline |= names::names_byline(value),
            _ => {}
        }
    }
    if sig.body || sig.positive {
        sig.boiler = false;
    }
    sig
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn first_div(html: &str) -> Signal<'static> {
        let doc = Html::parse_fragment(html);
        let mut scratch = String::new();
        let sig = doc
            .root_element()
            .child_elements()
            .next()
            .map(|e| signal(e.value(), true, &mut scratch));
        sig.map(|s| Signal {
            itemprop: None,
            ..s
        })
        .unwrap_or_default()
    }

    #[test]
    fn share_box_is_boilerplate() {
        assert!(first_div(r#"<div class="article-share-tools">x</div>"#).boiler);
    }

    #[test]
    fn body_class_wins_over_boiler_token() {
        let sig = first_div(r#"<div class="story-body author-xyz">x</div>"#);
        assert!(sig.body);
        assert!(!sig.boiler);
    }

    #[test]
    fn shadow_is_not_an_ad() {
        assert!(!first_div(r#"<div class="shadow">x</div>"#).boiler);
    }

    #[test]
    fn display_none_is_hidden() {
        assert!(first_div(r#"<div style="display: none">x</div>"#).hidden);
    }
}
