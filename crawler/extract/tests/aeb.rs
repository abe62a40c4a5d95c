//! Runs the Article Extraction Benchmark when the shared data is present, prints the report
//! and fails when F1 regresses below the floor. Throughput is printed, never asserted.
//! With `AEB_PAGES=1` in the environment it also lists the 40 worst pages.
//!
//! `cargo test -p gazette-extract --profile fast --test aeb -- --nocapture`

use std::path::PathBuf;

use gazette_extract::benchmark::evaluate_aeb;

/// The regression floor: below this the extractor has lost ground on real pages.
const MIN_F1: f64 = 0.95;

#[test]
fn aeb_f1_stays_above_floor() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/extraction/aeb"
    ));
    if !dir.join("ground-truth.json").exists() {
        eprintln!("SKIP: AEB data not found at {}", dir.display());
        return;
    }
    let report = match evaluate_aeb(&dir) {
        Ok(report) => report,
        Err(e) => panic!("AEB evaluation failed: {e}"),
    };
    if std::env::var_os("AEB_PAGES").is_some() {
        let mut pages = report.per_page.clone();
        pages.sort_by(|a, b| {
            let fa = a.precision.unwrap_or(0.0) + a.recall.unwrap_or(0.0);
            let fb = b.precision.unwrap_or(0.0) + b.recall.unwrap_or(0.0);
            fa.total_cmp(&fb)
        });
        for page in pages.iter().take(40) {
            eprintln!(
                "{:.3} {:.3} {} {}",
                page.precision.unwrap_or(0.0),
                page.recall.unwrap_or(0.0),
                page.id,
                page.url.as_deref().unwrap_or("")
            );
        }
    }
    println!("{report}");
    assert!(
        report.f1 >= MIN_F1,
        "AEB F1 {:.4} fell below {MIN_F1}",
        report.f1
    );
}
