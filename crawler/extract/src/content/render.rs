//! Turning the chosen container into paragraphs, leaving out the furniture inside it.
//!
//! The container's subtree is a contiguous range of the arena, so rendering is one forward
//! scan; a pruned element is skipped by jumping to its `end`. Paragraph breaks come from
//! block elements and from `<br>` pairs.

use crate::classify;
use crate::dom::{BLOCK, BOILER, IN_LINK, Item, Kind};
use crate::text;

/// One rendered paragraph with what the cleaning step needs to judge it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph {
    pub text: String,
    /// Visible characters.
    pub chars: u32,
    /// Visible characters inside links.
    pub link_chars: u32,
    /// Rendered from a heading element.
    pub heading: bool,
}

impl Paragraph {
    pub(crate) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// How strictly to prune inside the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pruning {
    /// Drop furniture tags, boilerplate-named elements and link lists.
    Strict,
    /// Only drop furniture tags: a fallback when strict pruning leaves too little.
    Lenient,
}

/// Renders the subtree rooted at `root` into paragraphs.
pub(crate) fn render(items: &[Item<'_>], root: usize, pruning: Pruning) -> Vec<Paragraph> {
    let Some(root_item) = items.get(root) else {
        return Vec::new();
    };
    let end = (root_item.end as usize).min(items.len());
    let mut out = Vec::new();
    let mut current = Paragraph::default();
    let mut open_blocks: Vec<(usize, &str)> = Vec::new();
    let mut i = root + 1;
    while i < end {
        while open_blocks.last().is_some_and(|(e, _)| *e <= i) {
            flush(&mut current, &mut out, &open_blocks);
            open_blocks.pop();
        }
        let Some(item) = items.get(i) else { break };
        match item.kind {
            Kind::Text(t) => {
                if item.text > 0 || !current.text.is_empty() {
                    text::push_collapsed(&mut current.text, t);
                }
                current.chars += item.text;
                if item.has(IN_LINK) {
                    current.link_chars += item.text;
                }
                i += 1;
            }
            Kind::Element { name } => {
                if prune(item, name, pruning) {
                    i = (item.end as usize).max(i + 1);
                    continue;
                }
                if name == "br" {
                    line_break(&mut current, &mut out, &open_blocks);
                } else if item.has(BLOCK) {
                    flush(&mut current, &mut out, &open_blocks);
                    open_blocks.push((item.end as usize, name));
                } else if matches!(name, "img") {
                    // Images carry no text; a separator keeps words apart.
                } else if !current.text.is_empty() && needs_space(name) {
                    current.text.push(' ');
                }
                i += 1;
            }
        }
    }
    flush(&mut current, &mut out, &open_blocks);
    out
}

fn prune(item: &Item<'_>, name: &str, pruning: Pruning) -> bool {
    if classify::is_furniture_tag(name) || name == "h1" {
        return true;
    }
    if pruning == Pruning::Lenient {
        return false;
    }
    if item.has(BOILER) {
        return true;
    }
    // Lists and boxes of links (related stories, tag clouds) inside the article.
    let is_container = matches!(
        name,
        "ul" | "ol" | "div" | "section" | "table" | "dl" | "li"
    );
    is_container && item.text > 0 && item.link_density() > 0.5
}

/// Inline elements that browsers render with visual separation from their neighbours.
fn needs_space(name: &str) -> bool {
    matches!(name, "td" | "th" | "label" | "cite" | "sup")
}

/// A `<br>` ends the line; two in a row end the paragraph.
fn line_break(current: &mut Paragraph, out: &mut Vec<Paragraph>, kinds: &[(usize, &str)]) {
    let trimmed = current.text.trim_end().len();
    current.text.truncate(trimmed);
    if current.text.ends_with('\n') {
        current.text.pop();
        flush(current, out, kinds);
    } else if !current.text.is_empty() {
        current.text.push('\n');
    }
}

fn flush(current: &mut Paragraph, out: &mut Vec<Paragraph>, kinds: &[(usize, &str)]) {
    let text = current.text.trim();
    if !text.is_empty() && current.chars > 0 {
        let paragraph = Paragraph {
            text: text.to_owned(),
            chars: current.chars,
            link_chars: current.link_chars,
            heading: kinds.iter().any(|(_, k)| classify::is_heading(k)),
        };
        out.push(paragraph);
    }
    *current = Paragraph::default();
}
