//! Main-content extraction: which part of the page is the article, and its clean text.
//!
//! The primary method scores containers by prose against other text ([`select`]), renders
//! the winner while pruning furniture ([`render`]) and cleans paragraph by paragraph
//! ([`clean`]). Fallbacks cover the cases where that yields too little: lenient pruning, the
//! publisher's own `articleBody` from JSON-LD, and finally the prose of the whole page.

mod clean;
mod render;
mod select;

use crate::dom::Item;
use render::{Paragraph, Pruning};

/// Below this many visible characters the primary method is considered to have failed.
const TOO_SHORT: u32 = 250;

/// The article body as paragraphs.
pub(crate) struct Body {
    pub paragraphs: Vec<String>,
}

/// Extracts the article body from the arena; `structured_body` is a JSON-LD `articleBody`.
pub(crate) fn extract(items: &[Item<'_>], structured_body: Option<&str>) -> Body {
    let mut paragraphs = match select::best_container(items) {
        Some(root) => {
            let strict = clean::clean(render::render(items, root, Pruning::Strict));
            if total_chars(&strict) >= TOO_SHORT {
                strict
            } else {
                let lenient = clean::clean(render::render(items, root, Pruning::Lenient));
                if total_chars(&lenient) > total_chars(&strict) {
                    lenient
                } else {
                    strict
                }
            }
        }
        None => Vec::new(),
    };
    if let Some(structured) = structured_body {
        let structured_chars = crate::text::visible_len(structured);
        if structured_chars > total_chars(&paragraphs).saturating_mul(2)
            && structured_chars >= TOO_SHORT
        {
            return Body {
                paragraphs: split_structured(structured),
            };
        }
    }
    if total_chars(&paragraphs) < TOO_SHORT && !items.is_empty() {
        let whole = clean::clean(render::render(items, 0, Pruning::Strict));
        if total_chars(&whole) > total_chars(&paragraphs) {
            paragraphs = whole;
        }
    }
    Body {
        paragraphs: paragraphs.into_iter().map(|p| p.text).collect(),
    }
}

fn total_chars(paragraphs: &[Paragraph]) -> u32 {
    paragraphs.iter().map(|p| p.chars).sum()
}

/// Splits a plain-text `articleBody` into paragraphs at line breaks.
fn split_structured(body: &str) -> Vec<String> {
    body.split('\n')
        .map(crate::text::collapse)
        .filter(|p| !p.is_empty())
        .collect()
}
