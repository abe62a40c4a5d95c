//! Helpers shared by the hardening tests (on top of `tests/common`): generated
//! archives, crawl configs for the sample site, whole-archive snapshots through
//! `gazette search --json`, signals, memory and latency figures.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Child, ExitStatus, Output};
use std::time::{Duration, Instant};

use crate::common::run_in;

const COUNTRIES: [&str; 8] = [
    "Kenya", "Chile", "Vietnam", "Poland", "Ghana", "Peru", "Nepal", "Norway",
];

/// Writes `n` generated articles with ids `{prefix}-00000`... as import JSON Lines.
pub fn write_archive(path: &Path, prefix: &str, n: usize) {
    let mut out = String::new();
    for i in 0..n {
        let country = COUNTRIES[i % COUNTRIES.len()];
        let other = COUNTRIES[(i / 3) % COUNTRIES.len()];
        let text = format!(
            "The government of {country} announced budget measure number {i} on Tuesday, \
             after talks with {other}.\\n\\nMinisters said the measure would cut tariffs on imported grain \
             and raise spending on schools and hospitals. \\\"This is a fair budget,\\\" said Maria Lopez, \
             an economist at the National Policy Institute. Opposition deputies argued that the plan came \
             too late for farmers. Item {i} of the {prefix} series."
        );
        let _ = writeln!(
            out,
            r#"{{"id":"{prefix}-{i:05}","title":"{country} budget measure {i}","text":"{text}","published":"2024-{:02}-{:02}","source":"Generated {}"}}"#,
            1 + i % 12,
            1 + i % 28,
            i % 3
        );
    }
    std::fs::write(path, out).expect("write archive");
}

/// Writes `n` generated articles to `dir/file_name` and imports them with the real CLI
/// (run in `dir`), asserting that the import succeeds.
pub fn import_generated(dir: &Path, file_name: &str, prefix: &str, n: usize) {
    let path = dir.join(file_name);
    write_archive(&path, prefix, n);
    let file = path.to_str().expect("utf-8 path");
    assert_ok(
        &crate::common::run_in(dir, &["import", "--jsonl", file]),
        "import",
    );
}

/// A config crawling the sample site at `site` (plus `extra` TOML lines at the top level).
pub fn write_site_config(dir: &Path, site: &str, extra: &str) {
    let config = format!(
        "{extra}\n[crawler]\nper_host_delay_ms = 0\nrequest_timeout_s = 10\n\n\
         [[sources]]\nname = \"Sample\"\nfeeds = [\"{site}/rss.xml\"]\n\
         sitemaps = [\"{site}/sitemap.xml\"]\nstart_urls = [\"{site}/\"]\nmax_depth = 2\n"
    );
    std::fs::write(dir.join("config.toml"), config).expect("write config");
}

/// Asserts that a finished command exited 0, showing its stderr otherwise.
pub fn assert_ok(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed ({}): {}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every article of the data dir `dir/data` (or `--data-dir` in `args`) as the API
/// shows it in search hits, without the per-run fields (score), keyed by id.
pub fn archive(dir: &Path, data_dir_args: &[&str]) -> BTreeMap<String, serde_json::Value> {
    let mut all = BTreeMap::new();
    for page in 1.. {
        let page = page.to_string();
        let mut args = vec![
            "search",
            "--json",
            "--sort",
            "oldest",
            "--per-page",
            "100",
            "--page",
            &page,
        ];
        args.extend_from_slice(data_dir_args);
        let output = run_in(dir, &args);
        assert_ok(&output, "search");
        let body: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("search --json prints JSON");
        let hits = body["hits"].as_array().expect("hits").clone();
        for mut hit in hits.iter().cloned() {
            let id = hit["id"].as_str().expect("id").to_owned();
            if let Some(fields) = hit.as_object_mut() {
                fields.remove("score");
            }
            assert!(all.insert(id, hit).is_none(), "an article is listed twice");
        }
        if hits.len() < 100 {
            break;
        }
    }
    all
}

/// Sends SIGTERM to a child (through `kill`, so no libc binding is needed).
pub fn sigterm(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -TERM failed");
}

/// Waits up to `timeout` for a child to exit.
pub fn wait_for_exit(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Resident memory of a process in KiB, from `/proc/PID/status` (None off Linux).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}

/// The `p`-th percentile (0-100) of durations, nearest rank.
pub fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Owns a child process and kills it when dropped (e.g. when an assertion fails).
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
