//! End-to-end tests of the API through real HTTP on loopback: a real index in a
//! temporary directory holding a handful of hand-written articles, the real
//! middleware stack, and a `reqwest` client.

mod admin_api;
mod documents;
mod endpoints;
mod fuzz;
mod hardening;
mod limits;

use super::state::{AppState, JobControl, JobError, ServerSettings, TriggerOutcome};
use chrono::{TimeZone, Utc};
use gazette_article::{Article, CountryTag, Quote, TopicTag};
use gazette_index::ArchiveIndex;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// A running server on 127.0.0.1 and a client for it.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub jobs: Arc<FakeJobs>,
    shutdown: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server over the fixture articles with default settings changed by `configure`.
    pub async fn start(configure: impl FnOnce(&mut ServerSettings)) -> TestServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().to_owned();
        let index = tokio::task::spawn_blocking(move || fixture_index(&path))
            .await
            .expect("index task");
        let mut settings = ServerSettings::default();
        configure(&mut settings);
        let jobs = Arc::new(FakeJobs::default());
        let state = AppState {
            index: Arc::new(index),
            enricher: Arc::new(gazette_enrich::Enricher::new()),
            jobs: Arc::clone(&jobs) as Arc<dyn JobControl>,
            settings: Arc::new(settings),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let (shutdown, shutdown_rx) = oneshot::channel::<()>();
        tokio::spawn(super::serve(listener, state, async move {
            let _ = shutdown_rx.await;
        }));
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("HTTP client");
        TestServer {
            base,
            client,
            jobs,
            shutdown: Some(shutdown),
            _dir: dir,
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// GETs a path and returns the status and the body parsed as JSON (`Null` if not JSON).
    pub async fn get_json(&self, path_and_query: &str) -> (u16, Value) {
        let response = self
            .client
            .get(self.url(path_and_query))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    /// GETs a path that must fail with `status` and the API's JSON error shape; returns the message.
    pub async fn expect_error(&self, path_and_query: &str, status: u16) -> String {
        let (got, body) = self.get_json(path_and_query).await;
        assert_eq!(got, status, "{path_and_query}: {body}");
        assert_error_shape(&body, path_and_query);
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Asserts `{"error": {"code": "...", "message": "..."}}` with non-empty strings.
pub fn assert_error_shape(body: &Value, context: &str) {
    let code = body["error"]["code"].as_str().unwrap_or_default();
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !code.is_empty() && !message.is_empty(),
        "{context}: not an API error: {body}"
    );
}

/// The crawl jobs as the tests see them: triggers are counted, status is fixed.
#[derive(Default)]
pub struct FakeJobs {
    pub triggers: Mutex<Vec<Option<String>>>,
}

impl JobControl for FakeJobs {
    fn trigger(&self, source: Option<String>) -> Result<TriggerOutcome, JobError> {
        if source.as_deref() == Some("nowhere") {
            return Err(JobError::UnknownSource("nowhere".into()));
        }
        let mut triggers = self
            .triggers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        triggers.push(source);
        Ok(if triggers.len() == 1 {
            TriggerOutcome::Started
        } else {
            TriggerOutcome::AlreadyRunning
        })
    }

    fn status(&self) -> Value {
        json!({"sources": [{"name": "Policy Wire", "schedule": "*/30 * * * *", "running": false}]})
    }
}

fn topic(code: &str, label: &str) -> TopicTag {
    TopicTag {
        code: code.into(),
        label: label.into(),
        evidence: Vec::new(),
        score: None,
    }
}

fn country(code: &str, name: &str, mentions: u32) -> CountryTag {
    CountryTag {
        code: code.into(),
        name: name.into(),
        mentions,
    }
}

fn quote(speaker: &str, affiliation: &str, text: &str) -> Quote {
    Quote {
        speaker: speaker.into(),
        affiliation: affiliation.into(),
        text: text.into(),
    }
}

/// The fixture archive: five short policy stories across countries, topics, sources
/// and years, two of them quoting the same expert. Text includes markup-like and
/// non-Latin characters so escaping is exercised.
pub fn fixture_articles() -> Vec<Article> {
    let politics = topic("medtop:11000000", "politics");
    let conflict = topic("medtop:16000000", "conflict, war and peace");
    let economy = topic("medtop:04000000", "economy, business and finance");
    let mut articles = Vec::new();

    let mut baku = Article::new(
        "Azerbaijan and Israel deepen energy ties",
        "Baku signed a new gas deal with Israel on Monday. \"This would strengthen Israel <and> Azerbaijan,\" \
         said Joseph Epstein, director of the Turan Research Center.\n\nThe agreement covers pipelines.",
    );
    baku.id = "az-israel-gas".into();
    baku.url = Some("https://wire.example/az-israel-gas".into());
    baku.source = Some("Policy Wire".into());
    baku.published = Utc.with_ymd_and_hms(2024, 3, 5, 9, 0, 0).single();
    baku.byline = vec!["Ana Ruiz".into()];
    baku.countries = vec![country("AZ", "Azerbaijan", 3), country("IL", "Israel", 2)];
    baku.topics = vec![economy.clone(), politics.clone()];
    baku.quotes = vec![quote(
        "Joseph Epstein",
        "director of the Turan Research Center",
        "This would strengthen Israel <and> Azerbaijan",
    )];
    articles.push(baku);

    let mut tbilisi = Article::new(
        "Georgia votes amid protests",
        "Georgians went to the polls in Tbilisi as protests continued. Observers from the OSCE said the vote was calm.",
    );
    tbilisi.id = "georgia-election".into();
    tbilisi.url = Some("https://daily.example/georgia-votes".into());
    tbilisi.source = Some("Caucasus Daily".into());
    tbilisi.published = Utc.with_ymd_and_hms(2024, 10, 26, 18, 30, 0).single();
    tbilisi.countries = vec![country("GE", "Georgia", 2)];
    tbilisi.topics = vec![politics.clone()];
    articles.push(tbilisi);

    let mut gaza = Article::new(
        "Ceasefire talks resume over Gaza",
        "Negotiators for Israel and Hamas met in Cairo to discuss a ceasefire in Gaza. Joseph Epstein said talks \"remain fragile\".",
    );
    gaza.id = "gaza-ceasefire".into();
    gaza.url = Some("https://wire.example/gaza-ceasefire".into());
    gaza.source = Some("Policy Wire".into());
    gaza.published = Utc.with_ymd_and_hms(2023, 11, 20, 7, 15, 0).single();
    gaza.countries = vec![
        country("PS", "Palestine", 3),
        country("EG", "Egypt", 1),
        country("IL", "Israel", 1),
    ];
    gaza.topics = vec![conflict.clone(), politics.clone()];
    gaza.quotes = vec![quote(
        "Joseph Epstein",
        "Turan Research Center",
        "remain fragile",
    )];
    articles.push(gaza);

    let mut trade = Article::new(
        "EU trade ministers & tariffs: \"a <b>bold</b> step\"",
        "Ministers agreed on tariffs. Maria Lopez, an economist at the Bruegel institute, said the step was \"overdue\".",
    );
    trade.id = "eu-tariffs".into();
    trade.source = Some("Policy Wire".into());
    trade.published = Utc.with_ymd_and_hms(2022, 1, 14, 12, 0, 0).single();
    trade.countries = vec![country("BE", "Belgium", 1)];
    trade.topics = vec![economy];
    trade.quotes = vec![quote(
        "Maria Lopez",
        "economist at the Bruegel institute",
        "overdue",
    )];
    articles.push(trade);

    let mut undated = Article::new(
        "Архив: مقالة بدون تاريخ",
        "An archive note without a date about Armenia and Azerbaijan.",
    );
    undated.id = "undated-note".into();
    undated.source = Some("Caucasus Daily".into());
    undated.countries = vec![country("AM", "Armenia", 1), country("AZ", "Azerbaijan", 1)];
    undated.topics = vec![conflict];
    articles.push(undated);

    articles
}

/// Writes the fixture articles into a fresh index in `dir`.
fn fixture_index(dir: &std::path::Path) -> ArchiveIndex {
    let index = ArchiveIndex::open(dir).expect("open index");
    let mut writer = index.writer().expect("index writer");
    for article in fixture_articles() {
        writer.upsert(&article).expect("upsert fixture");
    }
    writer.commit().expect("commit fixtures");
    index
}
