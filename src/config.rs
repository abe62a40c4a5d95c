//! `config.toml`: loading, defaults and validation.
//!
//! A missing file means the built-in defaults (so `gazette demo` and a first
//! `gazette serve` need no setup). A present file is parsed strictly: an unknown
//! key or a bad value is a [`ConfigError`] that names the file, the key and what
//! is wrong, and the binary exits with status 2.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gazette_crawler::{CrawlerSettings, SourceSpec};
use regex::Regex;
use serde::Deserialize;
use url::Url;

/// Why a configuration could not be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
}

/// The whole configuration file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub data_dir: PathBuf,
    pub server: ServerSection,
    pub crawler: CrawlerSection,
    pub sources: Vec<SourceSection>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            server: ServerSection::default(),
            crawler: CrawlerSection::default(),
            sources: Vec::new(),
        }
    }
}

/// `[server]`: the HTTP API and web page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSection {
    pub bind: String,
    pub admin_token: Option<String>,
    pub cors_origins: Vec<String>,
    pub request_timeout_s: u64,
    pub max_concurrent_requests: usize,
    pub max_query_chars: usize,
    pub max_body_bytes: usize,
    /// Search answers kept for repeats while the index is unchanged (0: off).
    pub result_cache_entries: usize,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            bind: "127.0.0.1:8080".into(),
            admin_token: None,
            cors_origins: Vec::new(),
            request_timeout_s: 10,
            max_concurrent_requests: 64,
            max_query_chars: 1000,
            max_body_bytes: 65_536,
            result_cache_entries: gazette_index::DEFAULT_RESULT_CACHE_ENTRIES,
        }
    }
}

/// `[crawler]`: settings shared by every crawl job.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrawlerSection {
    pub user_agent: String,
    pub concurrency: usize,
    pub per_host_delay_ms: u64,
    pub request_timeout_s: u64,
    pub connect_timeout_s: u64,
    pub max_body_bytes: usize,
    pub max_redirects: u32,
    pub max_retries: u32,
    pub max_pages_per_host: u32,
    pub max_url_length: usize,
}

impl Default for CrawlerSection {
    fn default() -> Self {
        let d = CrawlerSettings::default();
        CrawlerSection {
            user_agent: d.user_agent,
            concurrency: d.concurrency,
            per_host_delay_ms: millis(d.per_host_delay),
            request_timeout_s: d.request_timeout.as_secs(),
            connect_timeout_s: d.connect_timeout.as_secs(),
            max_body_bytes: d.max_body_bytes,
            max_redirects: d.max_redirects,
            max_retries: d.max_retries,
            max_pages_per_host: d.max_pages_per_host,
            max_url_length: d.max_url_length,
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// One `[[sources]]` entry: a news site and how to discover its articles.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSection {
    pub name: String,
    #[serde(default)]
    pub feeds: Vec<String>,
    #[serde(default)]
    pub sitemaps: Vec<String>,
    #[serde(default)]
    pub start_urls: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default = "default_max_depth")]
    pub max_depth: u32,
    #[serde(default = "default_schedule")]
    pub schedule: String,
}

fn default_max_depth() -> u32 {
    1
}

fn default_schedule() -> String {
    "*/30 * * * *".into()
}

/// A source ready to crawl: its crawler spec plus its parsed schedule.
#[derive(Debug, Clone)]
pub struct ScheduledSource {
    pub spec: SourceSpec,
    pub schedule: croner::Cron,
    pub schedule_text: String,
}

