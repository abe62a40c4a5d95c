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
use hardening_support::{archive, assert_ok, write_archive};

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
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--", binary()])
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

#[test]
fn a_read_only_data_dir_is_refused_clearly_and_left_intact() {
    let work = tempfile::tempdir().expect("tempdir");
    let jsonl = work.path().join("first.jsonl");
    write_archive(&jsonl, "ro", 120);
    assert_ok(&run_in(work.path(), &["import", "--jsonl", jsonl.to_str().expect("utf-8")]), "import");
    let before = archive(work.path(), &[]);
    let more = work.path().join("more.jsonl");
    write_archive(&more, "ro-more", 30);

    let data = work.path().join("data");
    chmod_tree(&data, 0o555, 0o444);
    // Others must be able to reach the files (the temp dir is private by default).
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&more, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let output = if permissions_are_bypassed(&data) {
        match run_as_nobody(work.path(), &["import", "--jsonl", more.to_str().expect("utf-8")]) {
            Some(output) => output,
            None => {
                chmod_tree(&data, 0o755, 0o644);
                eprintln!("SKIP: running as root and setpriv cannot drop to nobody: a read-only data dir cannot be tested here");
                return;
            }
        }
    } else {
        run_in(work.path(), &["import", "--jsonl", more.to_str().expect("utf-8")])
    };
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    chmod_tree(&data, 0o755, 0o644);
    assert_eq!(output.status.code(), Some(1), "import into a read-only data dir must exit 1: {stderr}");
    assert!(stderr.contains("gazette: error:"), "{stderr}");
    assert!(
        stderr.to_lowercase().contains("permission denied") || stderr.to_lowercase().contains("read-only"),
        "the error must say why: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(archive(work.path(), &[]), before, "a refused import must leave the archive as it was");
    let check = run_in(work.path(), &["check"]);
    assert_ok(&check, "check after the refused import");
}

#[test]
fn a_full_disk_fails_the_import_clearly_and_keeps_the_last_commit() {
    let work = tempfile::tempdir().expect("tempdir");
    let first = work.path().join("first.jsonl");
    write_archive(&first, "full", 200);
    assert_ok(&run_in(work.path(), &["import", "--jsonl", first.to_str().expect("utf-8")]), "import");
    let before = archive(work.path(), &[]);

    // A large second import cannot fit in files of at most 64 KiB.
    let big = work.path().join("big.jsonl");
    write_archive(&big, "full-big", 3000);
    let script = format!(
        "trap '' XFSZ; ulimit -f 128 && exec \"$0\" import --jsonl '{}'",
        big.to_str().expect("utf-8")
    );
    let output = Command::new("sh")
        .args(["-c", &script, binary()])
        .current_dir(work.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "an import that cannot write must exit 1: {stderr}");
    assert!(stderr.contains("gazette: error:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // Whatever was committed is intact and readable; nothing half-written shows.
    let check = run_in(work.path(), &["check"]);
    assert_ok(&check, "check after the failed import");
    let after = archive(work.path(), &[]);
    for (id, hit) in &before {
        assert_eq!(after.get(id), Some(hit), "article {id} changed or vanished");
    }
    assert!(after.len() < before.len() + 3000, "the import cannot have completed");
    // With space again, rerunning the import completes it.
    assert_ok(&run_in(work.path(), &["import", "--jsonl", big.to_str().expect("utf-8")]), "import again");
    assert_eq!(archive(work.path(), &[]).len(), before.len() + 3000);
}
