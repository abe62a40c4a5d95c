use std::time::Instant;
fn main() {
    for n in [2000usize, 4000, 8000, 16000] {
        let html = format!("{}<p>x</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        let t = Instant::now(); let d = scraper::Html::parse_document(&html); let p = t.elapsed();
        drop(d);
        let t = Instant::now(); let _ = gazette_extract::ArticleExtractor::new().extract(&html, None); let f = t.elapsed();
        println!("{n} parse {p:?} full {f:?}");
    }
}
