//! `gazette export quickwit DIR`: the archive as a Quickwit index config and NDJSON
//! documents for its ingest API, for an archive that has outgrown one machine.
//!
//! DIR receives `gazette-index.yaml` (for `quickwit index create`),
//! `articles-00001.ndjson`, ... (one ingest request each, under `--chunk-bytes`)
//! and `README.txt` with the commands that load them (docs/QUICKWIT.md explains
//! the mapping and how gazette's queries translate).
//!
//! The export only reads the index, through the same snapshot-consistent cursor
//! as `GET /api/export`, so it runs while `gazette serve` holds the writer. Files
//! are written into a staging directory inside DIR and moved into place only
//! when every one is complete: an interrupted export leaves DIR as it was, never
//! a set of chunks that looks whole. DIR must be empty (or not exist) unless
//! `--force`, which replaces an earlier export's files and leaves others alone.

mod chunks;
mod document;
mod index_config;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use chrono::Utc;
use gazette_index::SearchRequest;

use self::chunks::{ChunkWriter, Placement, is_chunk_name};
use self::document::DocumentBuilder;
use self::index_config::{index_config, index_id_problem};
use super::{Env, UsageError};
use crate::cli::QuickwitExportArgs;
use crate::progress;

/// The index config's file name in DIR.
const CONFIG_FILE: &str = "gazette-index.yaml";
/// The load instructions' file name in DIR.
const README_FILE: &str = "README.txt";
/// Smallest `--chunk-bytes` accepted: below it most articles would not fit a chunk.
const MIN_CHUNK_BYTES: u64 = 4096;

/// What one export wrote, for the summary line.
struct Summary {
    articles: usize,
    undated: usize,
    chunks: Vec<PathBuf>,
}

pub fn quickwit(env: &Env, args: &QuickwitExportArgs) -> anyhow::Result<()> {
    if let Some(problem) = index_id_problem(&args.index_id) {
        return Err(UsageError(problem).into());
    }
    if args.chunk_bytes < MIN_CHUNK_BYTES {
        return Err(UsageError(format!(
            "--chunk-bytes {} is too small; use at least {MIN_CHUNK_BYTES} (Quickwit's default ingest limit is 10 MB)",
            args.chunk_bytes
        ))
        .into());
    }
    let index_dir = env.data_dir().join("index");
    if !index_dir.join("meta.json").is_file() {
        return Err(UsageError(format!(
            "{} holds no gazette index to export",
            env.data_dir().display()
        ))
        .into());
    }
    prepare_target(&args.dir, args.force)?;
    let started = Instant::now();
    let index = env.open_index()?;
    let staging = tempfile::Builder::new()
        .prefix(".gazette-export-")
        .tempdir_in(&args.dir)
        .with_context(|| format!("cannot create a directory in {}", args.dir.display()))?;
    let summary = write_documents(&index, staging.path(), args.chunk_bytes)?;
    let config = yaml_serde::to_string(&index_config(&args.index_id))
        .context("cannot serialise the Quickwit index config")?;
    fs::write(staging.path().join(CONFIG_FILE), config)
        .with_context(|| format!("cannot write {CONFIG_FILE}"))?;
    let chunk_names: Vec<String> = summary
        .chunks
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .collect();
    fs::write(
        staging.path().join(README_FILE),
        load_instructions(&args.index_id, &chunk_names),
    )
    .with_context(|| format!("cannot write {README_FILE}"))?;
    publish(staging.path(), &args.dir)?;
    println!(
        "exported {} articles into {} NDJSON file(s) of at most {} bytes in {:.1}s; {} had no published date and carry their fetch date (dated: false)",
        summary.articles,
        summary.chunks.len(),
        args.chunk_bytes,
        started.elapsed().as_secs_f64(),
        summary.undated,
    );
    println!(
        "load them into Quickwit with the commands in {}",
        args.dir.join(README_FILE).display()
    );
    Ok(())
}

/// Creates DIR if needed; refuses a file, or a non-empty DIR without `--force`.
fn prepare_target(dir: &Path, force: bool) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(UsageError(format!(
            "{} exists and is not a directory; name a directory for the export",
            dir.display()
        ))
        .into());
    }
    if !dir.exists() {
        return fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()));
    }
    let mut entries =
        fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if entries.next().is_some() && !force {
        return Err(UsageError(format!(
            "{} is not empty; name an empty or new directory, or pass --force to replace an earlier export there",
            dir.display()
        ))
        .into());
    }
    Ok(())
}

