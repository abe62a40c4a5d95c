//! `GazetteEngine`: the real gazette release binary, driven as an operator would.
//!
//! The load is `gazette import --jsonl` on the archive file (gazette reads only the
//! fields of its import shape and tags every article itself, so its own enrichment is
//! part of the figure), timed from spawn to exit, with the import
//! process's peak memory from `wait4`. Queries go to `gazette serve` over loopback HTTP,
//! through the public API only.
//!
//! The server runs with a generated config file, not the user's `config.toml`: it has no
//! `[[sources]]` (no crawl job may start during the measurement) and keeps every
//! `[server]` limit at its documented default except `max_concurrent_requests`, which is
//! raised to at least four times the number of clients so the load-shedding limit never
//! turns the bench's own concurrency into 503s.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, EngineClient, LoadReport};
use crate::gazette_client::GazetteClient;
use crate::system;
use crate::workload::TaggedArticle;

/// How long a freshly started server may take to answer `/healthz` (it opens the index).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a stopping server gets to finish its requests before it is killed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(15);

/// gazette under test.
///
/// ```ignore
/// let mut engine = GazetteEngine::new(&gazette_binary, &work_dir, &files.tagged, 8, false)?;
/// let report = engine.load(&mut std::iter::empty())?; // imports files.tagged
/// let total = engine.client()?.run(&query)?;
/// ```
pub struct GazetteEngine {
    binary: PathBuf,
    /// `<work>/gazette`: data dir, config and logs.
    home: PathBuf,
    import_file: PathBuf,
    max_concurrent_requests: usize,
    /// Keep an index left by an earlier complete import of the same file.
    reuse_index: bool,
    server: Option<Server>,
}

struct Server {
    child: Child,
    base: Url,
}

/// Written beside the data dir after a complete import, so that `--reuse-gazette-index`
/// can skip the import when profiling queries (the load figures are then the earlier ones).
#[derive(Debug, Serialize, Deserialize)]
struct LoadedIndex {
    import_file: PathBuf,
    import_bytes: u64,
    articles: u64,
    seconds: f64,
    peak_rss_bytes: Option<u64>,
}

impl GazetteEngine {
    /// `binary` is the `gazette` executable; `import_file` the archive (a superset of
    /// gazette's import shape); `clients` the number of concurrent clients the server must accept;
    /// `reuse_index` keeps the index of an earlier complete import of the same file.
    pub fn new(
        binary: &Path,
        work_dir: &Path,
        import_file: &Path,
        clients: usize,
        reuse_index: bool,
    ) -> anyhow::Result<Self> {
        if !binary.is_file() {
            bail!(
                "the gazette binary is not at {}: build it with `cargo build --release --workspace` \
                 (or pass --gazette PATH)",
                binary.display()
            );
        }
        Ok(GazetteEngine {
            binary: binary.to_path_buf(),
            home: work_dir.join("gazette"),
            import_file: import_file.to_path_buf(),
            max_concurrent_requests: (clients * 4).max(64),
            reuse_index,
            server: None,
        })
    }

    fn data_dir(&self) -> PathBuf {
        self.home.join("data")
    }

    fn config_path(&self) -> PathBuf {
        self.home.join("bench-config.toml")
    }

    fn gazette(&self) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .arg("--config")
            .arg(self.config_path())
            .arg("--data-dir")
            .arg(self.data_dir())
            .stdin(Stdio::null());
        command
    }

    fn log(&self, name: &str) -> anyhow::Result<File> {
        let path = self.home.join(name);
        File::create(&path).with_context(|| format!("cannot create {}", path.display()))
    }

    /// The bench's config file (see the module documentation).
    fn write_config(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.home)?;
        let config = format!(
            "# Written by gazette-bench: defaults, no sources, a concurrency limit above the bench's.\n\
             [server]\nmax_concurrent_requests = {}\n",
            self.max_concurrent_requests
        );
        std::fs::write(self.config_path(), config)?;
        Ok(())
    }

    /// An empty data dir, and no record of an earlier load.
    fn clear_data_dir(&self) -> anyhow::Result<()> {
        let _ = std::fs::remove_file(self.loaded_path());
        if self.data_dir().exists() {
            std::fs::remove_dir_all(self.data_dir())
                .with_context(|| format!("cannot clear {}", self.data_dir().display()))?;
        }
        std::fs::create_dir_all(self.data_dir())?;
        Ok(())
    }

    fn loaded_path(&self) -> PathBuf {
        self.home.join("loaded.json")
    }

    /// The record of an earlier complete import of the same import file, if any.
    fn earlier_load(&self) -> Option<LoadedIndex> {
        let loaded: LoadedIndex =
            serde_json::from_slice(&std::fs::read(self.loaded_path()).ok()?).ok()?;
        let import_bytes = std::fs::metadata(&self.import_file).ok()?.len();
        (loaded.import_file == self.import_file && loaded.import_bytes == import_bytes)
            .then_some(loaded)
    }

    fn import(&self) -> anyhow::Result<LoadReport> {
        let log = self.home.join("import.out");
        let started = Instant::now();
        let child = self
            .gazette()
            .arg("import")
            .arg("--jsonl")
            .arg(&self.import_file)
            .stdout(File::create(&log)?)
            .stderr(self.log("import.log")?)
            .spawn()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        let (status, peak) = system::wait_with_peak_rss(child)?;
        let seconds = started.elapsed().as_secs_f64();
        let output = std::fs::read_to_string(&log).unwrap_or_default();
        if !status.success() {
            bail!(
                "gazette import failed ({status}); see {}",
                self.home.join("import.log").display()
            );
        }
        let articles = output
            .split_whitespace()
            .skip_while(|w| *w != "imported")
            .nth(1)
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("unexpected import output: {output:?}"))?;
        Ok(LoadReport {
            articles,
            seconds,
            peak_rss_bytes: Some(peak),
        })
    }

    fn start_server(&mut self) -> anyhow::Result<()> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = self
            .gazette()
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .stdout(self.log("serve.out")?)
            .stderr(self.log("serve.log")?)
            .spawn()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        let mut server = Server {
            child,
            base: Url::parse(&format!("http://127.0.0.1:{port}/"))?,
        };
        let health = server.base.join("healthz")?;
        let probe = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        let started = Instant::now();
        loop {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "gazette serve exited ({status}); see {}",
                    self.home.join("serve.log").display()
                );
            }
            if probe
                .get(health.clone())
                .send()
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                stop(&mut server.child);
                bail!("gazette serve did not answer /healthz within {STARTUP_TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.server = Some(server);
        Ok(())
    }
}

