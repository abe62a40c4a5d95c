//! The Article Extraction Benchmark (AEB), scored exactly as its `evaluate.py` does.
//!
//! A directory holds `ground-truth.json` (`{id: {"articleBody": ..., "url": ...}}`) and
//! `html/<id>.html.gz`. Each page's prediction and truth become multisets of word 4-gram
//! shingles over `\w+` tokens (case kept; a text of fewer than four tokens is one shingle; an
//! empty text has none). Per page, true/false positives and negatives are the multiset
//! intersection and differences, normalised by their sum; precision and recall are averaged
//! over the pages where they are defined, and F1 is the harmonic mean of the two averages.
//!
//! ```no_run
//! let report = gazette_extract::benchmark::evaluate_aeb(std::path::Path::new("aeb"))?;
//! println!("{report}");
//! # Ok::<(), gazette_extract::benchmark::BenchmarkError>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::{ArticleExtractor, decode_html};

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot parse {path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("the ground truth in {0} lists no pages")]
    Empty(PathBuf),
}

/// The score of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    pub url: Option<String>,
    /// `None` when the page has neither predicted nor true shingles on that side.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

/// The benchmark result: averages over pages and throughput.
#[derive(Debug, Clone, Serialize)]
pub struct AebReport {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pages per second, single-threaded, parsing included (decompression excluded).
    pub docs_per_second: f64,
    pub per_page: Vec<PageScore>,
}

impl fmt::Display for AebReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AEB: {} pages  precision={:.4}  recall={:.4}  F1={:.4}  {:.0} docs/s",
            self.pages, self.precision, self.recall, self.f1, self.docs_per_second
        )
    }
}

#[derive(Deserialize)]
struct TruthEntry {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

/// Runs the extractor over every page of the benchmark in `dir` and scores it.
pub fn evaluate_aeb(dir: &Path) -> Result<AebReport, BenchmarkError> {
    let truth_path = dir.join("ground-truth.json");
    let raw = std::fs::read(&truth_path).map_err(|source| BenchmarkError::Io {
        path: truth_path.clone(),
        source,
    })?;
    let truth: BTreeMap<String, TruthEntry> =
        serde_json::from_slice(&raw).map_err(|source| BenchmarkError::Json {
            path: truth_path.clone(),
            source,
        })?;
    if truth.is_empty() {
        return Err(BenchmarkError::Empty(truth_path));
    }
    let extractor = ArticleExtractor::new();
    let mut elapsed = Duration::ZERO;
    let mut per_page = Vec::with_capacity(truth.len());
    for (id, entry) in &truth {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = read_gzip(&path)?;
        let url = entry.url.as_deref().and_then(|u| url::Url::parse(u).ok());
        let started = Instant::now();
        let html = decode_html(&bytes, None);
        let page = extractor.extract(&html, url.as_ref());
        elapsed += started.elapsed();
        let counts = shingle_counts(&entry.article_body, &page.text);
        per_page.push(PageScore {
            id: id.clone(),
            url: entry.url.clone(),
            precision: counts.precision(),
            recall: counts.recall(),
        });
    }
    let precision = mean(per_page.iter().filter_map(|p| p.precision));
    let recall = mean(per_page.iter().filter_map(|p| p.recall));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let seconds = elapsed.as_secs_f64();
    Ok(AebReport {
        pages: per_page.len(),
        precision,
        recall,
        f1,
        docs_per_second: if seconds > 0.0 {
            per_page.len() as f64 / seconds
        } else {
            0.0
        },
        per_page,
    })
}

fn read_gzip(path: &Path) -> Result<Vec<u8>, BenchmarkError> {
    let file = std::fs::File::open(path).map_err(|source| BenchmarkError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| BenchmarkError::Io {
            path: path.to_owned(),
            source,
        })?;
    Ok(bytes)
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

/// True positives, false positives and false negatives of one page, normalised to sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShingleCounts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl ShingleCounts {
    /// Precision as AEB defines it; `None` when the page is left out of the average.
    pub fn precision(&self) -> Option<f64> {
        if self.tp + self.fp <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        })
    }

    /// Recall as AEB defines it; `None` when the page is left out of the average.
    pub fn recall(&self) -> Option<f64> {
        if self.tp + self.fn_ <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        })
    }
}

/// Compares the shingle multisets of a true and a predicted text.
pub fn shingle_counts(truth: &str, predicted: &str) -> ShingleCounts {
    let true_shingles = shingles(truth);
    let pred_shingles = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &t) in &true_shingles {
        let p = pred_shingles.get(key).copied().unwrap_or(0);
        tp += t.min(p) as f64;
        fn_ += t.saturating_sub(p) as f64;
    }
    for (key, &p) in &pred_shingles {
        let t = true_shingles.get(key).copied().unwrap_or(0);
        fp += p.saturating_sub(t) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        ShingleCounts {
            tp: tp / sum,
            fp: fp / sum,
            fn_: fn_ / sum,
        }
    } else {
        ShingleCounts { tp, fp, fn_ }
    }
}

/// `\w+` tokens as Python's `re` finds them: runs of alphanumerics and underscores.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Word 4-gram shingles with their counts; fewer than four tokens make one shingle.
fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let tokens = tokens(text);
    let mut counts: HashMap<Vec<&str>, u32> = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let n = 4.min(tokens.len());
    for window in tokens.windows(n) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let c = shingle_counts("one two three four five", "one two three four five");
        assert_eq!(c.precision(), Some(1.0));
        assert_eq!(c.recall(), Some(1.0));
    }

    #[test]
    fn extra_text_lowers_precision_only() {
        let c = shingle_counts("a b c d e", "a b c d e f g h i");
        assert_eq!(c.recall(), Some(1.0));
        assert!(c.precision().is_some_and(|p| p < 1.0));
    }

    #[test]
    fn empty_prediction_has_no_precision_and_zero_recall() {
        let c = shingle_counts("a b c d e", "");
        assert_eq!(c.precision(), None);
        assert_eq!(c.recall(), Some(0.0));
    }

    #[test]
    fn short_texts_form_one_shingle() {
        assert_eq!(shingles("a b").len(), 1);
        assert!(shingles("  ").is_empty());
    }

    #[test]
    fn case_is_kept() {
        let c = shingle_counts("A b c d", "a b c d");
        assert_eq!(c.recall(), Some(0.0));
    }
}
