//! The crawler against an adversarial site on loopback: real HTTP, no mocks.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use gazette_crawler::{Crawler, CrawlerSettings, NoopObserver, SourceSpec, replay_archive};
use support::RecordingSink;
use support::site::{CRAWL_DELAY, EXPECTED, FORBIDDEN, Site};

fn settings() -> CrawlerSettings {
    CrawlerSettings {
        user_agent: "gazette-test/1.0".into(),
        per_host_delay: Duration::from_millis(50),
        request_timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        max_body_bytes: 256 * 1024,
        max_retries: 2,
        retry_base_delay: Duration::from_millis(100),
        max_retry_after: Duration::from_secs(5),
        checkpoint_every_articles: 4,
        ..CrawlerSettings::default()
    }
}

fn source(site: &Site) -> SourceSpec {
    let mut spec = SourceSpec::new("Fixture News")
        .with_feed(site.url("/feed.rss"))
        .with_feed(site.url("/atom.xml"))
        .with_sitemap(site.url("/sitemap_index.xml.gz"))
        .with_start_url(site.url("/start"));
    spec.max_depth = 2;
    spec
}

const BOUND: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adversarial_site_is_crawled_politely_once_and_replayable() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let crawler = Crawler::open(settings(), dir.path()).unwrap();
    let sources = [source(&site)];
    let mut sink = RecordingSink::default();

    let report = tokio::time::timeout(BOUND, crawler.run(&sources, &mut sink, &NoopObserver))
        .await
        .expect("the crawl ends within the bound")
        .unwrap();

    // Every expected article exactly once, with its title and date.
    let delivered = sink.durable();
    let by_url: BTreeMap<String, _> = delivered
        .values()
        .map(|a| {
            (
                url::Url::parse(a.url.as_deref().unwrap())
                    .unwrap()
                    .path()
                    .to_string(),
                a,
            )
        })
        .collect();
    for (path, title, date) in EXPECTED {
        let article = by_url
            .get(*path)
            .unwrap_or_else(|| panic!("{path} not delivered; got {:?}", by_url.keys()));
        assert_eq!(&article.title, title, "title of {path}");
        assert_eq!(
            article.published.map(|d| d.to_rfc3339()).as_deref(),
            Some(*date),
            "date of {path}"
        );
        assert_eq!(article.source.as_deref(), Some("Fixture News"));
        assert_eq!(
            article.id,
            gazette_article::id_from_url(
                article
                    .canonical_url
                    .as_deref()
                    .unwrap_or(article.url.as_deref().unwrap())
            )
        );
    }
    assert_eq!(
        delivered.len(),
        EXPECTED.len(),
        "unexpected articles: {:?}",
        by_url.keys()
    );
    let mut put_ids: Vec<&str> = Vec::new();
    let puts = sink.puts();
    for a in &puts {
        put_ids.push(&a.id);
    }
    put_ids.sort();
    put_ids.dedup();
    assert_eq!(put_ids.len(), EXPECTED.len());

    // Duplicates are linked, not indexed twice.
    let alpha = by_url["/news/alpha"];
    assert!(
        alpha
            .duplicate_urls
            .iter()
            .any(|u| u.ends_with("/news/alpha-copy")),
        "{:?}",
        alpha.duplicate_urls
    );
    let beta = by_url["/news/beta"];
    assert!(
        beta.duplicate_urls
            .iter()
            .any(|u| u.ends_with("/news/syndicated")),
        "{:?}",
        beta.duplicate_urls
    );
    let epsilon = by_url["/news/epsilon"];
    assert!(
        epsilon
            .duplicate_urls
            .iter()
            .any(|u| u.ends_with("/redirect/start"))
    );
    assert!(report.totals.dedup_hits >= 2);

    // Each URL fetched once (tracking parameters and fragments normalised away).
    let counts = site.hit_counts();
    for path in [
        "/news/alpha",
        "/news/beta",
        "/news/bom",
        "/robots.txt",
        "/feed.rss",
    ] {
        assert_eq!(
            counts.get(path),
            Some(&1),
            "{path} fetched {:?} times",
            counts.get(path)
        );
    }
    assert!(
        counts
            .keys()
            .all(|p| !p.contains("utm_") && !p.contains("fbclid"))
    );

    // Pages that forbid indexing (meta robots, X-Robots-Tag for our agent) are read, not archived as articles.
    for path in ["/news/hidden", "/news/tagged"] {
        assert_eq!(site.count(path), 1);
        assert!(!by_url.contains_key(path), "{path} indexed despite noindex");
    }

    // Nothing disallowed or off-source requested; the calendar trap is cut off by depth.
    for path in FORBIDDEN {
        assert_eq!(
            site.count(path),
            0,
            "{path} was requested despite robots.txt"
        );
    }
    assert!(
        site.outside_hits.lock().unwrap().is_empty(),
        "off-source host contacted"
    );
    let calendar = site
        .hits()
        .iter()
        .filter(|h| h.path_and_query.starts_with("/calendar/"))
        .count();
    assert!(calendar <= 2, "calendar pages fetched: {calendar}");
    assert!(report.totals.robots_blocked >= 1);

    // Failures are reported, not fatal.
    let errors = &report.totals.errors_by_kind;
    assert!(errors.contains_key("timeout"), "{errors:?}");
    assert_eq!(
        errors.get("too_large"),
        Some(&2),
        "the huge page and the gzip bomb: {errors:?}"
    );
    assert!(errors.contains_key("not_html"), "{errors:?}");
    assert!(errors.contains_key("redirect_loop"), "{errors:?}");
    assert!(errors.contains_key("http_404"), "{errors:?}");
    assert!(report.totals.retries >= 1);
    assert_eq!(
        site.count("/news/slow"),
        3,
        "timeouts are retried max_retries times"
    );

    // Politeness: one request at a time, Crawl-delay apart (it is larger than ours).
    let hits = site.hits();
    for pair in hits.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= CRAWL_DELAY,
            "gap {gap:?} between {} and {}",
            pair[0].path_and_query,
            pair[1].path_and_query
        );
    }
    assert!(hits.iter().all(|h| h.user_agent == "gazette-test/1.0"));
    let flaky: Vec<_> = hits
        .iter()
        .filter(|h| h.path_and_query == "/news/flaky")
        .collect();
    assert_eq!(flaky.len(), 2);
    assert!(
        flaky[1].at.duration_since(flaky[0].at) >= Duration::from_secs(1),
        "Retry-After honoured"
    );

    // A second crawl of the unchanged site: 304s, nothing new delivered.
    site.clear_hits();
    let mut second = RecordingSink::default();
    let report2 = tokio::time::timeout(BOUND, crawler.run(&sources, &mut second, &NoopObserver))
        .await
        .unwrap()
        .unwrap();
    assert!(
        second.puts().is_empty(),
        "re-delivered: {:?}",
        second.puts().iter().map(|a| &a.url).collect::<Vec<_>>()
    );
    assert_eq!(report2.totals.articles_new, 0);
    assert!(
        report2
            .totals
            .pages_by_status
            .get("304")
            .copied()
            .unwrap_or(0)
            >= 8,
        "{:?}",
        report2.totals.pages_by_status
    );
    assert!(report2.totals.articles_unchanged >= 8);

    // A changed article is delivered again, under the same id.
    site.state
        .alpha_version
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let mut third = RecordingSink::default();
    let report3 = tokio::time::timeout(BOUND, crawler.run(&sources, &mut third, &NoopObserver))
        .await
        .unwrap()
        .unwrap();
    let updated = third.durable();
    assert_eq!(
        updated.len(),
        1,
        "{:?}",
        updated.values().map(|a| &a.url).collect::<Vec<_>>()
    );
    let new_alpha = updated.values().next().unwrap();
    assert_eq!(new_alpha.id, alpha.id);
    assert_ne!(new_alpha.text, alpha.text);
    assert_eq!(report3.totals.articles_updated, 1);
    assert_eq!(report3.totals.articles_new, 0);

    let history = crawler.job_history(Some("Fixture News")).unwrap();
    assert_eq!(history.len(), 3);
    assert!(
        history
            .iter()
            .all(|j| j.status == gazette_crawler::JobStatus::Finished)
    );

    // Replaying the archive rebuilds the same articles (latest versions) with no network.
    let mut final_state = delivered.clone();
    final_state.insert(new_alpha.id.clone(), new_alpha.clone());
    drop(crawler);
    let mut replayed = RecordingSink::default();
    let replay = replay_archive(dir.path(), &mut replayed, &NoopObserver).unwrap();
    let rebuilt = replayed.durable();
    assert_eq!(rebuilt.len(), final_state.len(), "replay report {replay:?}");
    for (id, original) in &final_state {
        let again = &rebuilt[id];
        assert_eq!(again.title, original.title);
        assert_eq!(again.text, original.text);
        assert_eq!(again.published, original.published);
        assert_eq!(again.source, original.source);
    }
}
