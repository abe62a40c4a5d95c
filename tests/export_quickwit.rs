//! `gazette export quickwit DIR` end to end, through the real binary: the index
//! config is parsed as plain YAML and checked against Quickwit's documented
//! doc-mapping rules (<https://quickwit.io/docs/configuration/index-config>), and
//! every NDJSON line against that mapping, as Quickwit's `strict` mode would.

mod common;
mod quickwit_rules;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{Server, run_in};
use quickwit_rules::{validate_document, validate_index_config};
use serde_json::Value;

/// Hand-written articles: quotes, unicode, one undated; the fillers make several chunks.
const ARTICLES: &str = r#"{"id": "qw-quotes", "url": "https://wire.example/2025/03/baku", "title": "Baku hosts talks on a Caspian energy corridor", "text": "Azerbaijan hosted ministers from Georgia and Türkiye in Baku on Monday.\n\n\"The corridor would give Europe a second route for gas,\" said Leyla Mammadova, director of the Caspian Policy Institute.\n\n\"We are ready to sign,\" Mammadova added.", "published": "2025-03-03T09:00:00+02:00", "source": "Policy Wire", "byline": ["Anna Petrova"], "section": "energy", "language": "en"}
{"id": "qw-unicode", "title": "São Paulo und Zürich: Städte im Klimawandel — 気候", "text": "Brazil and Switzerland compared city climate plans in São Paulo and Zürich on Tuesday. Ünal Özdemir noted the plans differ.", "published": "2024-11-15", "source": "Other Wire"}
{"id": "qw-undated", "title": "Kenya weighs a new border trade pact", "text": "Kenya and Ethiopia discussed a border trade agreement in Nairobi, cutting tariffs on farm goods.", "source": "Policy Wire"}
"#;

/// Filler articles of about 1.3 KB each, so a 4 KB chunk limit cuts several files.
const FILLERS: usize = 8;
const CHUNK_BYTES: u64 = 4096;

const FACETS: [&str; 7] = [
    "countries",
    "topics",
    "experts",
    "source",
    "section",
    "language",
    "byline",
];

fn archive() -> String {
    let mut lines = ARTICLES.to_owned();
    let paragraph = "Parliament debated the budget for regional transport, schools and hospitals. ";
    for n in 0..FILLERS {
        let record = serde_json::json!({
            "id": format!("qw-filler-{n}"),
            "title": format!("Budget debate, day {n}"),
            "text": paragraph.repeat(16),
            "published": format!("2025-01-{:02}", n + 1),
            "source": "Policy Wire",
        });
        lines.push_str(&format!("{record}\n"));
    }
    lines
}

fn assert_ok(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A work dir holding an imported archive under `data/`.
fn imported() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    let file = work.path().join("archive.jsonl");
    std::fs::write(&file, archive()).expect("write the archive");
    let file = file.to_str().expect("utf-8 path");
    assert_ok(
        &run_in(
            work.path(),
            &["--data-dir", "data", "import", "--jsonl", file],
        ),
        "import",
    );
    work
}

fn export(work: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--data-dir", "data", "export", "quickwit"];
    args.extend_from_slice(extra);
    run_in(work, &args)
}

