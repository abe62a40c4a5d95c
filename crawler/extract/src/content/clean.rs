//! Paragraph-level cleaning of the rendered container (the jusText idea, simplified).
//!
//! Pruning by markup leaves some furniture that only its words give away: "Advertisement",
//! "Read more", "Share this article", a lone link to another story, a heading with nothing
//! after it. These are judged one paragraph at a time, mostly at the edges of the article
//! where such leftovers gather.

use std::collections::HashSet;

use super::render::Paragraph;
use crate::text;

/// Drops furniture paragraphs and exact repeats; keeps order.
pub(crate) fn clean(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if is_furniture(&paragraph) {
            continue;
        }
        if paragraph.chars >= 20 && !seen.insert(paragraph.text.clone()) {
            continue;
        }
        kept.push(paragraph);
    }
    trim_tail(&mut kept);
    kept
}

fn is_furniture(p: &Paragraph) -> bool {
    let density = p.link_density();
    if density > 0.6 && (p.chars < 300 || density > 0.9) {
        return true;
    }
    if p.chars > 120 {
        return false;
    }
    let lower = p.text.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    BOILER_LINES.contains(&lower)
        || BOILER_STARTS.iter().any(|s| lower.starts_with(s))
        || is_caption_or_credit(lower)
        || is_byline_or_dateline(p, lower)
}

/// Photo captions and credits left in the body: "Protesters marched (Image: GETTY)",
/// "© Agency", "Image 2 of 5", and the agency reporting credits at the end of wire copy.
fn is_caption_or_credit(lower: &str) -> bool {
    if lower.ends_with("(image: getty") || lower.contains("(image: ") && lower.len() < 200 {
        return true;
    }
    if lower.contains("getty images") && lower.len() < 120 {
        return true;
    }
    let counter = lower
        .strip_prefix("image ")
        .or_else(|| lower.strip_prefix("photo "))
        .unwrap_or(lower);
    let mut parts = counter.split(" of ");
    if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next())
        && !a.is_empty()
        && !b.is_empty()
        && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
    {
        return true;
    }
    lower.starts_with("reporting by")
        || lower.starts_with("additional reporting by")
        || lower.contains("contributed reporting")
        || lower.contains("contributed to this report")
}

/// "By Jane Doe", "November 12, 2018 | By:", "Updated 3:04 PM": the byline and dateline
/// repeated at the top of the body. Short, no sentence ending, and led by a byline word or
/// holding a date.
fn is_byline_or_dateline(p: &Paragraph, lower: &str) -> bool {
    // "— Jane Doe (@jdoe) May 2, 2020" closes an embedded post: part of the quote.
    if p.text.starts_with(['—', '–']) {
        return false;
    }
    if p.chars > 80
        || p.heading
        || text::ends_like_sentence(&p.text) && text::word_count(&p.text) > 6
    {
        return false;
    }
    let byline_start = [
        "by ",
        "by:",
        "written by",
        "posted by",
        "updated",
        "published",
        "posted on",
        "last updated",
    ]
    .iter()
    .any(|s| lower.starts_with(s));
    byline_start || crate::metadata::date::from_text(&p.text).is_some()
}

/// Headings and link-ish stubs left at the end of the article announce what follows it
/// (related stories, comments), not the article itself.
fn trim_tail(kept: &mut Vec<Paragraph>) {
    while let Some(last) = kept.last() {
        let stub = last.heading || (last.chars < 40 && !text::ends_like_sentence(&last.text));
        if stub && kept.len() > 1 {
            kept.pop();
        } else {
            break;
        }
    }
}

/// Whole paragraphs (lower-case, trimmed of punctuation) that are never article text.
const BOILER_LINES: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "continue reading the main story",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "comments",
    "related",
    "related articles",
    "related stories",
    "related content",
    "more on this story",
    "read more",
    "see also",
    "subscribe",
    "sign up",
    "image",
    "photo",
    "video",
    "listen",
    "loading",
    "skip to content",
    "skip advertisement",
    "supported by",
    "advert",
    "caption",
    "close",
    "more",
    "you may also like",
    "don't miss",
    "don’t miss",
    "recommended",
    "recommended for you",
    "most popular",
    "most read",
    "trending",
    "top stories",
    "latest news",
    "more stories",
    "this slideshow requires javascript",
];

/// Paragraph openings (lower-case) that mark furniture when the paragraph is short.
const BOILER_STARTS: &[&str] = &[
    "read more:",
    "read more about",
    "related:",
    "also read:",
    "recommended:",
    "sign up for",
    "sign up to",
    "subscribe to",
    "click here",
    "follow us on",
    "follow us:",
    "share this",
    "image:",
    "photo:",
    "image copyright",
    "image caption",
    "media caption",
    "getty images",
    "copyright ©",
    "© copyright",
    "all rights reserved",
    "this article was originally published",
];
