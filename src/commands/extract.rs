//! `gazette extract FILE... [--url URL]`: the cleaned, tagged article of saved pages.
//!
//! One process handles any number of files, so extraction throughput can be measured
//! from outside (`hyperfine 'gazette extract pages/*.html'`). One file prints one JSON
//! object; several print JSON Lines, each with its `file`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use gazette_enrich::Enricher;
use gazette_extract::ArticleExtractor;
use serde_json::{Value, json};
use url::Url;

use super::UsageError;

pub fn run(files: &[PathBuf], url: Option<&str>) -> anyhow::Result<()> {
    let url = url
        .map(|u| Url::parse(u).map_err(|e| UsageError(format!("--url {u:?} is not a URL ({e})"))))
        .transpose()?;
    let extractor = ArticleExtractor::new();
    let enricher = Enricher::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for file in files {
        match extract_file(&extractor, &enricher, file, url.as_ref()) {
            Ok(mut record) => {
                if files.len() > 1 {
                    record["file"] = json!(file.display().to_string());
                }
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
            }
            Err(e) => {
                eprintln!("gazette: {}: {e:#}", file.display());
                failed += 1;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!("{failed} of {} files could not be read", files.len());
    }
    Ok(())
}

fn extract_file(
    extractor: &ArticleExtractor,
    enricher: &Enricher,
    file: &Path,
    url: Option<&Url>,
) -> anyhow::Result<Value> {
    let bytes = std::fs::read(file).context("cannot read")?;
    let html = gazette_extract::decode_html(&bytes, None);
    let page = extractor.extract(&html, url);
    let tags = enricher.enrich(&page.title, &page.text);
    Ok(json!({
        "url": url.map(Url::as_str),
        "canonical_url": page.canonical_url,
        "title": page.title,
        "byline": page.byline,
        "published": page.published.map(|d| d.to_rfc3339()),
        "published_source": page.published_source,
        "modified": page.modified.map(|d| d.to_rfc3339()),
        "site_name": page.site_name,
        "language": page.language,
        "section": page.section,
        "image": page.image,
        "text": page.text,
        "countries": tags.countries,
        "topics": tags.topics,
        "quotes": tags.quotes,
    }))
}
