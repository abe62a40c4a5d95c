//! Source rules (allow, deny, max_depth) and robots.txt redirects on small fixed sites.

mod support;

use std::time::Duration;

use gazette_crawler::{Crawler, CrawlerSettings, NoopObserver, SourceSpec};
use regex::Regex;
use support::static_site::{Fixed, StaticSite};
use support::{RecordingSink, prose};

fn settings() -> CrawlerSettings {
    CrawlerSettings {
        per_host_delay: Duration::from_millis(10),
        ..CrawlerSettings::default()
    }
}

fn story(title: &str) -> Fixed {
    let body: String = prose(title, 4)
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    Fixed::html(format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ))
}

fn front(links: &[&str]) -> Fixed {
    let items: String = links
        .iter()
        .map(|l| format!("<li><a href=\"{l}\">{l}</a></li>"))
        .collect();
    Fixed::html(format!("<html><body><ul>{items}</ul></body></html>"))
}

async fn crawl(site: &StaticSite, spec: SourceSpec) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let crawler = Crawler::open(settings(), dir.path()).unwrap();
    let mut sink = RecordingSink::default();
    tokio::time::timeout(
        Duration::from_secs(30),
        crawler.run(&[spec], &mut sink, &NoopObserver),
    )
    .await
    .unwrap()
    .unwrap();
    let _ = site;
    let mut paths: Vec<String> = sink
        .durable()
        .values()
        .map(|a| {
            url::Url::parse(a.url.as_deref().unwrap())
                .unwrap()
                .path()
                .to_string()
        })
        .collect();
    paths.sort();
    paths
}

#[tokio::test]
async fn allow_and_deny_decide_which_pages_are_articles() {
    let site = StaticSite::start(vec![
        ("/start", front(&["/news/a", "/news/skip", "/about"])),
        ("/news/a", story("Allowed story")),
        ("/news/skip", story("Denied story")),
        ("/about", story("About us at length")),
    ])
    .await;
    let mut spec = SourceSpec::new("Rules").with_start_url(site.url("/start"));
    spec.allow = vec![Regex::new("/news/").unwrap()];
    spec.deny = vec![Regex::new("/skip$").unwrap()];
    assert_eq!(crawl(&site, spec).await, ["/news/a"]);
    assert_eq!(
        site.requested("/about"),
        1,
        "pages outside `allow` are still followed"
    );
}

#[tokio::test]
async fn max_depth_zero_fetches_only_the_entry_points() {
    let site = StaticSite::start(vec![
        ("/start", front(&["/news/a"])),
        ("/news/a", story("Linked story")),
    ])
    .await;
    let mut spec = SourceSpec::new("Shallow").with_start_url(site.url("/start"));
    spec.max_depth = 0;
    assert!(crawl(&site, spec).await.is_empty());
    assert_eq!(site.requested("/news/a"), 0);
}

#[tokio::test]
async fn redirected_robots_txt_is_followed() {
    let site = StaticSite::start(vec![
        ("/robots.txt", Fixed::redirect("/policy/robots.txt")),
        (
            "/policy/robots.txt",
            Fixed::text("User-agent: *\nDisallow: /secret\n"),
        ),
        ("/start", front(&["/secret", "/open"])),
        ("/secret", story("Secret story")),
        ("/open", story("Open story")),
    ])
    .await;
    let spec = SourceSpec::new("Robots").with_start_url(site.url("/start"));
    assert_eq!(crawl(&site, spec).await, ["/open"]);
    assert_eq!(site.requested("/secret"), 0);
    assert_eq!(site.requested("/policy/robots.txt"), 1);
}

#[tokio::test]
async fn robots_txt_server_errors_are_retried_before_anything_is_fetched() {
    let site = StaticSite::start_sequences(vec![
        (
            "/robots.txt",
            vec![
                Fixed::status(503, vec![("retry-after", "1".into())]),
                Fixed::text("User-agent: *\nDisallow: /secret\n"),
            ],
        ),
        ("/start", vec![front(&["/secret", "/open"])]),
        ("/secret", vec![story("Secret story")]),
        ("/open", vec![story("Open story")]),
    ])
    .await;
    let spec = SourceSpec::new("Robots").with_start_url(site.url("/start"));
    assert_eq!(crawl(&site, spec).await, ["/open"]);
    assert_eq!(site.requested("/secret"), 0);
    let robots = site.times("/robots.txt");
    assert_eq!(robots.len(), 2);
    assert!(
        robots[1].duration_since(robots[0]) >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert!(
        site.times("/start")[0] > robots[1],
        "nothing fetched before robots.txt answered"
    );
}

#[tokio::test]
async fn feeds_advertised_by_a_start_page_are_read() {
    let site = StaticSite::start(vec![
        (
            "/",
            Fixed::html(
                "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head>\
                 <body><a href=\"/elsewhere\">x</a></body></html>",
            ),
        ),
        (
            "/feed",
            Fixed::text(
                "<rss version=\"2.0\"><channel><title>t</title><item><title>F</title>\
                 <link>/news/from-feed</link></item></channel></rss>",
            ),
        ),
        ("/news/from-feed", story("Story from the feed")),
    ])
    .await;
    let mut spec = SourceSpec::new("Autodiscovery").with_start_url(site.url("/"));
    spec.max_depth = 0;
    assert_eq!(crawl(&site, spec).await, ["/news/from-feed"]);
    assert_eq!(
        site.requested("/elsewhere"),
        0,
        "max_depth 0 follows no links"
    );
}
