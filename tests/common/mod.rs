//! Helpers for the end-to-end tests: run the real `gazette` binary, wait for the
//! server it starts, and talk to it over real HTTP on loopback.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The binary under test, built by cargo for this test run.
pub fn gazette() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.env("RUST_LOG", "warn")
        .env_remove("GAZETTE_ADMIN_TOKEN");
    cmd
}

/// Runs gazette to completion with `args`, in `dir` (no configuration file unless the test wrote one).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    gazette()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the gazette binary runs")
}

/// A gazette process serving HTTP; killed when dropped.
pub struct Server {
    child: Option<Child>,
    pub base: String,
}

impl Server {
    /// Starts `gazette <args>` (which must print `http://ADDR/` on stdout when ready)
    /// and waits up to `timeout` for that line.
    pub fn start(dir: &Path, args: &[&str], timeout: Duration) -> Server {
        let child = gazette()
            .current_dir(dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the gazette binary starts");
        Server::from_child(child, timeout)
    }

    /// Waits for an already spawned gazette (with piped stdout) to print its URL.
    pub fn from_child(mut child: Child, timeout: Duration) -> Server {
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(start) = line.find("http://") {
                    let _ = tx.send(line[start..].trim_end_matches('/').to_owned());
                }
            }
        });
        match rx.recv_timeout(timeout) {
            Ok(base) => Server {
                child: Some(child),
                base,
            },
            Err(_) => {
                let _ = child.kill();
                panic!("gazette did not print its URL within {timeout:?}");
            }
        }
    }

    /// Hands over the process (e.g. to signal it or read its stderr); no longer killed on drop.
    pub fn into_child(mut self) -> Child {
        self.child.take().expect("the process is still owned")
    }

    /// GETs a path and returns the status and the body parsed as JSON (`Null` if not JSON).
    pub fn get_json(&self, path_and_query: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path_and_query);
        (
            status,
            serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// GETs a path and returns the status and the body text.
    pub fn get(&self, path_and_query: &str) -> (u16, String) {
        let url = format!("{}{}", self.base, path_and_query);
        let response = reqwest::blocking::get(&url).unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        (status, response.text().unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Every hit of `gazette search --json <filters>`, page by page, through the CLI.
pub fn all_hits(dir: &Path, filters: &[&str]) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for page in 1.. {
        let page = page.to_string();
        let mut args = vec!["search", "--json", "--per-page", "100", "--page", &page];
        args.extend_from_slice(filters);
        let output = run_in(dir, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let body: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("search --json prints JSON");
        let hits = body["hits"].as_array().expect("hits").clone();
        let last = hits.len() < 100;
        all.extend(hits);
        if last {
            return all;
        }
    }
    all
}
