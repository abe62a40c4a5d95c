//! The parsed form of a query.

use chrono::NaiveDate;

/// A field a query term can name (`title:iran`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    Title,
    Text,
    Expert,
    Country,
    Topic,
    Source,
    Published,
}

impl QueryField {
    pub const NAMES: &'static str = "title, text, expert, country, topic, source, published";

    /// The field called `name` (case-insensitive; `date` is `published`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "title" => Some(QueryField::Title),
            "text" | "body" => Some(QueryField::Text),
            "expert" | "speaker" => Some(QueryField::Expert),
            "country" => Some(QueryField::Country),
            "topic" => Some(QueryField::Topic),
            "source" => Some(QueryField::Source),
            "published" | "date" => Some(QueryField::Published),
            _ => None,
        }
    }
}

/// A query tree. Leaves keep the byte position where they start, for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A bare word (may still analyse into several tokens, like `U.S.`).
    Word {
        text: String,
        field: Option<QueryField>,
    },
    /// `"…"`, with `~slop`.
    Phrase {
        text: String,
        slop: u32,
        field: Option<QueryField>,
    },
    /// `published:[from TO to]`, both ends inclusive days; `None` is open.
    DateRange {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// `-x` or `NOT x`.
    Not(Box<Node>),
    /// All of these (implicit or `AND`).
    And(Vec<Node>),
    /// Any of these (`OR`).
    Or(Vec<Node>),
}

impl Node {
    /// Leaves in the tree (a measure of query cost).
    pub fn leaf_count(&self) -> usize {
        match self {
            Node::Word { .. } | Node::Phrase { .. } | Node::DateRange { .. } => 1,
            Node::Not(inner) => inner.leaf_count(),
            Node::And(items) | Node::Or(items) => items.iter().map(Node::leaf_count).sum(),
        }
    }
}
