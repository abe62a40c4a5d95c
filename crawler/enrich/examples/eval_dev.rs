//! Prints the enrichment benchmark for a gold file:
//! `cargo run -p gazette-enrich --example eval_dev -- [FILE] [ARTICLE_ID]`; with an id, prints
//! that article's tags instead.
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/data/enrichment/dev.jsonl"
            ))
        },
        PathBuf::from,
    );
    if let Some(id) = args.next() {
        let enricher = gazette_enrich::Enricher::new();
        let data = std::fs::read_to_string(&path).unwrap_or_default();
        for line in data.lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if value["id"] == id.as_str() {
                let tags = enricher.enrich(
                    value["title"].as_str().unwrap_or(""),
                    value["text"].as_str().unwrap_or(""),
                );
                println!(
                    "{}",
                    serde_json::to_string_pretty(&tags).unwrap_or_default()
                );
            }
        }
        return;
    }
    match gazette_enrich::benchmark::evaluate_dev(&path) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
