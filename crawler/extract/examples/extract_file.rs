//! Prints the extraction of one HTML file (optionally gzip-compressed) as JSON.
//!
//! `cargo run -p gazette-extract --example extract_file -- PAGE.html[.gz] [URL]`, or
//! `... -- --batch PAGE...` for one JSON line per page.

use std::io::Read;

use gazette_extract::{ArticleExtractor, decode_html};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--batch") {
        let extractor = ArticleExtractor::new();
        for path in args.skip(1) {
            let page = extractor.extract(&decode_html(&read(&path)?, None), None);
            println!("{}", serde_json::to_string(&page)?);
        }
        return Ok(());
    }
    let path = args
        .next()
        .ok_or("usage: extract_file PAGE.html[.gz] [URL]")?;
    let url = args.next().map(|u| url::Url::parse(&u)).transpose()?;
    let bytes = read(&path)?;
    let page = ArticleExtractor::new().extract(&decode_html(&bytes, None), url.as_ref());
    println!("{}", serde_json::to_string_pretty(&page)?);
    Ok(())
}

fn read(path: &str) -> Result<Vec<u8>, std::io::Error> {
    let raw = std::fs::read(path)?;
    if !path.ends_with(".gz") {
        return Ok(raw);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
    Ok(out)
}
