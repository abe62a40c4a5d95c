//! One pass over the parsed tree into a flat, pre-order arena with text statistics.
//!
//! Every later step (choosing the article container, rendering it, reading metadata) works on
//! this arena instead of walking the DOM again: one iterative traversal builds it, one reverse
//! sweep sums subtree statistics. Nothing here recurses, so pathological nesting cannot
//! overflow the stack, and the cost stays linear in the size of the page.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use crate::classify::{self, Signal};
use crate::metadata::collect::Collected;
use crate::text;

/// Element flag: starts a paragraph-level block.
pub(crate) const BLOCK: u16 = 1;
/// Element flag: its own attributes name boilerplate.
pub(crate) const BOILER: u16 = 1 << 1;
/// Element or text flag: inside an element whose attributes name boilerplate.
pub(crate) const IN_BOILER: u16 = 1 << 2;
/// Element flag: its own attributes name the article (weak signal).
pub(crate) const POSITIVE: u16 = 1 << 3;
/// Element flag: explicitly marked as the article body.
pub(crate) const BODY: u16 = 1 << 4;
/// Text flag: inside a link.
pub(crate) const IN_LINK: u16 = 1 << 5;
/// Element or text flag: inside page furniture (nav, aside, footer, form, figure, header).
pub(crate) const IN_FURNITURE: u16 = 1 << 6;
/// Element flag: has an explicitly marked article body in its subtree (itself included).
const HAS_BODY: u16 = 1 << 7;

/// A boilerplate-named element holding more than this share of the page's text, or of its
/// prose, is a wrapper with an unlucky class (`menu-type-dropdown` on `<body>`,
/// `content-with-sidebar`), not furniture.
const MAX_BOILER_SHARE: f32 = 0.5;

/// Prose (visible characters) below which a boilerplate-named box is believed whatever its
/// share: on a page with little text, a contact box can hold half of it.
const MIN_WRAPPER_PROSE: u32 = 1500;

/// Discount per level of nesting for [`Item::local_good`].
const NESTING_DECAY: f32 = 0.9;

/// What an arena slot holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind<'a> {
    Element { name: &'a str, el: &'a Element },
    Text(&'a str),
}

/// One element or text node with the statistics the scorers need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub kind: Kind<'a>,
    /// Index of the enclosing element (`u32::MAX` for the top).
    pub parent: u32,
    /// One past the last index of this item's subtree.
    pub end: u32,
    pub flags: u16,
    /// Visible characters in the subtree.
    pub text: u32,
    /// Visible characters inside links in the subtree.
    pub link: u32,
    /// Visible characters directly in this block (not in nested blocks); blocks only.
    pub inline_text: u32,
    /// Of `inline_text`, how much is inside links.
    pub inline_link: u32,
    /// Commas in `inline_text`.
    pub commas: u32,
    /// Visible characters of prose-like blocks in the subtree (see [`is_prose`]), leaving out
    /// boilerplate-named elements.
    pub good: u32,
    /// Like `good`, but counting boilerplate-named elements too.
    pub all_prose: u32,
    /// Like `good`, but each level of nesting below this element discounts the prose by
    /// [`NESTING_DECAY`]: prose spread over many separate boxes (teasers, link lists) counts
    /// less for a distant wrapper than paragraphs that sit together.
    pub local_good: f32,
}

impl<'a> Item<'a> {
    pub(crate) fn name(&self) -> Option<&'a str> {
        match self.kind {
            Kind::Element { name, .. } => Some(name),
            Kind::Text(_) => None,
        }
    }

    pub(crate) fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// Share of the subtree's text that sits inside links.
    pub(crate) fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f32 / self.text as f32
        }
    }
}

/// Whether a block's own text reads like article prose rather than navigation or labels.
pub(crate) fn is_prose(item: &Item<'_>) -> bool {
    let own = item.inline_text;
    if own < 25 || item.inline_link * 10 > own * 4 {
        return false;
    }
    own >= 80 || item.commas > 0 || matches!(item.name(), Some("p" | "blockquote" | "pre"))
}

/// The arena and the metadata seen along the way.
pub(crate) struct Page<'a> {
    pub items: Vec<Item<'a>>,
    pub meta: Collected<'a>,
}

struct Frame {
    index: u32,
    block: u32,
    flags: u16,
}

/// Builds the arena for a parsed document in one traversal.
pub(crate) fn build(html: &Html) -> Page<'_> {
    let mut items: Vec<Item<'_>> = Vec::with_capacity(1024);
    let mut meta = Collected::default();
    let mut stack: Vec<Frame> = Vec::with_capacity(64);
    let mut skip_depth: u32 = 0;
    let mut scratch = String::with_capacity(64);
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 {
                        meta.visit(node, el, el.attr("itemprop"), false);
                        skip_depth += 1;
                        continue;
                    }
                    let name = el.name();
                    let sig = classify::signal(el, classify::is_block_tag(name), &mut scratch);
                    meta.visit(node, el, sig.itemprop, sig.byline);
                    if classify::is_skipped_tag(name) || sig.hidden {
                        skip_depth = 1;
                        continue;
                    }
                    open_element(&mut items, &mut stack, name, el, sig);
                }
                Node::Text(t) if skip_depth == 0 => push_text(&mut items, &stack, t),
                _ => {}
            },
            Edge::Close(node) => {
                if !node.value().is_element() {
                    continue;
                }
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if let Some(frame) = stack.pop() {
                    let end = len_u32(&items);
                    if let Some(item) = items.get_mut(frame.index as usize) {
                        item.end = end;
                    }
                }
            }
        }
    }
    sum_subtrees(&mut items);
    Page { items, meta }
}

