//! Paragraph-level cleaning of the rendered container (the jusText idea, simplified).
//!
//! Pruning by markup leaves some furniture that only its words give away: "Advertisement",
//! "Read more", "Share this article", a lone link to another story, a heading with nothing
//! after it. These are judged one paragraph at a time, mostly at the edges of the article
//! where such leftovers gather.

use std::collections::HashSet;

use super::render::{Paragraph, Rendered};
use crate::text;

/// Visible characters from which a repeated paragraph is taken for a rendering duplicate
/// (the same story block printed for mobile and desktop); shorter lines legitimately repeat
/// ("Buy now", a recipe's "1 tsp. olive oil", a tweet's attribution).
const MIN_DUPLICATE_CHARS: u32 = 200;

/// Drops furniture paragraphs, image captions that repeat an image's `alt` text, and long
/// exact repeats; keeps order.
pub(crate) fn clean(rendered: Rendered) -> Vec<Paragraph> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: Vec<Paragraph> = Vec::with_capacity(rendered.paragraphs.len());
    for paragraph in rendered.paragraphs {
        if is_furniture(&paragraph) || rendered.image_alts.contains(&paragraph.text) {
            continue;
        }
        if paragraph.chars >= MIN_DUPLICATE_CHARS && !seen.insert(paragraph.text.clone()) {
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
    let full_lower = p.text.to_lowercase();
    let lower = full_lower.trim_matches(|c: char| !c.is_alphanumeric());
    BOILER_LINES.contains(&lower)
        || BOILER_STARTS.iter().any(|s| lower.starts_with(s))
        || is_caption_or_credit(&full_lower)
        || is_byline_or_dateline(p, lower)
}

/// Photo captions and credits left in the body: "Protesters marched (Image: GETTY)",
/// "© Agency", "Image 2 of 5", and the agency reporting credits at the end of wire copy.
/// `lower` is the whole paragraph in lower case.
fn is_caption_or_credit(lower: &str) -> bool {
    let lower = lower.trim();
    if lower.contains("(image: ") && lower.len() < 200 {
        return true;
    }
    if lower.starts_with('©') || is_parenthesised_credit(lower) {
        return true;
    }
    let agency = ["getty images", "associated press", "ap photo"]
        .iter()
        .any(|a| lower.contains(a))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "reuters" | "afp" | "epa" | "shutterstock" | "getty"));
    if agency && lower.len() < 100 && !text::ends_like_sentence(lower) {
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
    let unbracketed = lower.trim_start_matches('(');
    unbracketed.starts_with("reporting by")
        || unbracketed.starts_with("additional reporting by")
        || lower.contains("contributed reporting")
        || lower.contains("contributed to this report")
}

/// A caption closing with its credit in brackets: "... of Titan. (NASA/JPL-Caltech/ASU)".
fn is_parenthesised_credit(lower: &str) -> bool {
    if lower.len() > 300 {
        return false;
    }
    let Some(open) = lower.rfind('(') else {
        return false;
    };
    let Some(group) = lower.get(open + 1..) else {
        return false;
    };
    let group = group.trim_end_matches(|c: char| c == ')' || c.is_whitespace());
    let slash_credit = group.contains('/') && !group.contains(char::is_whitespace);
    let named_credit = ["photo", "image", "credit", "getty", "reuters", "afp"]
        .iter()
        .any(|w| group.contains(w));
    // A caption precedes its bracketed credit; a line that is only a bracket is left alone.
    open > 0 && lower.trim_end().ends_with(')') && (slash_credit || named_credit)
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
    if ["min read", "minute read", "minutes read", "reading time"]
        .iter()
        .any(|r| lower.contains(r))
    {
        return true;
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

/// Headings, link-ish stubs and lists of story links left at the end of the article announce
/// what follows it (related stories, comments), not the article itself; so does the short
/// label ("More stories") that introduces such a list.
fn trim_tail(kept: &mut Vec<Paragraph>) {
    let mut trimmed_links = false;
    while kept.len() > 1 {
        let Some(last) = kept.last() else { break };
        let link_item = last.list_item && last.link_density() >= 0.25;
        let attribution = last.text.starts_with(['—', '–']);
        let stub = last.heading
            || (last.chars < 40 && last.link_density() > 0.3 && !attribution)
            || link_item
            || (trimmed_links && last.chars < 60 && !text::ends_like_sentence(&last.text));
        if !stub {
            break;
        }
        trimmed_links |= link_item;
        kept.pop();
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
];

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, link_chars: u32) -> Paragraph {
        let chars = crate::text::visible_len(text);
        Paragraph {
            text: text.to_owned(),
            chars,
            link_chars,
            heading: false,
            list_item: false,
        }
    }

    fn kept(paragraphs: Vec<Paragraph>) -> Vec<String> {
        clean(Rendered {
            paragraphs,
            image_alts: vec!["A crowd in the square".to_owned()],
        })
        .into_iter()
        .map(|p| p.text)
        .collect()
    }

    const PROSE: &str =
        "The minister said on Tuesday that the plan would go ahead, despite objections.";

    #[test]
    fn furniture_lines_are_dropped() {
        let out = kept(vec![
            para("By Jane Doe", 0),
            para("Updated March 3, 2021 10:00 AM", 0),
            para(PROSE, 0),
            para("Advertisement", 0),
            para("A crowd in the square", 0),
            para("Protesters marched through the city (Image: GETTY)", 0),
            para("Image 2 of 5", 0),
            para("Read the full story here", 24),
        ]);
        assert_eq!(out, [PROSE]);
    }

    #[test]
    fn embedded_post_attribution_is_kept() {
        let out = kept(vec![
            para(PROSE, 0),
            para("— Jane Doe (@jdoe) November 18, 2019", 17),
        ]);
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn trailing_link_list_and_its_label_are_trimmed() {
        let mut item = para("Could an astronaut use gravity to get around?", 15);
        item.list_item = true;
        let out = kept(vec![
            para(PROSE, 0),
            para("More Great Stories", 0),
            item.clone(),
            item,
        ]);
        assert_eq!(out, [PROSE]);
    }

    #[test]
    fn long_repeats_are_dropped_but_short_ones_kept() {
        let long = PROSE.repeat(4);
        let out = kept(vec![
            para(&long, 0),
            para("1 tsp. olive oil", 0),
            para(&long, 0),
            para("1 tsp. olive oil", 0),
        ]);
        assert_eq!(out, [long.as_str(), "1 tsp. olive oil", "1 tsp. olive oil"]);
    }

    #[test]
    fn plain_trailing_list_is_kept() {
        let mut item = para("England (Group A): 10th appearance", 0);
        item.list_item = true;
        let out = kept(vec![para(PROSE, 0), item]);
        assert_eq!(out.len(), 2);
    }
}
