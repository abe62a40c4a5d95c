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
    /// Rendered from a list item.
    pub list_item: bool,
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

/// The rendered container: its paragraphs, and the `alt` texts of its images (captions that
/// merely repeat them are furniture).
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub paragraphs: Vec<Paragraph>,
    pub image_alts: Vec<String>,
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
pub(crate) fn render(items: &[Item<'_>], root: usize, pruning: Pruning) -> Rendered {
    let Some(root_item) = items.get(root) else {
        return Rendered::default();
    };
    let mut image_alts = Vec::new();
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
            Kind::Element { name, el } => {
                if prune(item, name, pruning) {
                    i = (item.end as usize).max(i + 1);
                    continue;
                }
                if name == "br" {
                    line_break(&mut current, &mut out, &open_blocks);
                } else if item.has(BLOCK) {
                    flush(&mut current, &mut out, &open_blocks);
                    open_blocks.push((item.end as usize, name));
                } else if name == "img" {
                    if let Some(alt) = el.attr("alt").map(text::collapse).filter(|a| a.len() >= 10)
                    {
                        image_alts.push(alt);
                    }
                } else if !current.text.is_empty() && needs_space(name) {
                    current.text.push(' ');
                }
                i += 1;
            }
        }
    }
    flush(&mut current, &mut out, &open_blocks);
    Rendered {
        paragraphs: out,
        image_alts,
    }
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
    let trimmed = current.text.trim_end_matches(' ').len();
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
            list_item: kinds.iter().any(|(_, k)| *k == "li"),
        };
        out.push(paragraph);
    }
    *current = Paragraph::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom;

    fn render_body(html: &str, pruning: Pruning) -> Vec<(String, bool)> {
        let doc = scraper::Html::parse_document(html);
        let page = dom::build(&doc);
        let body = page
            .items
            .iter()
            .position(|i| i.name() == Some("body"))
            .unwrap_or(0);
        render(&page.items, body, pruning)
            .paragraphs
            .into_iter()
            .map(|p| (p.text, p.heading))
            .collect()
    }

    #[test]
    fn blocks_headings_and_double_breaks_make_paragraphs() {
        let out = render_body(
            "<body><div>One <b>bold</b> line<br>next line<br><br>new para</div><h2>Head</h2><p>Last</p></body>",
            Pruning::Strict,
        );
        let texts: Vec<&str> = out.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["One bold line\nnext line", "new para", "Head", "Last"]
        );
        assert!(out.get(2).is_some_and(|(_, heading)| *heading));
    }

    #[test]
    fn strict_pruning_drops_boilerplate_but_lenient_keeps_it() {
        let html = "<body><p>Kept text, long enough to outweigh the share box below it.</p>\
                    <div class=\"share-tools\">Share on Facebook</div></body>";
        assert_eq!(render_body(html, Pruning::Strict).len(), 1);
        assert_eq!(render_body(html, Pruning::Lenient).len(), 2);
    }

    #[test]
    fn furniture_tags_are_always_dropped() {
        let html = "<body><nav>Menu</nav><p>Text.</p><figure><figcaption>Caption</figcaption></figure></body>";
        assert_eq!(
            render_body(html, Pruning::Lenient),
            [("Text.".to_owned(), false)]
        );
    }
}
