//! The command line end to end: import (with bad lines), re-import, search, and
//! configuration errors, through the real binary.

mod common;

use std::path::{Path, PathBuf};

use common::run_in;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn search_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let output = run_in(dir, &all);
    assert!(
        output.status.success(),
        "search failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("search --json prints JSON")
}

#[test]
fn import_skips_bad_lines_by_number_and_reimport_replaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = fixture("import-small.jsonl");
    let file = file.to_str().expect("utf-8 path");

    let first = run_in(dir.path(), &["import", "--jsonl", file]);
    assert!(first.status.success(), "{}", stderr(&first));
    let err = stderr(&first);
    assert!(
        err.contains(":3: skipped"),
        "line 3 is malformed JSON: {err}"
    );
    assert!(
        err.contains(":4: skipped") && err.contains("title"),
        "line 4 has an empty title: {err}"
    );
    assert!(
        stdout(&first).contains("imported 3 articles"),
        "{}",
        stdout(&first)
    );

    let second = run_in(
        dir.path(),
        &["--data-dir", "data", "import", "--jsonl", file],
    );
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("the archive holds 3 articles"),
        "{}",
        stdout(&second)
    );

    let all = search_json(dir.path(), &[""]);
    assert_eq!(all["total"], 3);
    let kenya = search_json(dir.path(), &["trade", "--country", "Kenya"]);
    assert_eq!(kenya["total"], 1);
    assert_eq!(kenya["hits"][0]["id"], "wire-002");
    assert!(
        kenya["hits"][0]["experts"]
            .as_array()
            .is_some_and(|e| e.iter().any(|n| n == "Daniel Otieno")),
        "{kenya}"
    );
    let newest = search_json(dir.path(), &["--sort", "newest", "--source", "Policy Wire"]);
    assert_eq!(newest["hits"][0]["id"], "wire-001");
    let experts = &newest["hits"][0]["experts"];
    assert!(
        experts
            .as_array()
            .is_some_and(|e| e.iter().any(|n| n == "Leyla Mammadova")),
        "{experts}"
    );
    assert!(
        experts
            .as_array()
            .is_some_and(|e| !e.iter().any(|n| n == "Anna Petrova")),
        "the byline author is not a quoted expert: {experts}"
    );

    let table = run_in(dir.path(), &["search", "Amazon"]);
    assert!(
        stdout(&table).contains("Brazil's Senate debates Amazon protection bill"),
        "{}",
        stdout(&table)
    );
}

#[test]
fn stdin_import_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = common::gazette()
        .current_dir(dir.path())
        .args(["import", "--jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let line = br#"{"title":"Oslo talks resume","text":"Norway hosted the talks in Oslo."}"#;
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), line).expect("write");
    drop(child.stdin.take());
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("imported 1 articles"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn bad_configuration_exits_2_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[crawler]\nconcurency = 3\n",
    )
    .expect("write");
    let output = run_in(dir.path(), &["crawl"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("config.toml") && err.contains("concurency"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("bad.toml"),
        "[server]\nbind = \"everywhere\"\n",
    )
    .expect("write");
    let output = run_in(dir.path(), &["--config", "bad.toml", "search", "x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("server.bind"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(run_in(dir.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["import"]).status.code(), Some(2));
    let output = run_in(dir.path(), &["crawl"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "no sources configured is a usage error"
    );
    assert!(stderr(&output).contains("sources"));
}

#[test]
fn bbc_corpus_imports_every_line_once() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpus/bbc.jsonl");
    if !corpus.exists() {
        eprintln!("SKIP: {} is absent", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = corpus.to_str().expect("utf-8 path");
    for _ in 0..2 {
        let output = run_in(dir.path(), &["import", "--jsonl", corpus]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stdout(&output).contains("the archive holds 2225 articles"),
            "{}",
            stdout(&output)
        );
    }
}
