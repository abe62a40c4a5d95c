//! Choosing the element that holds the article.
//!
//! Each candidate container is scored by how much prose it holds against how much other text
//! comes with it: `prose - penalty * other`. The smallest element that still gathers nearly all
//! of the article's paragraphs wins, because adding a sidebar or a footer brings more "other"
//! than prose, and dropping a paragraph loses prose. Prose counts a little less for each level
//! of nesting below the candidate ([`Item::local_good`]), so a wrapper gathering many small
//! teaser boxes loses to the element whose paragraphs sit together. When the winner holds
//! several `<article>`s, the first is the page's own. Explicit body markup
//! (`itemprop=articleBody`, `class="article-body"`, ...) is preferred when it holds a fair share
//! of the best prose.

use crate::dom::{BLOCK, BODY, IN_BOILER, Item, POSITIVE};

/// Weight of non-prose text against prose when scoring a container.
const OTHER_PENALTY: f32 = 0.6;

/// Index of the best container in `items`, or `None` when the page has no prose at all.
pub(crate) fn best_container(items: &[Item<'_>]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (index, item) in items.iter().enumerate() {
        if !item.has(BLOCK) || item.good == 0 || item.has(IN_BOILER) {
            continue;
        }
        let score = container_score(item);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((index, score));
        }
    }
    let (best_index, _) = best?;
    let best_index = first_of_several_articles(items, best_index);
    let best_good = items.get(best_index).map_or(0, |i| i.good);
    Some(prefer_marked_body(items, best_index, best_good))
}

/// Share of the container's prose an `<article>` must hold to count as one of several.
const MIN_ARTICLE_SHARE: f32 = 0.15;

/// When the container holds several `<article>` elements with real prose each (the page's
/// story followed by the next ones of an endless scroll, or a blog's post list), the page's
/// own story is the first of them, unless that one is a much smaller teaser placed before it.
fn first_of_several_articles(items: &[Item<'_>], container: usize) -> usize {
    let Some(root) = items.get(container) else {
        return container;
    };
    let end = (root.end as usize).min(items.len());
    let min_good = (root.good as f32 * MIN_ARTICLE_SHARE) as u32;
    let mut found: Vec<usize> = Vec::new();
    let mut i = container + 1;
    while i < end {
        let Some(item) = items.get(i) else { break };
        if item.name() == Some("article") && item.good > min_good.max(1) {
            found.push(i);
            // Articles nested in this one are part of it.
            i = (item.end as usize).max(i + 1);
        } else {
            i += 1;
        }
    }
    if found.len() < 2 {
        return container;
    }
    let good_of = |i: &usize| items.get(*i).map_or(0, |item| item.good);
    let largest = found.iter().map(good_of).max().unwrap_or(0);
    found
        .into_iter()
        .find(|i| good_of(i) * 4 >= largest)
        .unwrap_or(container)
}

fn container_score(item: &Item<'_>) -> f32 {
    let good = item.local_good;
    let other = item.text.saturating_sub(item.good) as f32;
    let mut score = good - OTHER_PENALTY * other;
    if item.has(POSITIVE) {
        score *= 1.02;
    }
    score
}

/// When the page marks its body explicitly and that element (or the best container's
/// ancestor chain) holds most of the prose, trust the markup: it is usually more exact than
/// the statistics at the edges (lead paragraph, last line).
fn prefer_marked_body(items: &[Item<'_>], best_index: usize, best_good: u32) -> usize {
    let mut chosen: Option<(usize, u32)> = None;
    for (index, item) in items.iter().enumerate() {
        if !item.has(BODY) || item.has(IN_BOILER) {
            continue;
        }
        // A marked body must hold most of the prose the statistics found.
        if item.good * 10 < best_good * 8 {
            continue;
        }
        // ... and must not drag in much more than the best container.
        let other = item.text.saturating_sub(item.good);
        let best_other = items
            .get(best_index)
            .map_or(0, |i| i.text.saturating_sub(i.good));
        if other > best_other.saturating_mul(2).max(best_other + 400) {
            continue;
        }
        if chosen.is_none_or(|(_, g)| item.good > g) {
            chosen = Some((index, item.good));
        }
    }
    chosen.map_or(best_index, |(i, _)| i)
}
