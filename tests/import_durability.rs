//! `gazette import` killed with SIGKILL at random moments, then run again, ends
//! with exactly the archive an uninterrupted import leaves: no loss, no duplicates.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use common::run_in;

const COUNTRIES: [&str; 8] = [
    "Kenya", "Chile", "Vietnam", "Poland", "Ghana", "Peru", "Nepal", "Norway",
];

/// A generated archive: distinct ids, varied text, a few hundred KB.
fn write_archive(path: &Path, n: usize) {
    let mut out = String::new();
    for i in 0..n {
        let country = COUNTRIES[i % COUNTRIES.len()];
        let text = format!(
            "The government of {country} announced budget measure number {i} on Tuesday.\\n\\n\
             Ministers said the measure would cut tariffs on imported grain and raise spending on schools. \
             Opposition deputies argued that the plan came too late. Item {i} of the series."
        );
        let _ = writeln!(
            out,
            r#"{{"id":"gen-{i:05}","title":"{country} budget measure {i}","text":"{text}","published":"2025-{:02}-{:02}","source":"Generated"}}"#,
            1 + i % 12,
            1 + i % 28
        );
    }
    std::fs::write(path, out).expect("write archive");
}

fn ids(dir: &Path) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for country in COUNTRIES {
        for hit in common::all_hits(dir, &["--country", country]) {
            assert!(
                all.insert(hit["id"].as_str().expect("id").to_owned()),
                "duplicate hit"
            );
        }
    }
    all
}

#[test]
fn killed_imports_resume_to_the_same_archive() {
    let work = tempfile::tempdir().expect("tempdir");
    let file = work.path().join("archive.jsonl");
    write_archive(&file, 2400);
    let file = file.to_str().expect("utf-8 path");

    let reference = work.path().join("reference");
    std::fs::create_dir(&reference).expect("mkdir");
    let output = run_in(&reference, &["import", "--jsonl", file]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = ids(&reference);
    assert_eq!(expected.len(), 2400);

    let killed = work.path().join("killed");
    std::fs::create_dir(&killed).expect("mkdir");
    for delay_ms in [200u64, 700, 1300, 450] {
        let mut child = common::gazette()
            .current_dir(&killed)
            .args(["import", "--jsonl", file])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    let output = run_in(&killed, &["import", "--jsonl", file]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("the archive holds 2400 articles"));
    assert_eq!(ids(&killed), expected);
}
