//! Site-independent reading of tag names and `class`/`id`/`role` attributes.
//!
//! Boilerplate is recognised from the vocabulary CMS themes use for it ("share", "related",
//! "newsletter", "comment", ...), matched on whole tokens of the class and id so that, e.g.,
//! `shadow` is not mistaken for `ad`. An element whose tokens also say "article body" is never
//! treated as boilerplate: wrappers such as `class="story-body author-xyz"` must survive.

use scraper::node::Element;

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
        "nav" | "aside" | "footer" | "form" | "figure" | "figcaption" | "header" | "menu" | "dialog"
    )
}

/// What an element's attributes say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Signal {
    /// Class/id/role name boilerplate (share, related, comments, ads, ...).
    pub boiler: bool,
    /// Class/id name the article body (article, story, entry-content, ...).
    pub positive: bool,
    /// Explicit body markup: `itemprop="articleBody"` or a class/id naming the article body.
    pub body: bool,
    /// Not rendered (`hidden`, `display:none`, screen-reader-only).
    pub hidden: bool,
}

/// Reads the attributes of one element.
pub(crate) fn signal(el: &Element) -> Signal {
    let mut sig = Signal::default();
    if el.attr("hidden").is_some() {
        sig.hidden = true;
    }
    if let Some(style) = el.attr("style") {
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = compact.to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            sig.hidden = true;
        }
    }
    if let Some(prop) = el.attr("itemprop") {
        if prop.split_whitespace().any(|p| p.eq_ignore_ascii_case("articleBody")) {
            sig.body = true;
        }
    }
    if let Some(role) = el.attr("role") {
        let role = role.to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation" | "complementary" | "banner" | "contentinfo" | "menu" | "dialog" | "alert"
        ) {
            sig.boiler = true;
        }
    }
    for attr in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        read_name_tokens(attr, &mut sig);
    }
    if sig.body {
        sig.boiler = false;
    }
    sig
}

fn read_name_tokens(attr: &str, sig: &mut Signal) {
    let lower = attr.to_ascii_lowercase();
    // Compound names first: "article-body", "story_body", "entry-content", ...
    let squashed: String = lower.chars().filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace()).collect();
    for word in squashed.split_whitespace() {
        if BODY_NAMES.iter().any(|b| word.contains(b)) {
            sig.body = true;
        }
    }
    for token in lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()) {
        if BOILER_EXACT.contains(&token) || BOILER_PREFIX.iter().any(|p| token.starts_with(p)) {
            sig.boiler = true;
        }
        if POSITIVE_EXACT.contains(&token) {
            sig.positive = true;
        }
    }
}

/// Squashed (separator-free) names that CMS themes give the element holding the body text.
const BODY_NAMES: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "storybody",
    "storycontent",
    "storytext",
    "entrycontent",
    "postcontent",
    "postbody",
    "contentbody",
    "bodytext",
    "richtext",
];

const POSITIVE_EXACT: &[&str] = &["article", "story", "entry", "post", "body", "content", "text", "main"];

const BOILER_EXACT: &[&str] = &[
    "ad", "ads", "adv", "dfp", "tags", "tag", "nav", "menu", "meta", "bio", "more", "most", "rail",
    "skip", "print", "hide", "hidden", "sronly", "sr", "caption", "credit", "credits", "date",
    "dateline", "timestamp", "toolbar", "masthead", "banner", "footer", "header", "byline",
    "author", "authors", "contributor", "topics", "keywords", "pagination", "pager", "sticky",
];

const BOILER_PREFIX: &[&str] = &[
    "share", "sharing", "social", "related", "newsletter", "subscri", "promo", "advert", "adslot",
    "adunit", "comment", "breadcrumb", "navbar", "navigation", "sidebar", "widget", "modal",
    "popup", "cookie", "consent", "outbrain", "taboola", "recommend", "sponsor", "signup",
    "trending", "popular", "mostread", "follow", "login", "paywall", "disqus", "gdpr",
    "visuallyhidden", "offscreen", "newsfeed", "readmore", "readnext", "upnext", "nextup",
];

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn first_div(html: &str) -> Signal {
        let doc = Html::parse_fragment(html);
        let el = doc.root_element().child_elements().next().map(|e| signal(e.value()));
        el.unwrap_or_default()
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
