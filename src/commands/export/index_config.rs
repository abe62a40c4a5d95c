//! The Quickwit index config that `gazette export quickwit` writes, as serde structs.
//!
//! The field list is the contract with [`super::document`]: every key an exported
//! document carries is declared here, and `mode: strict` makes Quickwit reject a
//! document with any other key, so a drift between the two shows up as rejected
//! documents rather than silently unsearchable fields (a unit test below checks
//! the two agree). Choices, following Quickwit's doc-mapping rules
//! (<https://quickwit.io/docs/configuration/index-config>):
//!
//! - `title`, `text` and `quote_texts`: `en_stem` (English stemming as gazette
//!   does), positions recorded for phrase queries, field norms for BM25;
//! - facets (`countries`, `topics`, `experts`, `source`, `section`, `language`,
//!   `byline`): `raw` tokenizer and `fast: true`, so a filter is an exact term and
//!   a `terms` aggregation counts them like gazette's facets;
//! - `published_at`: the `timestamp_field`, which Quickwit requires in every
//!   document; undated articles carry their fetch date and `dated: false`.

use serde::{Deserialize, Serialize};

/// Index config file format version (Quickwit 0.9; 0.7 and 0.8 read it as their own).
pub const CONFIG_VERSION: &str = "0.9";
/// The field Quickwit shards splits by and `start_timestamp`/`end_timestamp` filter on.
pub const TIMESTAMP_FIELD: &str = "published_at";
/// Seconds before Quickwit commits ingested documents into a searchable split.
const COMMIT_TIMEOUT_SECS: u64 = 30;

/// A Quickwit index config (the YAML given to `quickwit index create`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexConfig {
    pub version: String,
    pub index_id: String,
    pub doc_mapping: DocMapping,
    pub indexing_settings: IndexingSettings,
    pub search_settings: SearchSettings,
}

/// How documents are parsed, indexed and stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMapping {
    /// `strict`: a document with an undeclared key is rejected, not half-indexed.
    pub mode: String,
    pub field_mappings: Vec<FieldMapping>,
    pub timestamp_field: String,
    /// The documents are stored field by field; keeping the raw JSON too would double the docstore.
    pub store_source: bool,
}

/// One field of the doc mapping; unset options keep Quickwit's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldMapping {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenizer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fieldnorms: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_formats: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fast_precision: Option<String>,
    pub stored: bool,
    pub indexed: bool,
    pub fast: bool,
}

/// When ingested documents become searchable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexingSettings {
    pub commit_timeout_secs: u64,
}

/// What a query without a field name searches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchSettings {
    pub default_search_fields: Vec<String>,
}

impl FieldMapping {
    fn new(name: &str, field_type: &str, description: &str) -> Self {
        FieldMapping {
            name: name.to_owned(),
            field_type: field_type.to_owned(),
            description: description.to_owned(),
            tokenizer: None,
            record: None,
            fieldnorms: None,
            input_formats: None,
            output_format: None,
            fast_precision: None,
            stored: true,
            indexed: true,
            fast: false,
        }
    }

    /// Full text: English stemming, positions for phrases, norms for BM25.
    fn prose(name: &str, field_type: &str, description: &str) -> Self {
        FieldMapping {
            tokenizer: Some("en_stem".into()),
            record: Some("position".into()),
            fieldnorms: Some(true),
            ..FieldMapping::new(name, field_type, description)
        }
    }

    /// An exact value (`raw` tokenizer); `fast` when it is a facet to aggregate on.
    fn exact(name: &str, field_type: &str, description: &str, fast: bool) -> Self {
        FieldMapping {
            tokenizer: Some("raw".into()),
            fast,
            ..FieldMapping::new(name, field_type, description)
        }
    }

    /// Words of a short label, searchable but not aggregated.
    fn words(name: &str, field_type: &str, description: &str) -> Self {
        FieldMapping {
            tokenizer: Some("default".into()),
            ..FieldMapping::new(name, field_type, description)
        }
    }

    /// An RFC 3339 datetime, stored to the second.
    fn datetime(name: &str, description: &str, fast: bool) -> Self {
        FieldMapping {
            input_formats: Some(vec!["rfc3339".into(), "unix_timestamp".into()]),
            output_format: Some("rfc3339".into()),
            fast_precision: fast.then(|| "seconds".into()),
            fast,
            ..FieldMapping::new(name, "datetime", description)
        }
    }
}