/// Every article of the index, as NDJSON chunks in `staging`.
fn write_documents(
    index: &gazette_index::ArchiveIndex,
    staging: &Path,
    chunk_bytes: u64,
) -> anyhow::Result<Summary> {
    let builder = DocumentBuilder::new(Utc::now());
    let mut chunks = ChunkWriter::new(staging, chunk_bytes);
    let bar = progress::spinner("exporting");
    let (mut articles, mut undated) = (0usize, 0usize);
    for record in index.export(&SearchRequest::default(), None)? {
        let record = record.context("cannot read an article from the index")?;
        let document = builder.document(&record.article);
        let json = serde_json::to_vec(&document)
            .with_context(|| format!("cannot serialise article {}", document.id))?;
        if chunks.write(&json)? == Placement::Oversized {
            bar.suspend(|| {
                eprintln!(
                    "gazette: warning: article {} alone is {} bytes, over --chunk-bytes {chunk_bytes}; \
                     its file needs a larger Quickwit ingest limit (or `quickwit index ingest`)",
                    document.id,
                    json.len() + 1
                )
            });
        }
        articles += 1;
        undated += usize::from(!document.dated);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Summary {
        articles,
        undated,
        chunks: chunks.finish()?,
    })
}

/// Moves the staged files into DIR, first removing the chunks of an earlier export
/// (a shorter export must not leave stale chunks behind to be ingested twice).
fn publish(staging: &Path, dir: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let stale = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_chunk_name);
        if stale && path.is_file() {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    for entry in fs::read_dir(staging).context("cannot read the staging directory")? {
        let entry = entry?;
        let target = dir.join(entry.file_name());
        fs::rename(entry.path(), &target)
            .with_context(|| format!("cannot move {} into place", target.display()))?;
    }
    Ok(())
}

/// `README.txt`: the commands that create the index and ingest every chunk.
fn load_instructions(index_id: &str, chunks: &[String]) -> String {
    let mut text = format!(
        "Quickwit export of a gazette archive (see docs/QUICKWIT.md in the gazette repository).\n\
         \n\
         1. Create the index (Quickwit 0.9; a node listening on 127.0.0.1:7280):\n\
         \n\
         \x20  quickwit index create --index-config {CONFIG_FILE}\n\
         \x20  # or: curl -XPOST -H 'Content-Type: application/yaml' http://127.0.0.1:7280/api/v1/indexes --data-binary @{CONFIG_FILE}\n\
         \n\
         2. Ingest every file (each fits one request under Quickwit's 10 MB default ingest limit):\n\
         \n"
    );
    for chunk in chunks {
        text.push_str(&format!(
            "   quickwit index ingest --index {index_id} --input-path {chunk} --force\n"
        ));
    }
    text.push_str("\n   # or, through the REST API:\n");
    for chunk in chunks {
        text.push_str(&format!(
            "   curl -XPOST -H 'Content-Type: application/x-ndjson' 'http://127.0.0.1:7280/api/v1/{index_id}/ingest?commit=force' --data-binary @{chunk}\n"
        ));
    }
    if chunks.is_empty() {
        text.push_str("   (the archive was empty: there is nothing to ingest)\n");
    }
    text.push_str(&format!(
        "\n3. Search:\n\n   curl 'http://127.0.0.1:7280/api/v1/{index_id}/search?query=energy&sort_by=published_at'\n"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_instructions_name_every_chunk_and_the_index() {
        let chunks = vec![
            "articles-00001.ndjson".to_owned(),
            "articles-00002.ndjson".to_owned(),
        ];
        let text = load_instructions("news", &chunks);
        for chunk in &chunks {
            assert!(text.contains(&format!("--input-path {chunk}")), "{text}");
            assert!(text.contains(&format!("@{chunk}")), "{text}");
        }
        assert!(text.contains("/api/v1/news/ingest?commit=force"), "{text}");
        assert!(text.contains("--index-config gazette-index.yaml"), "{text}");
    }
}
