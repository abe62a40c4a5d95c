//! `gazette reindex` killed with SIGKILL at random moments, then run again, leaves
//! exactly the archive of an uninterrupted reindex, and the data dir checks clean.

mod common;
mod hardening_support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Server, run_in};
use hardening_support::{archive, assert_ok, import_generated, write_site_config};

/// A cheap deterministic sequence of fractions of a run (no RNG dependency needed).
fn kill_points(seed: u64, n: usize) -> Vec<f64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            0.1 + (x % 800) as f64 / 1000.0
        })
        .collect()
}

fn reindex(dir: &Path) -> Duration {
    let started = Instant::now();
    assert_ok(&run_in(dir, &["reindex"]), "reindex");
    started.elapsed()
}

#[test]
fn killed_reindexes_rerun_to_the_uninterrupted_archive() {
    let work = tempfile::tempdir().expect("tempdir");
    let site = Server::start(
        work.path(),
        &["demo", "--site-only", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    write_site_config(work.path(), &site.base, "");
    assert_ok(&run_in(work.path(), &["crawl"]), "crawl");
    // Imported articles have no archived response: reindex must leave them alone.
    import_generated(work.path(), "extra.jsonl", "kept", 40);

    let took = reindex(work.path());
    let reference = archive(work.path(), &[]);
    assert!(
        reference.len() >= 80,
        "40+ crawled and 40 imported articles, got {}",
        reference.len()
    );

    for point in kill_points(0x2545_f491_4f6c_dd1d, 4) {
        let mut child = common::gazette()
            .current_dir(work.path())
            .arg("reindex")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn reindex");
        std::thread::sleep(took.mul_f64(point));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        // Whatever moment it died at, the last commit is whole.
        assert_ok(
            &run_in(work.path(), &["check"]),
            "check after a killed reindex",
        );
    }
    reindex(work.path());
    assert_eq!(
        archive(work.path(), &[]),
        reference,
        "a killed and rerun reindex differs from an uninterrupted one"
    );
    assert_ok(&run_in(work.path(), &["check"]), "check after the rerun");
}