/// The index config for gazette's articles under `index_id`.
///
/// ```
/// let config = index_config("gazette");
/// assert_eq!(config.doc_mapping.timestamp_field, "published_at");
/// ```
pub fn index_config(index_id: &str) -> IndexConfig {
    let text = "text";
    let texts = "array<text>";
    let field_mappings = vec![
        FieldMapping::exact("id", text, "gazette's article id", false),
        FieldMapping::exact(
            "url",
            text,
            "URL the article was fetched from (exact; tokens over 255 bytes are not indexed)",
            false,
        ),
        FieldMapping::prose("title", text, "headline"),
        FieldMapping::prose(
            "text",
            text,
            "article body, paragraphs separated by blank lines",
        ),
        FieldMapping::datetime(
            TIMESTAMP_FIELD,
            "published date; the fetch date when the article gives none (then `dated` is false)",
            true,
        ),
        FieldMapping {
            fast: true,
            ..FieldMapping::new(
                "dated",
                "bool",
                "true when published_at is the article's own published date",
            )
        },
        FieldMapping::datetime(
            "fetched_at",
            "when gazette fetched or imported the article",
            false,
        ),
        FieldMapping::exact("source", text, "configured source name (facet)", true),
        FieldMapping::exact("site_name", text, "the publisher's own site name", false),
        FieldMapping::exact("section", text, "publisher's section (facet)", true),
        FieldMapping::exact(
            "language",
            text,
            "ISO 639-1 language of the body (facet)",
            true,
        ),
        FieldMapping::exact("byline", texts, "author names (facet)", true),
        FieldMapping::exact(
            "countries",
            texts,
            "ISO 3166-1 alpha-2 codes of the countries mentioned (facet)",
            true,
        ),
        FieldMapping::words(
            "country_names",
            texts,
            "English names of the countries mentioned",
        ),
        FieldMapping::exact(
            "topics",
            texts,
            "IPTC Media Topic qcodes, each with its ancestors (facet)",
            true,
        ),
        FieldMapping::words("topic_labels", texts, "English labels of the topics"),
        FieldMapping::exact(
            "experts",
            texts,
            "distinct people quoted, by their fullest name (facet)",
            true,
        ),
        FieldMapping::exact(
            "quote_speakers",
            texts,
            "speaker of each quote, in quote order",
            false,
        ),
        FieldMapping::words(
            "quote_affiliations",
            texts,
            "role or organisation of each quote's speaker, in quote order",
        ),
        FieldMapping::prose("quote_texts", texts, "the quoted words, in quote order"),
    ];
    IndexConfig {
        version: CONFIG_VERSION.into(),
        index_id: index_id.into(),
        doc_mapping: DocMapping {
            mode: "strict".into(),
            field_mappings,
            timestamp_field: TIMESTAMP_FIELD.into(),
            store_source: false,
        },
        indexing_settings: IndexingSettings {
            commit_timeout_secs: COMMIT_TIMEOUT_SECS,
        },
        search_settings: SearchSettings {
            default_search_fields: vec!["title".into(), "text".into()],
        },
    }
}

/// Why `index_id` is not a valid Quickwit index id, if it is not: ASCII letters,
/// digits, `-` and `_`, starting with a letter, 3 to 255 characters.
pub fn index_id_problem(index_id: &str) -> Option<String> {
    let starts_with_letter = index_id.starts_with(|c: char| c.is_ascii_alphabetic());
    let allowed = index_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let length = index_id.chars().count();
    if !starts_with_letter || !allowed || !(3..=255).contains(&length) {
        return Some(format!(
            "--index-id {index_id:?} is not a Quickwit index id: use 3 to 255 ASCII letters, \
             digits, `-` or `_`, starting with a letter"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_and_the_timestamp_is_a_fast_datetime() {
        let config = index_config("gazette");
        let fields = &config.doc_mapping.field_mappings;
        let mut names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), fields.len());
        let timestamp = fields
            .iter()
            .find(|f| f.name == config.doc_mapping.timestamp_field)
            .expect("the timestamp field is mapped");
        assert_eq!(timestamp.field_type, "datetime");
        assert!(timestamp.fast);
    }

    #[test]
    fn the_yaml_round_trips() {
        let config = index_config("news-archive");
        let yaml = yaml_serde::to_string(&config).expect("serialises");
        let back: IndexConfig = yaml_serde::from_str(&yaml).expect("parses");
        assert_eq!(back, config);
        assert!(yaml.contains("mode: strict"), "{yaml}");
    }

    #[test]
    fn index_ids_follow_quickwits_rule() {
        assert!(index_id_problem("gazette").is_none());
        assert!(index_id_problem("news_2026-q1").is_none());
        assert!(index_id_problem("ab").is_some());
        assert!(index_id_problem("1news").is_some());
        assert!(index_id_problem("news archive").is_some());
        assert!(index_id_problem(&"a".repeat(256)).is_some());
    }
}
