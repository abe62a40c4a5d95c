use std::io::Read;
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_default();
    let mut docs = Vec::new();
    for e in std::fs::read_dir(format!("{dir}/html")).into_iter().flatten().flatten() {
        let mut out = Vec::new();
        let raw = std::fs::read(e.path()).unwrap_or_default();
        let _ = flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out);
        docs.push(String::from_utf8_lossy(&out).into_owned());
    }
    let t = Instant::now();
    if std::env::args().nth(2).is_none() { for d in &docs { let h = scraper::Html::parse_document(d); std::hint::black_box(&h); } }
    let parse = t.elapsed().as_secs_f64();
    let ex = gazette_extract::ArticleExtractor::new();
    let t = Instant::now();
    for _ in 0..3 { for d in &docs { let p = ex.extract(d, None); std::hint::black_box(&p); } }
    let full = t.elapsed().as_secs_f64();
    println!("parse {:.0}/s full {:.0}/s", docs.len() as f64 / parse, 3.0 * docs.len() as f64 / full);
}
