//! Site-independent reading of tag names and `class`/`id`/`role` attributes.
//!
//! Boilerplate is recognised from the vocabulary CMS themes use for it ("share", "related",
//! "newsletter", "comment", ...), matched on whole tokens of the class and id so that, e.g.,
//! `shadow` is not mistaken for `ad`. An element whose tokens also say "article body" is never
//! treated as boilerplate: wrappers such as `class="story-body author-xyz"` must survive.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use scraper::node::Element;

/// Body names, searched anywhere in a squashed class name.
static BODY_MATCHER: LazyLock<Option<AhoCorasick>> =
    LazyLock::new(|| AhoCorasick::new(BODY_NAMES).ok());

/// Boilerplate prefixes, matched at the start of a token.
static BOILER_PREFIX_MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .start_kind(StartKind::Anchored)
        .build(BOILER_PREFIX)
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
/// thousands of elements of a page allocates nothing. Class and id names are only read for
/// block elements (`full`): inline elements never wrap furniture worth pruning, and skipping
/// them halves the cost.
pub(crate) fn signal<'a>(el: &'a Element, full: bool, scratch: &mut String) -> Signal<'a> {
    let mut sig = Signal::default();
    for (name, value) in el.attrs() {
        match name {
            "hidden" => sig.hidden = true,
            "style" => {
                lower_into(value, scratch, |c| !c.is_whitespace());
                if scratch.contains("display:none") || scratch.contains("visibility:hidden") {
                    sig.hidden = true;
                }
            }
            "itemprop" => {
                sig.itemprop = Some(value);
                if value
                    .split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case("articleBody"))
                {
                    sig.body = true;
                }
            }
            "role" => {
                lower_into(value, scratch, |_| true);
                if matches!(
                    scratch.trim(),
                    "navigation"
                        | "complementary"
                        | "banner"
                        | "contentinfo"
                        | "menu"
                        | "dialog"
                        | "alert"
                ) {
                    sig.boiler = true;
                }
            }
            "rel" => sig.byline |= value.eq_ignore_ascii_case("author"),
            "class" | "id" => {
                if full {
                    read_name_tokens(value, scratch, &mut sig);
                } else {
                    sig.byline |= names_byline(value);
                }
            }
            _ => {}
        }
    }
    if sig.body || sig.positive {
        sig.boiler = false;
    }
    sig
}

/// Whether a class or id names a byline or author ("byline", "author-name", "c-Byline").
fn names_byline(value: &str) -> bool {
    ["byline", "Byline", "author", "Author"]
        .iter()
        .any(|n| value.contains(n))
}

/// Writes the ASCII-lower-cased characters of `value` that pass `keep` into `buf`.
fn lower_into(value: &str, buf: &mut String, keep: impl Fn(char) -> bool) {
    buf.clear();
    buf.extend(
        value
            .chars()
            .filter(|c| keep(*c))
            .map(|c| c.to_ascii_lowercase()),
    );
}

/// Reads class or id names. Within one name ("article-share-tools") a boilerplate token wins;
/// across names ("box article modal-enabled") an article name wins, as in readability.
fn read_name_tokens(attr: &str, scratch: &mut String, sig: &mut Signal<'_>) {
    sig.byline |= names_byline(attr);
    for word in attr.split_ascii_whitespace() {
        // Compound names first: "article-body", "story_body", "entry-content", ...
        lower_into(word, scratch, |c| c.is_ascii_alphanumeric());
        if scratch.len() >= 8
            && BODY_MATCHER
                .as_ref()
                .is_some_and(|m| m.is_match(scratch.as_str()))
        {
            sig.body = true;
        }
        let (mut boiler, mut positive) = (false, false);
        for token in word
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty() && t.len() <= 24)
        {
            lower_into(token, scratch, |_| true);
            let token = scratch.as_str();
            boiler |= is_boiler_exact(token) || has_boiler_prefix(token);
            positive |= matches!(
                token,
                "article" | "story" | "entry" | "post" | "body" | "content" | "text" | "main"
            );
        }
        sig.boiler |= boiler;
        sig.positive |= positive && !boiler;
    }
}

fn is_boiler_exact(token: &str) -> bool {
    matches!(
        token,
        "ad" | "ads"
            | "adv"
            | "dfp"
            | "tags"
            | "tag"
            | "nav"
            | "menu"
            | "meta"
            | "bio"
            | "more"
            | "most"
            | "rail"
            | "skip"
            | "print"
            | "hide"
            | "hidden"
            | "sronly"
            | "sr"
            | "caption"
            | "credit"
            | "credits"
            | "date"
            | "dateline"
            | "timestamp"
            | "toolbar"
            | "masthead"
            | "banner"
            | "footer"
            | "header"
            | "byline"
            | "author"
            | "authors"
            | "contributor"
            | "topics"
            | "keywords"
            | "pagination"
            | "pager"
            | "sticky"
    )
}

fn has_boiler_prefix(token: &str) -> bool {
    BOILER_PREFIX_MATCHER
        .as_ref()
        .is_some_and(|m| m.is_match(Input::new(token).anchored(Anchored::Yes)))
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
    "fieldnamebody",
];

const BOILER_PREFIX: &[&str] = &[
    "share",
    "sharing",
    "related",
    "newsletter",
    "subscri",
    "promo",
    "advert",
    "adslot",
    "adunit",
    "comment",
    "breadcrumb",
    "navbar",
    "navigation",
    "sidebar",
    "widget",
    "modal",
    "popup",
    "cookie",
    "consent",
    "outbrain",
    "taboola",
    "recommend",
    "sponsor",
    "signup",
    "trending",
    "popular",
    "mostread",
    "follow",
    "login",
    "disqus",
    "gdpr",
    "visuallyhidden",
    "offscreen",
    "newsfeed",
    "readmore",
    "readnext",
    "upnext",
    "nextup",
];

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