impl Config {
    /// Loads `path`; a missing file gives the defaults, anything else wrong is an error.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |key: String, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            key,
            message,
        };
        self.server.bind.parse::<SocketAddr>().map_err(|e| {
            invalid(
                "server.bind".into(),
                format!("not an IP:port address ({e})"),
            )
        })?;
        if self
            .server
            .admin_token
            .as_deref()
            .is_some_and(|t| t.len() < 16)
        {
            return Err(invalid(
                "server.admin_token".into(),
                "too short: use at least 16 random characters".into(),
            ));
        }
        for (key, value) in [
            ("crawler.concurrency", self.crawler.concurrency as u64),
            ("crawler.request_timeout_s", self.crawler.request_timeout_s),
            ("crawler.connect_timeout_s", self.crawler.connect_timeout_s),
            ("crawler.max_body_bytes", self.crawler.max_body_bytes as u64),
            ("server.request_timeout_s", self.server.request_timeout_s),
            (
                "server.max_concurrent_requests",
                self.server.max_concurrent_requests as u64,
            ),
        ] {
            if value == 0 {
                return Err(invalid(key.into(), "must be greater than 0".into()));
            }
        }
        let mut names = std::collections::HashSet::new();
        for (i, source) in self.sources.iter().enumerate() {
            if source.name.trim().is_empty() {
                return Err(invalid(
                    format!("sources[{i}].name"),
                    "must not be empty".into(),
                ));
            }
            if !names.insert(source.name.as_str()) {
                return Err(invalid(
                    format!("sources[{i}].name"),
                    format!("duplicate source name {:?}", source.name),
                ));
            }
            source
                .to_scheduled(i)
                .map_err(|(key, message)| invalid(key, message))?;
        }
        Ok(())
    }

    /// The crawler settings of `[crawler]`.
    pub fn crawler_settings(&self) -> CrawlerSettings {
        let c = &self.crawler;
        CrawlerSettings {
            user_agent: c.user_agent.clone(),
            concurrency: c.concurrency,
            per_host_delay: Duration::from_millis(c.per_host_delay_ms),
            request_timeout: Duration::from_secs(c.request_timeout_s),
            connect_timeout: Duration::from_secs(c.connect_timeout_s),
            max_body_bytes: c.max_body_bytes,
            max_redirects: c.max_redirects,
            max_retries: c.max_retries,
            max_pages_per_host: c.max_pages_per_host,
            max_url_length: c.max_url_length,
            ..CrawlerSettings::default()
        }
    }

    /// Every source, validated (validation already ran in [`Config::load`]).
    pub fn scheduled_sources(&self) -> Vec<ScheduledSource> {
        self.sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.to_scheduled(i).ok())
            .collect()
    }
}

impl SourceSection {
    /// Parses URLs, regexes and the cron schedule; on failure gives the key and the problem.
    fn to_scheduled(&self, i: usize) -> Result<ScheduledSource, (String, String)> {
        let urls = |field: &str, values: &[String]| -> Result<Vec<Url>, (String, String)> {
            values
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    let url = Url::parse(v).map_err(|e| {
                        (
                            format!("sources[{i}].{field}[{j}]"),
                            format!("{v:?} is not a URL ({e})"),
                        )
                    })?;
                    if url.scheme() == "http" || url.scheme() == "https" {
                        Ok(url)
                    } else {
                        Err((
                            format!("sources[{i}].{field}[{j}]"),
                            format!("{v:?}: only http and https URLs are crawled"),
                        ))
                    }
                })
                .collect()
        };
        let regexes = |field: &str, values: &[String]| -> Result<Vec<Regex>, (String, String)> {
            values
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    Regex::new(v).map_err(|e| {
                        (
                            format!("sources[{i}].{field}[{j}]"),
                            format!("invalid regex: {e}"),
                        )
                    })
                })
                .collect()
        };
        let spec = SourceSpec {
            name: self.name.clone(),
            feeds: urls("feeds", &self.feeds)?,
            sitemaps: urls("sitemaps", &self.sitemaps)?,
            start_urls: urls("start_urls", &self.start_urls)?,
            allow: regexes("allow", &self.allow)?,
            deny: regexes("deny", &self.deny)?,
            max_depth: self.max_depth,
        };
        if spec.feeds.is_empty() && spec.sitemaps.is_empty() && spec.start_urls.is_empty() {
            return Err((
                format!("sources[{i}]"),
                "needs at least one of feeds, sitemaps or start_urls".into(),
            ));
        }
        let schedule =
            <croner::Cron as std::str::FromStr>::from_str(&self.schedule).map_err(|e| {
                (
                    format!("sources[{i}].schedule"),
                    format!("{:?} is not a cron expression ({e})", self.schedule),
                )
            })?;
        Ok(ScheduledSource {
            spec,
            schedule,
            schedule_text: self.schedule.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).expect("write");
        Config::load(&path)
    }

    #[test]
    fn missing_file_means_defaults() {
        let config = Config::load(Path::new("/nonexistent/gazette.toml")).expect("defaults");
        assert_eq!(config.server.bind, "127.0.0.1:8080");
        assert!(config.sources.is_empty());
    }

    #[test]
    fn unknown_key_names_the_key() {
        let err = load_str("[crawler]\nconcurrancy = 4\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("concurrancy"), "{err}");
        assert!(err.contains("config.toml"), "{err}");
    }

    #[test]
    fn bad_regex_names_source_and_index() {
        let err = load_str(
            "[[sources]]\nname = \"A\"\nfeeds = [\"https://a.example/rss\"]\ndeny = [\"ok\", \"(\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sources[0].deny[1]"), "{err}");
    }

    #[test]
    fn bad_cron_is_rejected() {
        let err = load_str(
            "[[sources]]\nname = \"A\"\nfeeds = [\"https://a.example/rss\"]\nschedule = \"every hour\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sources[0].schedule"), "{err}");
    }

    #[test]
    fn wrong_type_is_rejected() {
        let err = load_str("[crawler]\nconcurrency = \"many\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("concurrency"), "{err}");
    }
}
