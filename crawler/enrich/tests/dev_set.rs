//! Scores the enricher on the project's hand-labelled dev set when `../shared` is present.
//! The floors sit a little under the figures reached, so that a regression fails the test.

use std::path::Path;

use gazette_enrich::benchmark::evaluate_dev;

#[test]
fn dev_set_scores_stay_above_floors() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/enrichment/dev.jsonl"
    ));
    if !path.exists() {
        eprintln!("SKIP: {} is absent", path.display());
        return;
    }
    let report = match evaluate_dev(path) {
        Ok(report) => report,
        Err(e) => panic!("evaluation failed: {e}"),
    };
    println!("{report}");
    assert!(
        report.countries.f1 >= 0.95,
        "countries F1 {:.3}",
        report.countries.f1
    );
    assert!(
        report.topics.f1 >= 0.80,
        "topics F1 {:.3}",
        report.topics.f1
    );
    assert!(
        report.speakers.f1 >= 0.93,
        "speakers F1 {:.3}",
        report.speakers.f1
    );
    assert!(
        report.affiliation_match_rate >= 0.88,
        "affiliation match {:.3}",
        report.affiliation_match_rate
    );
}
