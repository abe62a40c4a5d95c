//! Throughput of the extractor next to the bare cost of parsing, on the AEB pages.
//!
//! `cargo run -p gazette-extract --release --example speed_probe -- ../shared/data/extraction/aeb`
//!
//! Prints, for three rounds, pages per second for "parse with scraper and take all text" and
//! for the full extraction (decoding, parsing, content and metadata), single-threaded. The
//! ratio between the two is what stays stable on a busy machine.

use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: speed_probe AEB_DIR")?;
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(format!("{dir}/html"))? {
        let raw = std::fs::read(entry?.path())?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut bytes)?;
        pages.push(bytes);
    }
    let extractor = gazette_extract::ArticleExtractor::new();
    let count = pages.len() as f64;
    for round in 1..=3 {
        let started = Instant::now();
        for bytes in &pages {
            let html = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
            std::hint::black_box(html.root_element().text().count());
        }
        let parse = started.elapsed().as_secs_f64();
        let started = Instant::now();
        for bytes in &pages {
            let page = extractor.extract(&gazette_extract::decode_html(bytes, None), None);
            std::hint::black_box(&page);
        }
        let full = started.elapsed().as_secs_f64();
        println!(
            "round {round}: parse+text {:.0} docs/s, extract {:.0} docs/s (ratio {:.2})",
            count / parse,
            count / full,
            parse / full
        );
    }
    Ok(())
}
