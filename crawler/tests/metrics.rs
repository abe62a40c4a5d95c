//! The crawler reports Prometheus-style counters through the `metrics` facade.
//! (Its own test binary: it installs a process-wide recorder.)

mod support;

use std::time::Duration;

use gazette_crawler::{Crawler, CrawlerSettings, NoopObserver, SourceSpec};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};
use support::RecordingSink;
use support::bulk::BulkSite;

#[tokio::test]
async fn pages_articles_and_latency_are_counted() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    recorder.install().unwrap();

    let site = BulkSite::start("127.0.0.1", 5).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = CrawlerSettings {
        per_host_delay: Duration::from_millis(5),
        ..CrawlerSettings::default()
    };
    let crawler = Crawler::open(settings, dir.path()).unwrap();
    let mut sink = RecordingSink::default();
    let source = SourceSpec::new("Metrics").with_sitemap(site.sitemap());
    crawler
        .run(&[source], &mut sink, &NoopObserver)
        .await
        .unwrap();

    let mut counters = std::collections::HashMap::new();
    let mut latencies = 0;
    for (key, _, _, value) in snapshotter.snapshot().into_vec() {
        let name = key.key().name().to_string();
        match value {
            DebugValue::Counter(n) => *counters.entry(name).or_insert(0) += n,
            DebugValue::Histogram(samples) if name == "gazette_crawler_fetch_seconds" => {
                latencies += samples.len()
            }
            _ => {}
        }
    }
    // robots.txt (404), the sitemap and five stories.
    assert_eq!(
        counters.get("gazette_crawler_pages_total"),
        Some(&7),
        "{counters:?}"
    );
    assert_eq!(counters.get("gazette_crawler_articles_new_total"), Some(&5));
    assert!(
        counters
            .get("gazette_crawler_bytes_total")
            .copied()
            .unwrap_or(0)
            > 1000
    );
    assert_eq!(latencies, 7);
}
