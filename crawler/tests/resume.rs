//! A crawl interrupted mid-run (its task aborted, as a kill would stop it) and started
//! again finishes its job with every article delivered exactly once.

mod support;

use std::time::Duration;

use gazette_crawler::{Crawler, CrawlerSettings, JobStatus, NoopObserver, SourceSpec};
use support::RecordingSink;
use support::bulk::BulkSite;

fn settings() -> CrawlerSettings {
    CrawlerSettings {
        per_host_delay: Duration::from_millis(30),
        checkpoint_every_articles: 3,
        request_timeout: Duration::from_secs(5),
        ..CrawlerSettings::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_crawl_resumes_without_losing_or_duplicating() {
    let site = BulkSite::start("127.0.0.1", 24).await;
    let dir = tempfile::tempdir().unwrap();
    let source = SourceSpec::new("Bulk").with_sitemap(site.sitemap());
    let sink = RecordingSink::default();

    let task = {
        let (mut sink, source, path) = (sink.clone(), source.clone(), dir.path().to_path_buf());
        tokio::spawn(async move {
            let crawler = Crawler::open(settings(), &path).unwrap();
            crawler.run(&[source], &mut sink, &NoopObserver).await
        })
    };
    tokio::time::timeout(Duration::from_secs(30), async {
        while sink.durable().len() < 6 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the first run makes progress");
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let after_first = sink.durable().len();
    assert!(
        after_first < site.articles,
        "the run was interrupted before the end"
    );

    let crawler = Crawler::open(settings(), dir.path()).unwrap();
    let mut second = sink.clone();
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        crawler.run(&[source], &mut second, &NoopObserver),
    )
    .await
    .unwrap()
    .unwrap();

    assert_eq!(
        sink.durable().len(),
        site.articles,
        "every article delivered"
    );
    assert_eq!(
        sink.puts().len(),
        site.articles,
        "no article delivered twice"
    );
    assert_eq!(
        report.totals.articles_new as usize, site.articles,
        "stats survive the interruption"
    );
    let history = crawler.job_history(None).unwrap();
    assert_eq!(
        history.len(),
        1,
        "the interrupted job was resumed, not restarted"
    );
    assert_eq!(history[0].resumed, 1);
    assert_eq!(history[0].status, JobStatus::Finished);
}
