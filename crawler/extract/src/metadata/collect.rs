//! Raw metadata gathered during the single arena traversal ([`crate::dom::build`]).
//!
//! Collecting here, instead of running a CSS selector per field afterwards, keeps extraction
//! to one walk of the tree. Values are kept raw; the field modules decide what they mean.

use ego_tree::NodeRef;
use scraper::Node;
use scraper::node::Element;

use crate::text;

/// A `<meta>` tag: its lower-cased key (property, name, itemprop or http-equiv) and content.
#[derive(Debug, Clone)]
pub(crate) struct MetaTag<'a> {
    pub key: String,
    pub content: &'a str,
}

/// A `<time>` element or a date-bearing microdata value.
#[derive(Debug, Clone)]
pub(crate) struct TimeTag {
    /// The machine-readable value (`datetime`/`content`) or else the visible text.
    pub value: String,
    /// Whether the markup says this is the publication date (pubdate, itemprop, class).
    pub published: bool,
    /// Whether the markup says this is the modification date.
    pub modified: bool,
}

/// Everything the metadata extractors read, in document order.
#[derive(Debug, Default)]
pub(crate) struct Collected<'a> {
    pub metas: Vec<MetaTag<'a>>,
    /// `<link>` tags as (lower-cased rel, href).
    pub links: Vec<(String, &'a str)>,
    /// Bodies of `application/ld+json` scripts.
    pub json_ld: Vec<&'a str>,
    pub title: Option<String>,
    pub lang: Option<&'a str>,
    pub times: Vec<TimeTag>,
    /// Microdata `itemprop` values of interest, key lower-cased.
    pub itemprops: Vec<(String, String)>,
    /// Text of `<h1>` elements.
    pub h1: Vec<String>,
    /// Text of elements marked as a byline or author (class, id or `rel="author"`).
    pub bylines: Vec<String>,
}

/// Longest text kept from one element; metadata values are short.
const MAX_VALUE_CHARS: usize = 300;

const ITEMPROPS: &[&str] = &[
    "author",
    "creator",
    "headline",
    "datepublished",
    "datemodified",
    "articlesection",
    "name",
];

impl<'a> Collected<'a> {
    /// Records whatever this element contributes to the metadata.
    /// `itemprop` is the element's microdata property; `byline` says whether its attributes
    /// mark it as a byline or author name.
    pub(crate) fn visit(
        &mut self,
        node: NodeRef<'a, Node>,
        el: &'a Element,
        itemprop: Option<&str>,
        byline: bool,
    ) {
        match el.name() {
            "meta" => self.visit_meta(el),
            "link" => {
                if let (Some(rel), Some(href)) = (el.attr("rel"), el.attr("href")) {
                    self.links.push((rel.to_ascii_lowercase(), href));
                }
            }
            "script" => {
                let is_ld = el
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                if is_ld && let Some(Node::Text(body)) = node.first_child().map(|c| c.value()) {
                    self.json_ld.push(body);
                }
            }
            "title" if self.title.is_none() => self.title = Some(capped_text(node)),
            "html" => self.lang = el.attr("lang").or_else(|| el.attr("xml:lang")),
            "h1" => self.h1.push(capped_text(node)),
            "time" => self.visit_time(node, el),
            _ => {}
        }
        if let Some(prop) = itemprop {
            self.visit_itemprop(node, el, prop);
        }
        if byline {
            let value = capped_text(node);
            if !value.is_empty() {
                self.bylines.push(value);
            }
        }
    }

    fn visit_meta(&mut self, el: &'a Element) {
        let Some(content) = el.attr("content") else {
            return;
        };
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = el.attr(key_attr) {
                self.metas.push(MetaTag {
                    key: key.trim().to_ascii_lowercase(),
                    content,
                });
                return;
            }
        }
    }

    fn visit_time(&mut self, node: NodeRef<'a, Node>, el: &'a Element) {
        let value = el
            .attr("datetime")
            .map(str::to_owned)
            .unwrap_or_else(|| capped_text(node));
        if value.is_empty() {
            return;
        }
        let hints = [el.attr("class"), el.attr("itemprop"), el.attr("id")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let modified = hints.contains("modif") || hints.contains("updat");
        let published =
            el.attr("pubdate").is_some() || hints.contains("publish") || hints.contains("posted");
        self.times.push(TimeTag {
            value,
            published,
            modified,
        });
    }

    fn visit_itemprop(&mut self, node: NodeRef<'a, Node>, el: &'a Element, prop: &str) {
        for key in prop.split_whitespace() {
            let key = key.to_ascii_lowercase();
            if !ITEMPROPS.contains(&key.as_str()) {
                continue;
            }
            let value = el
                .attr("content")
                .or_else(|| el.attr("datetime"))
                .map(str::to_owned)
                .unwrap_or_else(|| capped_text(node));
            if value.is_empty() {
                continue;
            }
            if key == "datepublished" || key == "datemodified" {
                let published = key == "datepublished";
                self.times.push(TimeTag {
                    value: value.clone(),
                    published,
                    modified: !published,
                });
            }
            self.itemprops.push((key, value));
        }
    }

    /// The first `<meta>` content for any of `keys` (lower-case), in the order of `keys`.
    pub(crate) fn meta(&self, keys: &[&str]) -> Option<&'a str> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|m| m.key == *key && !m.content.trim().is_empty())
                .map(|m| m.content)
        })
    }

    /// The first microdata value for `key` (lower-case).
    pub(crate) fn itemprop(&self, key: &str) -> Option<&str> {
        self.itemprops
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Collapsed text of a subtree, stopping once [`MAX_VALUE_CHARS`] have been read. Text
/// nodes are kept apart by a space: a byline's name and date often sit in adjacent elements
/// with no whitespace between them ("Jane Doe</a><time>May 2").
fn capped_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for descendant in node.descendants() {
        if let Node::Text(t) = descendant.value() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            text::push_collapsed(&mut out, t);
            if out.len() > MAX_VALUE_CHARS {
                break;
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}
