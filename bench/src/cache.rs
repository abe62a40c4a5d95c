//! The synthesised archive on disk, built once per (size, seed, corpus) and reused.
//!
//! Tagging a million articles takes minutes, so the tagged articles are written once to
//! `<work>/articles-<N>-<seed>.jsonl`, one [`TaggedArticle`] per line. The baselines load
//! the tags from it; gazette imports the very same file: its fields are a superset of
//! gazette's import shape (SPEC.md), gazette's import ignores fields outside that shape
//! and tags every article itself, so its figure includes enrichment. One file rather
//! than a second, untagged copy saves about 4 GB of disk at a million articles.
//!
//! A small `.meta.json` written last records what the file holds; a run reuses it only
//! if it matches and the size agrees, so an interrupted synthesis is redone rather than
//! trusted.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use gazette_enrich::Enricher;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::synth::{self, SyntheticArchive};
use crate::workload::TaggedArticle;

/// Bumped whenever the generator's output changes, so old caches are not reused.
const GENERATOR_VERSION: u32 = 2;
/// Articles generated, tagged and written per parallel batch.
const BATCH: usize = 8192;

/// The file of one synthesised archive.
#[derive(Debug, Clone)]
pub struct ArchiveFiles {
    /// One [`TaggedArticle`] per line (also gazette's import file, see the module docs).
    pub tagged: PathBuf,
    pub articles: usize,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Meta {
    generator: u32,
    articles: usize,
    seed: u64,
    corpus_bytes: u64,
    tagged_bytes: u64,
}

/// Returns the archive's file, synthesising and tagging it first unless a valid cache
/// for the same size, seed and corpus exists.
pub fn ensure(
    corpus_path: &Path,
    work_dir: &Path,
    articles: usize,
    seed: u64,
) -> anyhow::Result<ArchiveFiles> {
    std::fs::create_dir_all(work_dir)
        .with_context(|| format!("cannot create {}", work_dir.display()))?;
    let files = ArchiveFiles {
        tagged: work_dir.join(format!("articles-{articles}-{seed}.jsonl")),
        articles,
    };
    let meta_path = work_dir.join(format!("articles-{articles}-{seed}.meta.json"));
    let corpus = Corpus::load(corpus_path)?;
    if let Some(meta) = read_meta(&meta_path)
        && meta.generator == GENERATOR_VERSION
        && meta.articles == articles
        && meta.seed == seed
        && meta.corpus_bytes == corpus.file_bytes
        && file_len(&files.tagged) == Some(meta.tagged_bytes)
    {
        eprintln!(
            "using the cached archive {} ({articles} articles)",
            files.tagged.display()
        );
        return Ok(files);
    }
    // The meta file goes first, so a crash mid-way never leaves a valid-looking cache.
    let _ = std::fs::remove_file(&meta_path);
    let tagged_bytes = synthesise(&corpus, &files, seed)?;
    let meta = Meta {
        generator: GENERATOR_VERSION,
        articles,
        seed,
        corpus_bytes: corpus.file_bytes,
        tagged_bytes,
    };
    std::fs::write(&meta_path, serde_json::to_vec_pretty(&meta)?)
        .with_context(|| format!("cannot write {}", meta_path.display()))?;
    Ok(files)
}

/// Generates and tags every article on all cores, batch by batch, writing them in
/// article order; returns the file's size.
fn synthesise(corpus: &Corpus, files: &ArchiveFiles, seed: u64) -> anyhow::Result<u64> {
    let started = Instant::now();
    let archive = SyntheticArchive::new(corpus, files.articles, seed);
    let enricher = Enricher::new();
    let file = File::create(&files.tagged)
        .with_context(|| format!("cannot create {}", files.tagged.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut bytes = 0u64;
    for start in (0..archive.len()).step_by(BATCH) {
        let end = (start + BATCH).min(archive.len());
        let lines: Vec<String> = (start..end)
            .into_par_iter()
            .map(|index| {
                let mut article = archive.article(index);
                synth::tag(&enricher, &mut article);
                serde_json::to_string(&article)
            })
            .collect::<Result<_, _>>()?;
        for line in &lines {
            writeln!(out, "{line}")?;
            bytes += line.len() as u64 + 1;
        }
        eprint!(
            "\rsynthesising and tagging: {end}/{} articles ({:.0}/s)   ",
            files.articles,
            end as f64 / started.elapsed().as_secs_f64().max(1e-9)
        );
    }
    out.flush()?;
    eprintln!(
        "\nsynthesised {} articles in {:.1}s",
        files.articles,
        started.elapsed().as_secs_f64()
    );
    Ok(bytes)
}

/// Streams the tagged articles of a cache file in order.
pub fn read_tagged(
    path: &Path,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<TaggedArticle>>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let display = path.display().to_string();
    Ok(BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
        .map(move |(number, line)| {
            let line = line.with_context(|| format!("{display}: read error"))?;
            serde_json::from_str(&line)
                .with_context(|| format!("{display}:{}: not a tagged article", number + 1))
        }))
}

/// Up to `max` articles spread evenly over the file (every k-th line), for building the
/// query mix without parsing the whole archive.
pub fn sample(files: &ArchiveFiles, max: usize) -> anyhow::Result<Vec<TaggedArticle>> {
    let stride = files.articles.div_ceil(max.max(1)).max(1);
    let file = File::open(&files.tagged)
        .with_context(|| format!("cannot open {}", files.tagged.display()))?;
    let mut sample = Vec::with_capacity(max.min(files.articles));
    for (number, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line?;
        if number % stride == 0 {
            sample.push(serde_json::from_str(&line).with_context(|| {
                format!(
                    "{}:{}: not a tagged article",
                    files.tagged.display(),
                    number + 1
                )
            })?);
        }
    }
    Ok(sample)
}

fn read_meta(path: &Path) -> Option<Meta> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn file_len(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_is_built_once_then_reused_and_rebuilt_when_damaged() {
        let Some(corpus) = crate::tests_support::shared_corpus() else {
            return;
        };
        let work = crate::tests_support::scratch_dir("cache");
        let first = ensure(&corpus, &work, 40, 3).unwrap();
        let tagged = std::fs::read(&first.tagged).unwrap();
        let articles: Vec<_> = read_tagged(&first.tagged)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(articles.len(), 40);
        assert!(articles.iter().any(|a| !a.countries.is_empty()));
        assert!(articles.iter().any(|a| !a.topics.is_empty()));

        let modified = std::fs::metadata(&first.tagged)
            .unwrap()
            .modified()
            .unwrap();
        let again = ensure(&corpus, &work, 40, 3).unwrap();
        assert_eq!(
            std::fs::metadata(&again.tagged)
                .unwrap()
                .modified()
                .unwrap(),
            modified
        );

        std::fs::write(&first.tagged, b"truncated").unwrap();
        ensure(&corpus, &work, 40, 3).unwrap();
        assert_eq!(
            std::fs::read(&first.tagged).unwrap(),
            tagged,
            "rebuilt byte for byte"
        );

        assert_eq!(sample(&first, 10).unwrap().len(), 10);
        std::fs::remove_dir_all(&work).unwrap();
    }
}
