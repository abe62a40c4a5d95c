//! Throughput of fetch + extract + enrich against loopback sites with politeness off,
//! and of replaying the resulting WARC archive.
//! Prints figures; asserts only that the work was done. Run with
//! `cargo test -p gazette-crawler --profile fast --test throughput -- --ignored --nocapture`.

mod support;

use std::time::{Duration, Instant};

use gazette_crawler::{Crawler, CrawlerSettings, NoopObserver, SourceSpec, replay_archive};
use support::RecordingSink;
use support::bulk::BulkSite;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints pages/s"]
async fn pages_per_second_through_fetch_extract_enrich() {
    const HOSTS: usize = 4;
    const PER_HOST: usize = 150;
    let mut sources = Vec::new();
    for h in 0..HOSTS {
        let site = BulkSite::start(&format!("127.0.0.{}", h + 1), PER_HOST).await;
        sources.push(SourceSpec::new(format!("Bulk {h}")).with_sitemap(site.sitemap()));
        std::mem::forget(site);
    }
    let dir = tempfile::tempdir().unwrap();
    let settings = CrawlerSettings {
        per_host_delay: Duration::ZERO,
        concurrency: 16,
        ..CrawlerSettings::default()
    };
    let crawler = Crawler::open(settings, dir.path()).unwrap();
    let mut sink = RecordingSink::default();
    let started = Instant::now();
    let report = crawler
        .run(&sources, &mut sink, &NoopObserver)
        .await
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    let pages = report.totals.pages();
    println!(
        "crawled {pages} pages ({} articles, {:.1} MB) from {HOSTS} hosts in {secs:.2}s: {:.1} pages/s, {:.1} articles/s",
        report.totals.articles_new,
        report.totals.bytes as f64 / 1e6,
        pages as f64 / secs,
        report.totals.articles_new as f64 / secs
    );
    assert_eq!(sink.durable().len(), HOSTS * PER_HOST);

    drop(crawler);
    let mut replayed = RecordingSink::default();
    let started = Instant::now();
    let replay = replay_archive(dir.path(), &mut replayed, &NoopObserver).unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "replayed {} archived pages ({} records) into {} articles in {secs:.2}s: {:.1} pages/s",
        replay.pages,
        replay.records,
        replay.articles,
        replay.pages as f64 / secs
    );
    assert_eq!(replayed.durable().len(), HOSTS * PER_HOST);
}