fn len_u32<T>(v: &[T]) -> u32 {
    u32::try_from(v.len()).unwrap_or(u32::MAX)
}

fn open_element<'a>(
    items: &mut Vec<Item<'a>>,
    stack: &mut Vec<Frame>,
    name: &'a str,
    el: &'a Element,
    sig: Signal<'_>,
) {
    let index = len_u32(items);
    let parent = stack.last();
    let inherited = parent.map_or(0, |f| f.flags & (IN_LINK | IN_FURNITURE));
    let mut flags = inherited;
    if classify::is_block_tag(name) {
        flags |= BLOCK;
    }
    if sig.boiler && !matches!(name, "html" | "body" | "main" | "article") {
        flags |= BOILER;
    }
    if sig.positive {
        flags |= POSITIVE;
    }
    if sig.body {
        flags |= BODY | HAS_BODY;
    }
    if name == "a" {
        flags |= IN_LINK;
    }
    if classify::is_furniture_tag(name) {
        flags |= IN_FURNITURE;
    }
    let block = if flags & BLOCK != 0 {
        index
    } else {
        parent.map_or(index, |f| f.block)
    };
    items.push(Item {
        kind: Kind::Element { name, el },
        parent: parent.map_or(u32::MAX, |f| f.index),
        end: index + 1,
        flags,
        text: 0,
        link: 0,
        inline_text: 0,
        inline_link: 0,
        commas: 0,
        good: 0,
        all_prose: 0,
        local_good: 0.0,
    });
    stack.push(Frame {
        index,
        block,
        flags,
    });
}

fn push_text<'a>(items: &mut Vec<Item<'a>>, stack: &[Frame], t: &'a scraper::node::Text) {
    let Some(frame) = stack.last() else { return };
    let content: &'a str = t;
    let (len, commas) = text::measure(content);
    let in_link = frame.flags & IN_LINK != 0;
    let index = len_u32(items);
    items.push(Item {
        kind: Kind::Text(content),
        parent: frame.index,
        end: index + 1,
        flags: frame.flags & (IN_LINK | IN_FURNITURE),
        text: len,
        link: if in_link { len } else { 0 },
        inline_text: 0,
        inline_link: 0,
        commas: 0,
        good: 0,
        all_prose: 0,
        local_good: 0.0,
    });
    if len == 0 {
        return;
    }
    if let Some(block) = items.get_mut(frame.block as usize) {
        block.inline_text += len;
        block.commas += commas;
        if in_link {
            block.inline_link += len;
        }
    }
}

/// Adds every item's text and link counts into its ancestors (children come after their
/// parent in pre-order, so one reverse sweep suffices), then settles which boilerplate names
/// to believe, then sums prose counts, which must leave boilerplate out.
fn sum_subtrees(items: &mut [Item<'_>]) {
    for i in (0..items.len()).rev() {
        let Some(mut item) = items.get(i).copied() else {
            continue;
        };
        if item.has(BLOCK) && is_prose(&item) {
            item.all_prose += item.inline_text;
            if let Some(slot) = items.get_mut(i) {
                slot.all_prose = item.all_prose;
            }
        }
        if let Some(parent) = items.get_mut(item.parent as usize) {
            parent.text += item.text;
            parent.link += item.link;
            parent.all_prose += item.all_prose;
            parent.flags |= item.flags & HAS_BODY;
        }
    }
    let page_text = items.first().map_or(0, |i| i.text) as f32;
    let page_prose = items.first().map_or(0, |i| i.all_prose) as f32;
    for i in 0..items.len() {
        let Some(item) = items.get(i).copied() else {
            continue;
        };
        let inherited = items
            .get(item.parent as usize)
            .map_or(0, |p| p.flags & IN_BOILER);
        let believable = item.has(BOILER)
            && !item.has(HAS_BODY)
            && (item.text as f32) <= MAX_BOILER_SHARE * page_text
            && (item.all_prose < MIN_WRAPPER_PROSE
                || (item.all_prose as f32) <= MAX_BOILER_SHARE * page_prose);
        if let Some(slot) = items.get_mut(i) {
            slot.flags |= inherited;
            if believable {
                slot.flags |= IN_BOILER;
            } else {
                slot.flags &= !BOILER;
            }
        }
    }
    for i in (0..items.len()).rev() {
        let Some(item) = items.get(i).copied() else {
            continue;
        };
        let own_good = if item.has(BLOCK) && !item.has(IN_BOILER) && is_prose(&item) {
            item.inline_text
        } else {
            0
        };
        let good = item.good + own_good;
        let local = item.local_good + own_good as f32;
        if let Some(slot) = items.get_mut(i) {
            slot.good = good;
            slot.local_good = local;
        }
        if let Some(parent) = items.get_mut(item.parent as usize) {
            parent.good += good;
            parent.local_good += NESTING_DECAY * local;
        }
    }
}
