//! End to end through the real CLI: a tiny archive, gazette only, a few seconds of load.
//!
//! Needs the `gazette` binary of the same build profile (`cargo build --workspace`) and
//! the shared corpus; skips with a visible line when either is absent.

use std::path::PathBuf;
use std::process::Command;

/// `target/<profile>/gazette`, found from this test's own executable
/// (`target/<profile>/deps/cli-<hash>`): Cargo gives no path to another package's binary.
fn gazette_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let binary = profile_dir.join("gazette");
    binary.is_file().then_some(binary)
}

fn corpus() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/corpus/bbc.jsonl"
    ));
    path.is_file().then_some(path)
}

#[test]
fn tiny_run_prints_the_table_and_writes_the_reports() {
    let Some(gazette) = gazette_binary() else {
        eprintln!("SKIP: no gazette binary beside the test; run `cargo build --workspace` first");
        return;
    };
    let Some(corpus) = corpus() else {
        eprintln!("SKIP: ../shared/data/corpus/bbc.jsonl is absent");
        return;
    };
    let work = std::env::temp_dir().join(format!("gazette-bench-cli-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_gazette-bench"))
        .args(["--articles", "300", "--duration", "3", "--warmup", "1"])
        .args([
            "--queries",
            "2000",
            "--clients",
            "4",
            "--engines",
            "gazette",
        ])
        .arg("--work-dir")
        .arg(&work)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--gazette")
        .arg(&gazette)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );

    assert!(
        stdout.contains("300 articles (seed 42), 4 clients"),
        "{stdout}"
    );
    let header = stdout
        .lines()
        .find(|l| l.starts_with("engine ") && l.contains("queries/s"))
        .unwrap_or_else(|| panic!("no table header in\n{stdout}"));
    assert!(header.contains("p99 ms") && header.contains("server RSS"));
    let row: Vec<&str> = stdout
        .lines()
        .find(|l| l.starts_with("gazette "))
        .unwrap_or_else(|| panic!("no gazette row in\n{stdout}"))
        .split_whitespace()
        .collect();
    // engine, load art/s, load s, size (2 tokens), peak RSS (2), queries/s, p50, p95, p99, max, errors, RSS (2)
    assert_eq!(row.len(), 15, "{row:?}");
    let number = |i: usize| row[i].parse::<f64>().unwrap_or(0.0);
    assert!(number(1) > 0.0, "load articles/s in {row:?}");
    assert!(number(7) > 0.0, "queries/s in {row:?}");
    assert!(number(8) > 0.0, "p50 in {row:?}");
    assert_eq!(row[12], "0", "no errors: {row:?}");
    assert!(
        stdout.contains("server RSS ≤ 1 GiB"),
        "targets listed:\n{stdout}"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.join("report.json")).unwrap()).unwrap();
    let gazette_figures = &json["engines"][0];
    assert_eq!(gazette_figures["name"], "gazette");
    assert_eq!(gazette_figures["articles"], 300);
    assert!(gazette_figures["queries"]["requests"].as_u64().unwrap() > 0);
    assert!(
        gazette_figures["queries"]["latencies"]["p99_ms"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert!(gazette_figures["size_on_disk_bytes"].as_u64().unwrap() > 0);
    let markdown = std::fs::read_to_string(work.join("report.md")).unwrap();
    assert!(markdown.contains("| gazette |"), "{markdown}");
    std::fs::remove_dir_all(&work).unwrap();
}
