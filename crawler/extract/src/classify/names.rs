//! Class and id names: the vocabulary CMS themes use for boilerplate and for the body.
//!
//! Boilerplate is recognised from words like "share", "related", "newsletter", "comment",
//! matched on whole tokens of a name so that, e.g., `shadow` is not mistaken for `ad`.
//! Within one name ("article-share-tools") a boilerplate token wins; across names
//! ("box article modal-enabled") an article name wins, as in readability. Body names
//! ("article-body", "entry_content", "field--name-body") are matched with any separator.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::Signal;

/// Names of the element holding the body text, as word sequences; any separator (or none)
/// may join the words.
const BODY_NAMES: &[&[&str]] = &[
    &["article", "body"],
    &["article", "content"],
    &["article", "text"],
    &["story", "body"],
    &["story", "content"],
    &["story", "text"],
    &["entry", "content"],
    &["post", "content"],
    &["post", "body"],
    &["content", "body"],
    &["body", "text"],
    &["rich", "text"],
    &["field", "name", "body"],
];

/// Separators that may join the words of a body name.
const SEPARATORS: [&str; 5] = ["", "-", "_", "--", "__"];

/// Every spelling of [`BODY_NAMES`] with the usual separators, then the byline names: one
/// automaton, so a class is scanned once for both.
static NAME_MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    for words in BODY_NAMES {
        for sep in SEPARATORS {
            patterns.push(words.join(sep));
        }
    }
    patterns.extend(BYLINE_NAMES.iter().map(|n| (*n).to_owned()));
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .ok()
});

/// Patterns of [`NAME_MATCHER`] below this index are body names.
const BODY_PATTERNS: usize = BODY_NAMES.len() * SEPARATORS.len();

/// Class and id words that mark a byline.
const BYLINE_NAMES: [&str; 2] = ["byline", "author"];

/// Byline names, anywhere in a class or id.
static BYLINE_MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(BYLINE_NAMES)
        .ok()
});

/// Boilerplate prefixes, matched at the start of a token.
static BOILER_PREFIX_MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .start_kind(StartKind::Anchored)
        .build(BOILER_PREFIX)
        .ok()
});

/// Whether a class or id names a byline or author ("byline", "author-name", "c-Byline").
pub(super) fn names_byline(value: &str) -> bool {
    BYLINE_MATCHER.as_ref().is_some_and(|m| m.is_match(value))
}

/// Reads a class or id attribute into `sig`; `scratch` is a reusable buffer.
pub(super) fn read(attr: &str, scratch: &mut String, sig: &mut Signal<'_>) {
    if let Some(matcher) = NAME_MATCHER.as_ref() {
        for found in matcher.find_iter(attr) {
            if found.pattern().as_usize() < BODY_PATTERNS {
                sig.body = true;
            } else {
                sig.byline = true;
            }
        }
    }
    scratch.clear();
    scratch.extend(attr.chars().map(|c| c.to_ascii_lowercase()));
    for word in scratch.split_ascii_whitespace() {
        let (mut boiler, mut positive) = (false, false);
        for token in word
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty() && t.len() <= 24)
        {
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
