//! The web pages over a real listener and a real (temporary) index of a few
//! hand-written articles, requested with reqwest as a browser would.
//!
//! Every page is also fed hostile text (`<script>alert(1)</script>` in article fields,
//! queries and facet values) and must show it as text, never as markup.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use gazette_article::{Article, CountryTag, Quote, TopicTag};
use gazette_enrich::Enricher;
use gazette_index::ArchiveIndex;
use reqwest::StatusCode;

use crate::server::{AppState, JobControl, JobError, ServerSettings, TriggerOutcome};

const EVIL: &str = "<script>alert(1)</script>";
const EVIL_IN_URL: &str = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";

/// Crawl jobs are not part of the web page; this stands in for the scheduler.
struct NoJobs;

impl JobControl for NoJobs {
    fn trigger(&self, _source: Option<String>) -> Result<TriggerOutcome, JobError> {
        Err(JobError::Failed("no crawl jobs in web tests".into()))
    }

    fn status(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

/// The web router served on 127.0.0.1 over a temporary index; gone with the test.
struct TestSite {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

struct Page {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl TestSite {
    /// The web router alone.
    async fn start() -> TestSite {
        TestSite::serve(|state| super::router().with_state(state)).await
    }

    /// The whole server (API and page), to follow the page's links into the API.
    async fn start_with_api() -> TestSite {
        TestSite::serve(crate::server::app).await
    }

    async fn serve(app: impl FnOnce(AppState) -> axum::Router) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = ArchiveIndex::open(dir.path()).expect("open index");
        let mut writer = index.writer().expect("writer");
        for article in fixtures() {
            writer.upsert(&article).expect("upsert");
        }
        writer.commit().expect("commit");
        let state = AppState {
            index: Arc::new(index),
            enricher: Arc::new(Enricher::new()),
            jobs: Arc::new(NoJobs),
            settings: Arc::new(ServerSettings::default()),
        };
        let app = app(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestSite {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    async fn get(&self, path_and_query: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path_and_query}", self.base))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Page {
            status,
            headers,
            body,
        }
    }
}

impl Page {
    /// Asserts the hostile strings never appear as markup (only escaped, if at all).
    fn assert_no_injected_markup(&self, path: &str) {
        let body = &self.body;
        assert!(
            !body.contains("<script>alert"),
            "{path}: raw script:\n{body}"
        );
        assert!(!body.contains("<img src=x"), "{path}: raw img:\n{body}");
        assert!(
            !body.contains("href=\"javascript:"),
            "{path}: javascript: link"
        );
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<DateTime<Utc>> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).single()
}

fn country(code: &str, name: &str) -> CountryTag {
    CountryTag {
        code: code.into(),
        name: name.into(),
        mentions: 2,
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

fn quote(speaker: &str, affiliation: &str, text: &str) -> Quote {
    Quote {
        speaker: speaker.into(),
        affiliation: affiliation.into(),
        text: text.into(),
    }
}

/// Five hand-written articles: two on Azerbaijan, one on Georgia, one undated, one
/// hostile.
fn fixtures() -> Vec<Article> {
    let mut baku = Article::new(
        "Azerbaijan and Israel deepen energy ties",
        "Azerbaijan supplies much of the oil Israel imports.\n\n\
         Officials in Baku said the pipeline deal would last a decade.",
    );
    baku.id = "baku-1".into();
    baku.url = Some("https://news.example.org/baku-1".into());
    baku.source = Some("Example Wire".into());
    baku.byline = vec!["Ann Writer".into()];
    baku.published = day(2024, 3, 5);
    baku.countries = vec![country("AZ", "Azerbaijan"), country("IL", "Israel")];
    baku.topics = vec![
        topic("medtop:11000000", "politics"),
        topic("medtop:20000621", "diplomacy"),
    ];
    let turan = "director of the Turan Research Center";
    baku.quotes = vec![
        quote("Joseph Epstein", turan, "The ties will only grow stronger."),
        quote("Joseph Epstein", turan, "Energy is the anchor."),
    ];

    let mut gas = Article::new(
        "Azerbaijan gas reaches Europe",
        "Azerbaijan began shipping gas to Europe through Georgia and Turkey.",
    );
    gas.id = "baku-2".into();
    gas.source = Some("Example Wire".into());
    gas.published = day(2024, 5, 20);
    gas.countries = vec![country("AZ", "Azerbaijan"), country("GE", "Georgia")];
    gas.topics = vec![topic("medtop:11000000", "politics")];
    gas.quotes = vec![quote("Joseph Epstein", "analyst", "Europe needs this gas.")];

    let mut tbilisi = Article::new(
        "Georgia votes in a tense election",
        "Voters in Georgia chose a new parliament on Saturday.",
    );
    tbilisi.id = "tbilisi-1".into();
    tbilisi.source = Some("Other Daily".into());
    tbilisi.published = day(2023, 10, 1);
    tbilisi.countries = vec![country("GE", "Georgia")];
    tbilisi.topics = vec![topic("medtop:11000000", "politics")];

    let mut hostile = Article::new(
        format!("Budget {EVIL} row"),
        format!(
            "The budget {EVIL} row continued. <img src=x onerror=alert(1)>\n\n\
             Azerbaijan was mentioned."
        ),
    );
    hostile.id = "hostile-1".into();
    hostile.url = Some("javascript:alert(1)".into());
    hostile.source = Some(format!("Source {EVIL}"));
    hostile.byline = vec![EVIL.into()];
    hostile.published = day(2024, 3, 7);
    hostile.countries = vec![country("AZ", "Azerbaijan")];
    hostile.quotes = vec![quote(EVIL, EVIL, EVIL)];
    let mut undated = Article::new(
        "Armenia and Azerbaijan talk peace",
        "Negotiators from Armenia met their counterparts from Azerbaijan.",
    );
    undated.id = "undated-1".into();
    undated.countries = vec![country("AM", "Armenia"), country("AZ", "Azerbaijan")];
    vec![baku, gas, tbilisi, undated, hostile]
}

#[tokio::test]
async fn search_page_shows_highlighted_hits_facets_timeline_and_feed() {
    let site = TestSite::start().await;
    let page = site.get("/?q=pipeline").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(
        body.contains("Azerbaijan and Israel deepen energy ties"),
        "{body}"
    );
    assert!(body.contains("<mark>pipeline</mark>"), "{body}");
    assert!(body.contains("href=\"/articles/baku-1\""));
    assert!(body.contains("<svg class=\"timeline-chart\""));
    assert!(body.contains("href=\"/api/search.atom?q=pipeline\""));
    assert!(body.contains("name=\"country\" value=\"AZ\""));
    assert!(body.contains("<strong>1</strong> article"));
}

#[tokio::test]
async fn country_facet_narrows_and_keeps_disjunctive_counts() {
    let site = TestSite::start().await;
    let page = site.get("/?country=GE").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Georgia votes in a tense election"));
    assert!(!body.contains("Azerbaijan and Israel deepen energy ties"));
    // The country facet ignores its own selection: Israel is still offered.
    assert!(body.contains("name=\"country\" value=\"IL\""), "{body}");
    assert!(body.contains("value=\"GE\" checked"));
    // The selected filter is a removable chip linking to the unfiltered search.
    assert!(body.contains("class=\"chip removable\" href=\"/\""));
}

#[tokio::test]
async fn pages_and_sorts_through_the_url() {
    let site = TestSite::start().await;
    let page = site.get("/?q=azerbaijan&sort=oldest&per_page=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("rel=\"next\""), "{}", page.body);
    let next = "href=\"/?q=azerbaijan&#38;sort=oldest&#38;page=2&#38;per_page=1\"";
    assert!(page.body.contains(next), "{}", page.body);
    let second = site
        .get("/?q=azerbaijan&sort=oldest&page=2&per_page=1")
        .await;
    assert!(second.body.contains("rel=\"prev\""));
    assert_ne!(page.body, second.body);
}

#[tokio::test]
async fn timeline_bars_narrow_the_date_range() {
    let site = TestSite::start().await;
    let page = site.get("/?q=azerbaijan").await;
    // Matches span March to May 2024: weekly bars; the first week starts Monday 4 March.
    let first_week = "from=2024-03-04&#38;to=2024-03-10";
    assert!(page.body.contains(first_week), "{}", page.body);
}

#[tokio::test]
async fn undated_matches_are_counted_beside_the_timeline() {
    let site = TestSite::start().await;
    let page = site.get("/?q=azerbaijan").await;
    let note = "1 match has no published date and is not on the timeline.";
    assert!(page.body.contains(note), "{}", page.body);
    let dated_only = site.get("/?q=pipeline").await;
    assert!(!dated_only.body.contains("no published date"));
}

#[tokio::test]
async fn hostile_text_is_shown_as_text_on_every_page() {
    let site = TestSite::start().await;
    for path in [
        "/?q=budget".to_owned(),
        format!("/?q={EVIL_IN_URL}"),
        format!("/?q=budget&source={EVIL_IN_URL}"),
        format!("/?expert={EVIL_IN_URL}"),
        format!("/?country={EVIL_IN_URL}"),
        "/articles/hostile-1".to_owned(),
        "/experts".to_owned(),
        format!("/experts/{EVIL_IN_URL}"),
        format!("/experts?q={EVIL_IN_URL}"),
        format!("/articles/{EVIL_IN_URL}"),
        format!("/?from={EVIL_IN_URL}"),
    ] {
        let page = site.get(&path).await;
        assert!(page.status.as_u16() < 500, "{path}: {}", page.status);
        page.assert_no_injected_markup(&path);
    }
    let article = site.get("/articles/hostile-1").await;
    let escaped = "&#60;script&#62;alert(1)&#60;/script&#62;";
    assert!(article.body.contains(escaped), "{}", article.body);
    let results = site.get("/?q=budget").await;
    assert!(
        results.body.contains("Source &#60;script&#62;"),
        "{}",
        results.body
    );
}

#[tokio::test]
async fn article_page_shows_text_quotes_by_speaker_links_and_similar() {
    let site = TestSite::start().await;
    let page = site.get("/articles/baku-1").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("<p>Azerbaijan supplies much of the oil Israel imports.</p>"));
    assert!(body.contains("href=\"/experts/Joseph%20Epstein\""));
    assert_eq!(
        body.matches("director of the Turan Research Center")
            .count(),
        1
    );
    assert_eq!(body.matches("<blockquote>").count(), 2);
    assert!(body.contains("href=\"https://news.example.org/baku-1\""));
    assert!(body.contains("href=\"/api/articles/baku-1\""));
    assert!(body.contains("More like this"));
}

#[tokio::test]
async fn unknown_article_is_a_friendly_404() {
    let site = TestSite::start().await;
    let page = site.get("/articles/no-such-id").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("no-such-id"));
}

#[tokio::test]
async fn bad_input_is_a_400_page_with_the_form_kept() {
    let site = TestSite::start().await;
    for (path, expected) in [
        ("/?q=gas&from=2024-02-30", "is not a date"),
        ("/?q=gas&country=Atlantis", "Atlantis"),
        ("/?q=gas&from=2024-05-01&to=2024-01-01", "swap the dates"),
        ("/?q=gas+OR", "needs a term"),
        ("/?page=abc", "whole number"),
        ("/experts?topic=nonsense-topic", "nonsense-topic"),
    ] {
        let page = site.get(path).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            page.body.contains("class=\"problems\""),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains(expected), "{path}: {}", page.body);
    }
    let kept = site.get("/?q=gas&from=nope").await;
    assert!(
        kept.body.contains("value=\"gas\""),
        "the query stays in the box"
    );
}

#[tokio::test]
async fn experts_directory_and_expert_quotes() {
    let site = TestSite::start().await;
    let directory = site.get("/experts").await;
    assert_eq!(directory.status, StatusCode::OK);
    let link = "href=\"/experts/Joseph%20Epstein\"";
    assert!(directory.body.contains(link), "{}", directory.body);
    let expert = site.get("/experts/Joseph%20Epstein").await;
    assert_eq!(expert.status, StatusCode::OK);
    let newest = expert.body.find("Europe needs this gas.");
    let older = expert.body.find("Energy is the anchor.");
    assert!(
        newest.is_some() && older.is_some() && newest < older,
        "newest first:\n{}",
        expert.body
    );
    let searched = site.get("/experts/Joseph%20Epstein?q=anchor").await;
    assert!(
        searched.body.contains("<mark>anchor</mark>"),
        "{}",
        searched.body
    );
    assert!(!searched.body.contains("Europe needs this gas."));
    let nobody = site.get("/experts/Nobody%20Atall").await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn static_assets_are_served_with_long_cache_lifetimes() {
    let site = TestSite::start().await;
    let home = site.get("/").await;
    let css_href = super::assets::css_href();
    assert!(home.body.contains(css_href));
    let css = site.get(css_href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains(".facet"));
    assert!(css.header("cache-control").contains("immutable"));
    let js = site.get(super::assets::js_href()).await;
    assert!(js.header("content-type").starts_with("text/javascript"));
}

#[tokio::test]
async fn pages_have_landmarks_labels_and_a_skip_link() {
    let site = TestSite::start().await;
    for path in [
        "/",
        "/articles/baku-1",
        "/experts",
        "/experts/Joseph%20Epstein",
    ] {
        let page = site.get(path).await;
        let body = &page.body;
        assert!(
            body.contains("class=\"skip-link\" href=\"#main\""),
            "{path}"
        );
        assert!(body.contains("<main id=\"main\""), "{path}");
        assert!(body.contains("<html lang=\"en\">"), "{path}");
        assert!(
            !body.contains(" style=\""),
            "{path}: inline style breaks a strict CSP"
        );
        assert!(
            !body.contains("<script>"),
            "{path}: inline script breaks a strict CSP"
        );
    }
    let home = site.get("/").await;
    assert!(home.body.contains("<label for=\"q\""));
}

#[tokio::test]
async fn subscribe_and_record_links_are_accepted_by_the_api() {
    let site = TestSite::start_with_api().await;
    let page = site
        .get("/?q=azerbaijan&country=AZ&from=2024-01-01&sort=oldest&page=2&per_page=1")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let feed = "/api/search.atom?q=azerbaijan&#38;country=AZ&#38;from=2024-01-01";
    assert!(page.body.contains(feed), "{}", page.body);
    let atom = site
        .get("/api/search.atom?q=azerbaijan&country=AZ&from=2024-01-01")
        .await;
    assert_eq!(atom.status, StatusCode::OK, "{}", atom.body);
    assert!(atom.body.contains("<feed"));
    let record = site.get("/api/articles/baku-1").await;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.body.contains("\"id\":\"baku-1\""), "{}", record.body);
}
