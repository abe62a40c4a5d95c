//! Quickwit's documented doc-mapping rules as checks, for tests of `gazette export quickwit`.
//!
//! Sources: <https://quickwit.io/docs/configuration/index-config> (index id, field
//! types, options per type, tokenizers, field name rule, timestamp field) and
//! <https://quickwit.io/docs/reference/rest-api> (ingest). The config is read as plain
//! YAML (not through gazette's own structs), so the checks are independent of the
//! code that writes it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A field mapping by field name.
pub type Fields = BTreeMap<String, Map<String, Value>>;

/// Quickwit's raw field types (<https://quickwit.io/docs/configuration/index-config>, "Field types").
const RAW_TYPES: [&str; 9] = [
    "text", "i64", "u64", "f64", "bool", "datetime", "ip", "bytes", "json",
];
const TOKENIZERS: [&str; 7] = [
    "raw",
    "raw_lowercase",
    "default",
    "en_stem",
    "whitespace",
    "chinese_compatible",
    "lowercase",
];

fn regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a valid pattern")
}

fn keys_within(object: &Map<String, Value>, allowed: &[&str], what: &str) {
    for key in object.keys() {
        assert!(allowed.contains(&key.as_str()), "{what}: unknown key {key}");
    }
}

/// Checks the config against Quickwit's doc-mapping rules; returns the fields by name.
pub fn validate_index_config(config: &Value) -> Fields {
    let root = config.as_object().expect("the config is a mapping");
    keys_within(
        root,
        &[
            "version",
            "index_id",
            "index_uri",
            "doc_mapping",
            "indexing_settings",
            "search_settings",
            "retention",
        ],
        "config",
    );
    let version = root["version"].as_str().expect("version is a string");
    assert!(
        ["0.7", "0.8", "0.9"].contains(&version),
        "version {version}"
    );
    let index_id = root["index_id"].as_str().expect("index_id");
    assert!(
        regex(r"^[a-zA-Z][a-zA-Z0-9-_\.]{2,254}$").is_match(index_id),
        "index_id {index_id}"
    );

    let mapping = root["doc_mapping"].as_object().expect("doc_mapping");
    keys_within(
        mapping,
        &[
            "mode",
            "field_mappings",
            "timestamp_field",
            "tag_fields",
            "store_source",
            "dynamic_mapping",
            "partition_key",
            "max_num_partitions",
            "index_field_presence",
            "tokenizers",
        ],
        "doc_mapping",
    );
    let mode = mapping["mode"].as_str().expect("mode");
    assert!(
        ["lenient", "strict", "dynamic"].contains(&mode),
        "mode {mode}"
    );
    assert!(mode == "dynamic" || !mapping.contains_key("dynamic_mapping"));

    let name_rule = regex(r"^[@$_\-a-zA-Z][@$_/\.\-a-zA-Z0-9]{0,254}$");
    let mut fields = BTreeMap::new();
    for field in mapping["field_mappings"]
        .as_array()
        .expect("field_mappings")
    {
        let field = field
            .as_object()
            .expect("a field mapping is a mapping")
            .clone();
        let name = field["name"].as_str().expect("name").to_owned();
        assert!(name_rule.is_match(&name), "field name {name}");
        assert!(!["_source", "_dynamic", "_field_presence"].contains(&name.as_str()));
        let field_type = field["type"].as_str().expect("type");
        let inner = field_type
            .strip_prefix("array<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(field_type);
        assert!(
            RAW_TYPES.contains(&inner),
            "{name}: type {field_type} (arrays of objects are not allowed)"
        );
        let common = ["name", "type", "description", "stored", "indexed", "fast"];
        let specific: &[&str] = match inner {
            "text" => &["tokenizer", "record", "fieldnorms"],
            "datetime" => &["input_formats", "output_format", "fast_precision"],
            _ => &[],
        };
        keys_within(&field, &[&common[..], specific].concat(), &name);
        if let Some(tokenizer) = field.get("tokenizer") {
            assert!(
                TOKENIZERS.contains(&tokenizer.as_str().unwrap_or("")),
                "{name}: tokenizer"
            );
        }
        if let Some(record) = field.get("record") {
            assert!(["basic", "freq", "position"].contains(&record.as_str().unwrap_or("")));
        }
        for format in field
            .get("input_formats")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let format = format.as_str().expect("a format is a string");
            assert!(
                ["iso8601", "rfc2822", "rfc3339", "unix_timestamp"].contains(&format)
                    || format.contains('%')
            );
        }
        if let Some(precision) = field.get("fast_precision") {
            assert!(
                ["seconds", "milliseconds", "microseconds", "nanoseconds"]
                    .contains(&precision.as_str().unwrap_or(""))
            );
        }
        assert!(
            fields.insert(name.clone(), field).is_none(),
            "{name} is mapped twice"
        );
    }

    let timestamp = mapping["timestamp_field"]
        .as_str()
        .expect("timestamp_field");
    let field = &fields[timestamp];
    assert_eq!(
        field["type"], "datetime",
        "the timestamp field is a single datetime"
    );
    assert_eq!(field["fast"], true, "the timestamp field is fast");
    let search = root["search_settings"]["default_search_fields"]
        .as_array()
        .expect("default_search_fields");
    assert!(!search.is_empty());
    for name in search {
        let field = &fields[name.as_str().expect("a field name")];
        assert!(
            field["type"].as_str().is_some_and(|t| t.ends_with("text")),
            "{name} is text"
        );
        assert_ne!(
            field.get("indexed"),
            Some(&Value::Bool(false)),
            "{name} is indexed"
        );
    }
    fields
}

/// Checks one document as Quickwit's strict mode would; returns its id.
pub fn validate_document(line: &str, fields: &Fields, timestamp: &str) -> String {
    let doc: Value = serde_json::from_str(line).expect("each line is JSON");
    let doc = doc.as_object().expect("each line is an object");
    for (key, value) in doc {
        let field = fields
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not mapped"));
        let field_type = field["type"].as_str().expect("type");
        let (values, inner): (Vec<&Value>, &str) = match field_type.strip_prefix("array<") {
            Some(rest) => (
                value
                    .as_array()
                    .unwrap_or_else(|| panic!("{key} must be an array"))
                    .iter()
                    .collect(),
                rest.trim_end_matches('>'),
            ),
            None => (vec![value], field_type),
        };
        for value in values {
            match inner {
                "text" => assert!(value.is_string(), "{key}: {value} is not a string"),
                "bool" => assert!(value.is_boolean(), "{key}: {value} is not a bool"),
                "datetime" => {
                    let text = value
                        .as_str()
                        .unwrap_or_else(|| panic!("{key}: not a date string"));
                    chrono::DateTime::parse_from_rfc3339(text)
                        .unwrap_or_else(|e| panic!("{key}: {text}: {e}"));
                }
                other => panic!("{key}: the export does not write {other} fields"),
            }
        }
    }
    assert!(
        doc.contains_key(timestamp),
        "Quickwit rejects a document without its timestamp field"
    );
    doc["id"].as_str().expect("id").to_owned()
}
