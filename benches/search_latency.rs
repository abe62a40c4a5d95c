//! Search latency through the real HTTP API (issue 6).
//!
//! Imports the BBC corpus (`../shared/data/corpus/bbc.jsonl`) into a temporary data
//! dir with the release binary, starts `gazette serve` on loopback, and runs a
//! faceted query mix one request at a time (latency, not throughput): plain words,
//! phrases, OR/NOT, country/topic/source filters, newest first, page 2, facet
//! browsing and timelines. Prints p50/p99/mean per query kind and overall, then the
//! throughput of a few concurrent clients, and the machine it ran on.
//!
//! The query terms and filter values are drawn from the corpus and from the index's
//! own facets (every Nth title, the top facet values), so the mix follows whatever
//! data it is run on instead of a hand-picked list.
//!
//! Run: `cargo build --release && cargo bench --bench search_latency`.
//! `GAZETTE_BIN=path` picks another binary (e.g. `target/fast/gazette`),
//! `GAZETTE_BENCH_CORPUS=path.jsonl` another corpus, `GAZETTE_BENCH_ROUNDS=n` the
//! requests per query kind (default 200).

#[path = "search_latency/mix.rs"]
mod mix;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mix::QueryMix;

/// Concurrent clients of the throughput run.
const CLIENTS: usize = 4;
/// Requests per client in the throughput run.
const THROUGHPUT_REQUESTS: usize = 250;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(binary) = locate_binary(root) else {
        eprintln!(
            "SKIP: no release binary; run `cargo build --release` first (or set GAZETTE_BIN)"
        );
        return;
    };
    let corpus = std::env::var_os("GAZETTE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/corpus/bbc.jsonl"));
    if !corpus.is_file() {
        eprintln!("SKIP: corpus {} is absent", corpus.display());
        return;
    }
    let rounds: usize = std::env::var("GAZETTE_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    if let Err(e) = run(&binary, &corpus, rounds) {
        eprintln!("search_latency bench failed: {e}");
        std::process::exit(1);
    }
}

fn locate_binary(root: &Path) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GAZETTE_BIN") {
        return Some(PathBuf::from(path));
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    ["release", "fast"]
        .iter()
        .map(|profile| target.join(profile).join("gazette"))
        .find(|p| p.is_file())
}

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn run(binary: &Path, corpus: &Path, rounds: usize) -> BenchResult<()> {
    let data = tempfile::tempdir()?;
    let data_dir = data.path().to_str().ok_or("temp dir is not UTF-8")?;
    println!("binary: {}", binary.display());
    println!("corpus: {}", corpus.display());

    let started = Instant::now();
    let import = Command::new(binary)
        .args(["import", "--jsonl"])
        .arg(corpus)
        .args(["--data-dir", data_dir])
        .env("RUST_LOG", "warn")
        .output()?;
    if !import.status.success() {
        return Err(format!("import failed: {}", String::from_utf8_lossy(&import.stderr)).into());
    }
    println!(
        "import: {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&import.stdout).trim()
    );

    let mut server = Serve::start(binary, data_dir)?;
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let mix = QueryMix::derive(&client, &server.base, corpus)?;

    println!();
    println!(
        "{:<16} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "kind", "n", "p50 ms", "p99 ms", "mean ms", "max ms", "hits"
    );
    let mut all = Vec::new();
    for (kind, paths) in &mix.kinds {
        // Warm-up: the first pass over each kind's requests loads its index pages.
        for path in paths {
            get(&client, &server.base, path)?;
        }
        let (mut samples, mut totals) = (Vec::with_capacity(rounds), Vec::new());
        for path in paths.iter().cycle().take(rounds) {
            let (took, total) = get(&client, &server.base, path)?;
            samples.push(took);
            totals.extend(total);
        }
        print_row(kind, &samples, &totals);
        all.extend(samples);
    }
    print_row("overall", &all, &[]);

    let every: Vec<String> = mix
        .kinds
        .iter()
        .flat_map(|(_, paths)| paths.iter().cloned())
        .collect();
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|worker| {
            let (client, base, every) = (client.clone(), server.base.clone(), every.clone());
            std::thread::spawn(move || -> Result<usize, String> {
                for path in every
                    .iter()
                    .cycle()
                    .skip(worker * 7)
                    .take(THROUGHPUT_REQUESTS)
                {
                    get(&client, &base, path).map_err(|e| e.to_string())?;
                }
                Ok(THROUGHPUT_REQUESTS)
            })
        })
        .collect();
    let mut requests = 0;
    for worker in workers {
        requests += worker.join().map_err(|_| "a client thread panicked")??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!();
    println!(
        "throughput: {CLIENTS} clients, {requests} requests in {elapsed:.2} s = {:.0} requests/s",
        requests as f64 / elapsed
    );
    println!("machine: {}", machine());
    server.stop();
    Ok(())
}

/// One GET; its latency and the `total` matches it reports (searches only), or an
/// error for anything but 200.
fn get(
    client: &reqwest::blocking::Client,
    base: &str,
    path: &str,
) -> BenchResult<(Duration, Option<u64>)> {
    let started = Instant::now();
    let response = client.get(format!("{base}{path}")).send()?;
    let status = response.status();
    let body = response.bytes()?;
    let took = started.elapsed();
    if status != reqwest::StatusCode::OK {
        return Err(format!("{path}: {status}: {}", String::from_utf8_lossy(&body)).into());
    }
    let total = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["total"].as_u64());
    Ok((took, total))
}

/// One table row; `hits` is the mean number of matches (blank when not a search).
fn print_row(kind: &str, samples: &[Duration], totals: &[u64]) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| {
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted
            .get(rank.clamp(1, sorted.len().max(1)) - 1)
            .copied()
            .unwrap_or_default()
    };
    let mean = sorted
        .iter()
        .sum::<Duration>()
        .checked_div(sorted.len() as u32)
        .unwrap_or_default();
    let max = sorted.last().copied().unwrap_or_default();
    let hits = match totals.len() {
        0 => String::new(),
        n => format!("{:.0}", totals.iter().sum::<u64>() as f64 / n as f64),
    };
    println!(
        "{kind:<16} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {hits:>9}",
        sorted.len(),
        ms(at(50.0)),
        ms(at(99.0)),
        ms(mean),
        ms(max)
    );
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .and_then(|rest| rest.split(':').nth(1))
                    .map(|m| m.trim().to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!(
        "{cores} cores available ({model}), {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// `gazette serve` on a loopback port.
struct Serve {
    child: Child,
    base: String,
}

impl Serve {
    fn start(binary: &Path, data_dir: &str) -> BenchResult<Serve> {
        let mut child = Command::new(binary)
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--data-dir",
                data_dir,
                "--config",
                "/nonexistent/config.toml",
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(start) = line.find("http://") {
                    let _ = tx.send(line[start..].trim_end_matches('/').to_owned());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => Ok(Serve { child, base }),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                Err("gazette serve did not start".into())
            }
        }
    }

    /// SIGTERM (a clean shutdown), then wait.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
