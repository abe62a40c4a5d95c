//! Prints the enrichment benchmark for a gold file: `cargo run -p gazette-enrich --example eval_dev -- FILE`.
use std::path::PathBuf;

fn main() {
    let path = std::env::args().nth(1).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/enrichment/dev.jsonl")),
        PathBuf::from,
    );
    match gazette_enrich::benchmark::evaluate_dev(&path) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
