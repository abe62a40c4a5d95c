//! Storage failures through the real binary: a read-only data dir and a "full
//! disk" each give a clear error and exit 1, and leave the archive as it was.
//!
//! Tests here run as root, where permission bits do not stop writes: the
//! read-only case then runs gazette as `nobody` through `setpriv` (util-linux) and
//! is skipped, with a SKIP line, where that is not possible. A full disk is
//! simulated with a file-size limit (`ulimit -f`, with SIGXFSZ ignored so writes
//! fail with EFBIG as they would with ENOSPC): no tmpfs mount is needed.

mod common;
mod hardening_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::run_in;
use hardening_support::{archive, assert_ok, import_generated, write_archive};

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_gazette")
}

/// Sets the mode of `path` and everything under it.
fn chmod_tree(path: &Path, dir_mode: u32, file_mode: u32) {
    let mode = if path.is_dir() { dir_mode } else { file_mode };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read_dir") {
            chmod_tree(&entry.expect("entry").path(), dir_mode, file_mode);
        }
    }
}

/// True when this process can write into a directory whose mode forbids it (root).
fn permissions_are_bypassed(dir: &Path) -> bool {
    let probe = dir.join(".write-probe");
    let bypassed = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    bypassed
}

/// Runs gazette as `nobody` through setpriv; None when setpriv cannot do it here.
fn run_as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    let output = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            binary(),
        ])
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.starts_with("setpriv:") {
        return None;
    }
    Some(output)
}

/// What a refused write left behind.
struct Refusal {
    output: Output,
    /// The archive before and after the refused command.
    before: std::collections::BTreeMap<String, serde_json::Value>,
    after: std::collections::BTreeMap<String, serde_json::Value>,
    /// `gazette search` on the read-only archive, run as the same user.
    read_only_search: Output,
}

/// Imports an archive, makes the data dir read-only, and imports more into it.
/// None (after a SKIP line) when a read-only directory cannot be had here.
fn import_into_read_only_dir(work: &Path) -> Option<Refusal> {
    import_generated(work, "first.jsonl", "ro", 120);
    let before = archive(work, &[]);
    let more = work.join("more.jsonl");
    write_archive(&more, "ro-more", 30);

    let data = work.join("data");
    chmod_tree(&data, 0o555, 0o444);
    // Others must be able to reach the files (the temp dir is private by default).
    std::fs::set_permissions(work, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&more, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let import = ["import", "--jsonl", more.to_str().expect("utf-8")];
    let search = ["search", "budget", "--json"];
    let outputs = if permissions_are_bypassed(&data) {
        run_as_nobody(work, &import).zip(run_as_nobody(work, &search))
    } else {
        Some((run_in(work, &import), run_in(work, &search)))
    };
    chmod_tree(&data, 0o755, 0o644);
    let Some((output, read_only_search)) = outputs else {
        eprintln!(
            "SKIP: running as root and setpriv cannot drop to nobody: a read-only data dir cannot be tested here"
        );
        return None;
    };
    let after = archive(work, &[]);
    Some(Refusal {
        output,
        before,
        after,
        read_only_search,
    })
}

#[test]
fn a_read_only_data_dir_is_refused_and_left_intact() {
    let work = tempfile::tempdir().expect("tempdir");
    let Some(refusal) = import_into_read_only_dir(work.path()) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&refusal.output.stderr);
    assert_eq!(
        refusal.output.status.code(),
        Some(1),
        "import into a read-only data dir must exit 1: {stderr}"
    );
    assert!(stderr.contains("gazette: error:"), "{stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");
    assert_eq!(
        refusal.after, refusal.before,
        "a refused import must leave the archive as it was"
    );
    assert_ok(
        &run_in(work.path(), &["check"]),
        "check after the refused import",
    );
}

#[test]
fn a_read_only_data_dir_says_why_and_still_answers_searches() {
    let work = tempfile::tempdir().expect("tempdir");
    let Some(refusal) = import_into_read_only_dir(work.path()) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&refusal.output.stderr).to_lowercase();
    assert!(
        stderr.contains("permission denied") || stderr.contains("read-only"),
        "the error must say why: {stderr}"
    );
    assert_ok(&refusal.read_only_search, "search in a read-only archive");
}

/// Imports an archive, then imports a large one under a file-size limit.
fn import_onto_a_full_disk(
    work: &Path,
) -> (
    Output,
    std::collections::BTreeMap<String, serde_json::Value>,
) {
    import_generated(work, "first.jsonl", "full", 200);
    let before = archive(work, &[]);
    // A large second import cannot fit in files of at most 64 KiB (ulimit -f counts 512-byte blocks).
    let big = work.join("big.jsonl");
    write_archive(&big, "full-big", 3000);
    let script = format!(
        "trap '' XFSZ; ulimit -f 128 && exec \"$0\" import --jsonl '{}'",
        big.to_str().expect("utf-8")
    );
    let output = Command::new("sh")
        .args(["-c", &script, binary()])
        .current_dir(work)
        .env("RUST_LOG", "warn")
        .output()
        .expect("sh runs");
    (output, before)
}

#[test]
fn a_full_disk_fails_the_import_and_keeps_the_last_commit() {
    let work = tempfile::tempdir().expect("tempdir");
    let (output, before) = import_onto_a_full_disk(work.path());
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(
        output.status.code(),
        Some(1),
        "an import that cannot write must exit 1: {stderr}"
    );
    assert!(stderr.contains("gazette: error:"), "{stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");

    // Whatever was committed is intact and readable; nothing half-written shows.
    assert_ok(
        &run_in(work.path(), &["check"]),
        "check after the failed import",
    );
    let after = archive(work.path(), &[]);
    for (id, hit) in &before {
        assert_eq!(after.get(id), Some(hit), "article {id} changed or vanished");
    }
    assert!(
        after.len() < before.len() + 3000,
        "the import cannot have completed"
    );
    // With space again, rerunning the import completes it.
    let big = work.path().join("big.jsonl");
    assert_ok(
        &run_in(
            work.path(),
            &["import", "--jsonl", big.to_str().expect("utf-8")],
        ),
        "import again",
    );
    assert_eq!(archive(work.path(), &[]).len(), before.len() + 3000);
}

#[test]
fn a_full_disk_error_names_the_cause() {
    let work = tempfile::tempdir().expect("tempdir");
    let (output, _) = import_onto_a_full_disk(work.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("os error"),
        "the error must carry the file system's reason: {stderr}"
    );
}
