//! Display labels for facet values, persisted atomically with each commit.
//!
//! Facet paths hold codes (`AZ`, `medtop:11000000`); responses also need the
//! names (`Azerbaijan`, `politics`). The names come from the articles' own tags,
//! are merged as articles are written, and are saved in the commit payload, so
//! they are exactly as durable as the documents that use them and need no
//! second file to keep in step.

use std::collections::BTreeMap;

use gazette_article::Article;
use serde::{Deserialize, Serialize};

use crate::schema::SCHEMA_VERSION;

/// What a topic code is called and where it sits in the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicInfo {
    pub label: String,
    /// The parent topic's code; `None` for a top-level topic.
    #[serde(default)]
    pub parent: Option<String>,
}

/// Code → label maps for countries and topics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    #[serde(default)]
    pub countries: BTreeMap<String, String>,
    #[serde(default)]
    pub topics: BTreeMap<String, TopicInfo>,
}

/// The commit payload: schema version plus labels.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Payload {
    pub schema_version: u32,
    #[serde(default)]
    pub labels: Labels,
}

impl Labels {
    /// Reads the labels from a commit payload; an absent payload (a new index)
    /// gives empty labels. Returns the payload's schema version too.
    pub(crate) fn from_payload(payload: Option<&str>) -> Result<(u32, Labels), serde_json::Error> {
        match payload {
            None => Ok((SCHEMA_VERSION, Labels::default())),
            Some(text) => {
                let payload: Payload = serde_json::from_str(text)?;
                Ok((payload.schema_version, payload.labels))
            }
        }
    }

    pub(crate) fn to_payload(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Payload {
            schema_version: SCHEMA_VERSION,
            labels: self.clone(),
        })
    }

    /// Records the names an article gives its countries and topics, with each
    /// topic's parent as resolved by [`crate::topics::topic_paths`].
    pub(crate) fn learn(&mut self, article: &Article, topic_paths: &[Vec<String>]) {
        for country in &article.countries {
            if !country.name.is_empty() {
                self.countries
                    .insert(country.code.to_ascii_uppercase(), country.name.clone());
            }
        }
        for path in topic_paths {
            for (depth, code) in path.iter().enumerate() {
                let label = article
                    .topics
                    .iter()
                    .find(|t| &t.code == code)
                    .map(|t| t.label.clone())
                    .filter(|l| !l.is_empty());
                let parent = depth.checked_sub(1).and_then(|p| path.get(p)).cloned();
                let entry = self.topics.entry(code.clone()).or_default();
                if let Some(label) = label {
                    entry.label = label;
                }
                if parent.is_some() {
                    entry.parent = parent;
                }
            }
        }
    }

    /// The name of a country code, or the code itself when none is known.
    pub fn country_label(&self, code: &str) -> String {
        self.countries
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The label of a topic code, or the code itself when none is known.
    pub fn topic_label(&self, code: &str) -> String {
        self.topics
            .get(code)
            .map(|t| t.label.clone())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| code.to_string())
    }

    /// The country code whose code or name is `name` (case-insensitive).
    pub fn country_code(&self, name: &str) -> Option<String> {
        let wanted = name.trim();
        self.countries
            .iter()
            .find(|(code, label)| {
                code.eq_ignore_ascii_case(wanted) || label.eq_ignore_ascii_case(wanted)
            })
            .map(|(code, _)| code.clone())
    }

    /// The topic code whose code or label is `name` (case-insensitive).
    pub fn topic_code(&self, name: &str) -> Option<String> {
        let wanted = name.trim();
        self.topics
            .iter()
            .find(|(code, info)| {
                code.eq_ignore_ascii_case(wanted) || info.label.eq_ignore_ascii_case(wanted)
            })
            .map(|(code, _)| code.clone())
    }
}