#[test]
fn export_writes_a_valid_quickwit_config_and_documents_that_match_it() {
    let work = imported();
    let chunk_bytes = CHUNK_BYTES.to_string();
    let output = export(
        work.path(),
        &[
            "out",
            "--index-id",
            "policy-news",
            "--chunk-bytes",
            &chunk_bytes,
        ],
    );
    assert_ok(&output, "export");
    let out = work.path().join("out");

    let yaml =
        std::fs::read_to_string(out.join("gazette-index.yaml")).expect("the config is written");
    let config: Value = yaml_serde::from_str(&yaml).expect("the config is YAML");
    assert_eq!(config["index_id"], "policy-news");
    assert_eq!(config["doc_mapping"]["mode"], "strict");
    let fields = validate_index_config(&config);
    for facet in FACETS {
        assert_eq!(fields[facet]["tokenizer"], "raw", "{facet}");
        assert_eq!(fields[facet]["fast"], true, "{facet}");
    }
    for prose in ["title", "text"] {
        assert_eq!(
            fields[prose]["record"], "position",
            "{prose} allows phrase queries"
        );
    }
    let timestamp = config["doc_mapping"]["timestamp_field"]
        .as_str()
        .expect("timestamp field");
    assert_eq!(timestamp, "published_at");

    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ndjson"))
        .collect();
    names.sort();
    assert!(
        names.len() > 1,
        "{FILLERS} fillers over {CHUNK_BYTES} bytes make several chunks: {names:?}"
    );
    let readme = std::fs::read_to_string(out.join("README.txt")).expect("README.txt");
    let mut documents = BTreeMap::new();
    for (number, name) in names.iter().enumerate() {
        assert_eq!(name, &format!("articles-{:05}.ndjson", number + 1));
        assert!(readme.contains(&format!("--input-path {name}")), "{readme}");
        let body = std::fs::read_to_string(out.join(name)).expect("readable chunk");
        assert!(
            body.len() as u64 <= CHUNK_BYTES,
            "{name} is {} bytes",
            body.len()
        );
        for line in body.lines() {
            let id = validate_document(line, &fields, timestamp);
            let doc: Value = serde_json::from_str(line).expect("JSON");
            assert!(
                documents.insert(id, doc).is_none(),
                "an article is exported twice"
            );
        }
    }
    assert_eq!(documents.len(), 3 + FILLERS);
    assert!(readme.contains("/api/v1/policy-news/ingest"), "{readme}");

    let quoted = &documents["qw-quotes"];
    assert_eq!(quoted["published_at"], "2025-03-03T07:00:00Z");
    assert_eq!(quoted["dated"], true);
    assert_eq!(quoted["source"], "Policy Wire");
    assert_eq!(quoted["byline"], serde_json::json!(["Anna Petrova"]));
    let speakers = quoted["quote_speakers"].as_array().expect("speakers");
    assert!(speakers.len() >= 2, "both quotes are exported: {quoted}");
    assert_eq!(
        speakers.len(),
        quoted["quote_texts"].as_array().expect("texts").len()
    );
    assert_eq!(
        speakers.len(),
        quoted["quote_affiliations"]
            .as_array()
            .expect("roles")
            .len()
    );

    let undated = &documents["qw-undated"];
    assert_eq!(undated["dated"], false);
    assert_eq!(
        undated["published_at"], undated["fetched_at"],
        "undated articles carry their fetch date"
    );

    let unicode = &documents["qw-unicode"];
    assert_eq!(
        unicode["title"],
        "São Paulo und Zürich: Städte im Klimawandel — 気候"
    );

    // The facets are gazette's own: compare with what `gazette search` reports.
    for hit in common::all_hits(work.path(), &["--data-dir", "data"]) {
        let id = hit["id"].as_str().expect("hit id");
        let doc = &documents[id];
        let codes: BTreeSet<&str> = hit["countries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["code"].as_str())
            .collect();
        let exported: BTreeSet<&str> = doc["countries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(codes, exported, "countries of {id}");
        let hit_experts = hit["experts"].as_array().cloned().unwrap_or_default();
        assert_eq!(
            Some(&hit_experts),
            doc["experts"].as_array(),
            "experts of {id}"
        );
        let topics: BTreeSet<&str> = doc["topics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for topic in hit["topics"].as_array().into_iter().flatten() {
            let code = topic["code"].as_str().expect("topic code");
            assert!(topics.contains(code), "topic {code} of {id} is exported");
        }
    }
    let experts = quoted["experts"].as_array().expect("experts");
    assert!(experts.iter().any(|e| e == "Leyla Mammadova"), "{quoted}");
}

#[test]
fn bad_targets_are_usage_errors_and_force_replaces_an_earlier_export() {
    let work = imported();
    let file = work.path().join("a-file");
    std::fs::write(&file, "not a directory").expect("write");
    let output = export(work.path(), &["a-file"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not a directory"),
        "{output:?}"
    );

    let output = export(work.path(), &["out", "--index-id", "no spaces"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let output = export(work.path(), &["out", "--chunk-bytes", "10"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let output = run_in(
        work.path(),
        &["--data-dir", "empty", "export", "quickwit", "out"],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no gazette index"),
        "{output:?}"
    );

    assert_ok(&export(work.path(), &["out"]), "first export");
    let out = work.path().join("out");
    let output = export(work.path(), &["out"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a non-empty DIR needs --force"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--force"),
        "{output:?}"
    );

    std::fs::write(out.join("articles-00042.ndjson"), "{}\n").expect("plant a stale chunk");
    std::fs::write(out.join("notes.txt"), "mine").expect("plant an unrelated file");
    assert_ok(&export(work.path(), &["out", "--force"]), "forced export");
    assert!(
        !out.join("articles-00042.ndjson").exists(),
        "stale chunks are removed"
    );
    assert!(out.join("notes.txt").exists(), "other files are kept");
    assert!(out.join("articles-00001.ndjson").exists());
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("readable")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".gazette-export-")
        })
        .collect();
    assert!(leftovers.is_empty(), "the staging directory is removed");
}

#[test]
fn export_runs_while_the_server_holds_the_index() {
    let work = imported();
    let server = Server::start(
        work.path(),
        &["--data-dir", "data", "serve", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    let (status, _) = server.get("/api/search?q=budget");
    assert_eq!(status, 200);
    assert_ok(&export(work.path(), &["live"]), "export during serve");
    let body =
        std::fs::read_to_string(work.path().join("live/articles-00001.ndjson")).expect("chunk");
    assert_eq!(body.lines().count(), 3 + FILLERS);
}

#[test]
#[should_panic(expected = "arrays of objects are not allowed")]
fn the_rules_reject_an_array_of_objects() {
    let config = serde_json::json!({
        "version": "0.9",
        "index_id": "news",
        "doc_mapping": {
            "mode": "strict",
            "timestamp_field": "at",
            "field_mappings": [
                {"name": "at", "type": "datetime", "fast": true},
                {"name": "quotes", "type": "array<object>"}
            ]
        },
        "search_settings": {"default_search_fields": []}
    });
    validate_index_config(&config);
}

#[test]
#[should_panic(expected = "is not mapped")]
fn the_rules_reject_an_unmapped_key() {
    let mut fields = quickwit_rules::Fields::new();
    let mut at = serde_json::Map::new();
    at.insert("type".into(), "datetime".into());
    fields.insert("at".into(), at);
    validate_document(
        r#"{"at": "2025-01-01T00:00:00Z", "extra": 1}"#,
        &fields,
        "at",
    );
}