impl Engine for GazetteEngine {
    fn name(&self) -> &'static str {
        "gazette"
    }

    /// Imports the file given to [`GazetteEngine::new`] (the articles the iterator
    /// yields; the iterator is not consumed, gazette reads the file itself and ignores
    /// the tags in it) and starts the server.
    fn load(
        &mut self,
        _articles: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
    ) -> anyhow::Result<LoadReport> {
        if let Some(mut server) = self.server.take() {
            stop(&mut server.child);
        }
        self.write_config()?;
        if self.reuse_index
            && let Some(earlier) = self.earlier_load()
        {
            eprintln!(
                "gazette: reusing the index in {} (load figures are those of its import)",
                self.data_dir().display()
            );
            self.start_server()?;
            return Ok(LoadReport {
                articles: earlier.articles,
                seconds: earlier.seconds,
                peak_rss_bytes: earlier.peak_rss_bytes,
            });
        }
        self.clear_data_dir()?;
        let report = self.import()?;
        let loaded = LoadedIndex {
            import_file: self.import_file.clone(),
            import_bytes: std::fs::metadata(&self.import_file)?.len(),
            articles: report.articles,
            seconds: report.seconds,
            peak_rss_bytes: report.peak_rss_bytes,
        };
        std::fs::write(self.loaded_path(), serde_json::to_vec_pretty(&loaded)?)?;
        self.start_server()?;
        Ok(report)
    }

    fn client(&self) -> anyhow::Result<Box<dyn EngineClient>> {
        let server = self.server.as_ref().context("gazette is not loaded yet")?;
        Ok(Box::new(GazetteClient::connect(&server.base)?))
    }

    fn size_on_disk(&self) -> anyhow::Result<u64> {
        let index = self.data_dir();
        system::disk_usage(&index).with_context(|| format!("cannot measure {}", index.display()))
    }

    fn server_rss_bytes(&self) -> Option<u64> {
        system::rss_bytes(self.server.as_ref()?.child.id())
    }

    fn server_anon_bytes(&self) -> Option<u64> {
        system::anon_rss_bytes(self.server.as_ref()?.child.id())
    }

    /// How many searches the server's answer cache served (from its `/metrics`).
    fn notes(&self) -> Vec<String> {
        let Some(server) = self.server.as_ref() else {
            return Vec::new();
        };
        let page = server
            .base
            .join("metrics")
            .ok()
            .and_then(|url| reqwest::blocking::get(url).ok())
            .and_then(|response| response.text().ok())
            .unwrap_or_default();
        let counter = |name: &str| -> Option<u64> {
            page.lines()
                .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        };
        match (
            counter("gazette_search_cache_hits_total"),
            counter("gazette_search_cache_misses_total"),
        ) {
            (Some(hits), Some(misses)) => vec![format!(
                "gazette: its search answer cache served {hits} of {} searches ({:.0}%, warm-up included; server.result_cache_entries = 0 turns it off)",
                hits + misses,
                100.0 * hits as f64 / (hits + misses).max(1) as f64
            )],
            _ => vec!["gazette: no search cache counters on /metrics".to_string()],
        }
    }
}

impl Drop for GazetteEngine {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            stop(&mut server.child);
        }
    }
}

/// SIGTERM, a grace period, then SIGKILL.
fn stop(child: &mut Child) {
    system::terminate(child);
    let deadline = Instant::now() + SHUTDOWN_GRACE;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_binary_says_how_to_build_it() {
        let error = GazetteEngine::new(
            Path::new("/nonexistent/gazette"),
            Path::new("/tmp"),
            Path::new("x"),
            8,
            false,
        )
        .err()
        .unwrap();
        assert!(
            error.to_string().contains("cargo build --release"),
            "{error}"
        );
    }
}
