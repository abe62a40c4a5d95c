//! Evaluation of the enricher against hand-labelled articles (`dev.jsonl`).
//!
//! Scoring follows the annotation guideline:
//! * **countries**: sets of ISO codes per article;
//! * **topics**: sets of *top-level* IPTC codes per article (deeper predicted codes are mapped to
//!   their top-level ancestor; the gold has top level only);
//! * **speakers**: sets of speakers per article, de-duplicated. A predicted and a gold speaker
//!   match when their [`expert_key`]s are equal, or when their surnames (last words) are equal and
//!   either one is a bare surname or their first words agree (equal, or one is the other's
//!   initial): the guideline keeps a bare surname when the article gives only that.
//!   Matching is one-to-one.
//! * **affiliation match rate**: over matched speakers, the share whose affiliations match. Both
//!   are reduced to content words (lower case, accents folded, punctuation and the words "the a an
//!   of in for at and to with on" removed); they match when both are empty, or when the words they
//!   share make up at least half of the shorter one (one is essentially contained in the other).
//!
//! Precision, recall and F1 are micro-averaged: true and false positives and false negatives
//! are summed over articles. Throughput is single-threaded full enrichment (countries, topics
//! and quotes) of the same articles, repeated for at least half a second.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::{Enricher, Tags, expert_key};

mod matching;
pub use matching::{affiliations_match, same_speaker};

/// Why the evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("line {line} of {path} is not a gold article: {source}")]
    Parse {
        path: String,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{0} has no articles")]
    Empty(String),
}

#[derive(Debug, Deserialize)]
struct GoldArticle {
    id: String,
    #[serde(default)]
    title: String,
    text: String,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    topics: Vec<GoldTopic>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
}

#[derive(Debug, Deserialize)]
struct GoldTopic {
    code: String,
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    speaker: String,
    #[serde(default)]
    affiliation: String,
}

/// Precision, recall and F1 from summed counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.true_positives += tp;
        self.false_positives += fp;
        self.false_negatives += fn_;
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        );
        self.recall = ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        );
        let sum = self.precision + self.recall;
        self.f1 = if sum == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / sum
        };
    }
}

/// What one article got wrong, for reading the errors.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleErrors {
    pub id: String,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
}

/// The evaluation result: scores per facet, affiliation agreement, throughput and errors.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnrichmentReport {
    pub articles: usize,
    pub countries: Score,
    pub topics: Score,
    pub speakers: Score,
    /// Matched speakers whose affiliation matches, and all matched speakers.
    pub affiliation_matches: usize,
    pub affiliation_compared: usize,
    pub affiliation_match_rate: f64,
    /// Full enrichments per second on one thread.
    pub articles_per_second: f64,
    /// Per article, what was missed or added (countries as codes, topics as codes, speakers as
    /// names, affiliations as "name: predicted | gold").
    pub errors: Vec<ArticleErrors>,
}

impl fmt::Display for EnrichmentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "enrichment benchmark: {} articles", self.articles)?;
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
            "facet", "precision", "recall", "F1", "TP", "FP", "FN"
        )?;
        for (name, s) in [
            ("countries", &self.countries),
            ("topics", &self.topics),
            ("speakers", &self.speakers),
        ] {
            writeln!(
                f,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                name,
                s.precision,
                s.recall,
                s.f1,
                s.true_positives,
                s.false_positives,
                s.false_negatives
            )?;
        }
        writeln!(
            f,
            "affiliation match: {:.3} ({} of {} matched speakers)",
            self.affiliation_match_rate, self.affiliation_matches, self.affiliation_compared
        )?;
        writeln!(
            f,
            "throughput: {:.0} articles/s (one thread, full enrichment)",
            self.articles_per_second
        )?;
        for e in self
            .errors
            .iter()
            .filter(|e| !e.missed.is_empty() || !e.spurious.is_empty())
        {
            writeln!(
                f,
                "  {}: missed [{}] spurious [{}]",
                e.id,
                e.missed.join(", "),
                e.spurious.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Scores the enricher on a gold JSON Lines file (the shape of `shared/data/enrichment/dev.jsonl`).
pub fn evaluate_dev(path: &Path) -> Result<EnrichmentReport, BenchmarkError> {
    let shown = path.display().to_string();
    let data = std::fs::read_to_string(path).map_err(|source| BenchmarkError::Read {
        path: shown.clone(),
        source,
    })?;
    let mut gold = Vec::new();
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let article: GoldArticle =
            serde_json::from_str(line).map_err(|source| BenchmarkError::Parse {
                path: shown.clone(),
                line: i + 1,
                source,
            })?;
        gold.push(article);
    }
    if gold.is_empty() {
        return Err(BenchmarkError::Empty(shown));
    }
    let enricher = Enricher::new();
    let mut report = EnrichmentReport {
        articles: gold.len(),
        ..EnrichmentReport::default()
    };
    for article in &gold {
        let tags = enricher.enrich(&article.title, &article.text);
        report.score_article(&enricher, article, &tags);
    }
    report.affiliation_match_rate = if report.affiliation_compared == 0 {
        1.0
    } else {
        report.affiliation_matches as f64 / report.affiliation_compared as f64
    };
    report.articles_per_second = throughput(&enricher, &gold);
    Ok(report)
}

fn throughput(enricher: &Enricher, gold: &[GoldArticle]) -> f64 {
    let started = Instant::now();
    let mut done = 0usize;
    while started.elapsed() < Duration::from_millis(500) {
        for article in gold {
            std::hint::black_box(enricher.enrich(&article.title, &article.text));
            done += 1;
        }
    }
    done as f64 / started.elapsed().as_secs_f64().max(1e-9)
}

impl EnrichmentReport {
    fn score_article(&mut self, enricher: &Enricher, article: &GoldArticle, tags: &Tags) {
        let mut errors = ArticleErrors {
            id: article.id.clone(),
            ..ArticleErrors::default()
        };
        let predicted: HashSet<String> = tags.countries.iter().map(|c| c.code.clone()).collect();
        let expected: HashSet<String> = article.countries.iter().cloned().collect();
        set_score(&mut self.countries, &predicted, &expected, &mut errors);

        let taxonomy = enricher.taxonomy();
        let predicted: HashSet<String> = tags
            .topics
            .iter()
            .filter_map(|t| taxonomy.top_level(&t.code))
            .map(str::to_string)
            .collect();
        let expected: HashSet<String> = article.topics.iter().map(|t| t.code.clone()).collect();
        set_score(&mut self.topics, &predicted, &expected, &mut errors);

        let mut predicted: Vec<(&str, &str)> = Vec::new();
        for q in &tags.quotes {
            if !predicted.iter().any(|(s, _)| *s == q.speaker) {
                predicted.push((q.speaker.as_str(), q.affiliation.as_str()));
            }
        }
        let mut unmatched_gold: Vec<&GoldQuote> = Vec::new();
        let mut gold_seen: HashSet<String> = HashSet::new();
        let mut tp = 0;
        for g in &article.quotes {
            if !gold_seen.insert(expert_key(&g.speaker)) {
                continue;
            }
            match predicted
                .iter()
                .position(|(p, _)| same_speaker(p, &g.speaker))
            {
                Some(i) => {
                    let (name, affiliation) = predicted.remove(i);
                    tp += 1;
                    self.affiliation_compared += 1;
                    if affiliations_match(affiliation, &g.affiliation) {
                        self.affiliation_matches += 1;
                    } else {
                        errors
                            .missed
                            .push(format!("{name}: {affiliation} | {}", g.affiliation));
                    }
                }
                None => unmatched_gold.push(g),
            }
        }
        self.speakers.add(tp, predicted.len(), unmatched_gold.len());
        errors
            .missed
            .extend(unmatched_gold.iter().map(|g| g.speaker.clone()));
        errors
            .spurious
            .extend(predicted.iter().map(|(s, _)| (*s).to_string()));
        self.errors.push(errors);
    }
}

fn set_score(
    score: &mut Score,
    predicted: &HashSet<String>,
    expected: &HashSet<String>,
    errors: &mut ArticleErrors,
) {
    let tp = predicted.intersection(expected).count();
    let mut missed: Vec<String> = expected.difference(predicted).cloned().collect();
    let mut spurious: Vec<String> = predicted.difference(expected).cloned().collect();
    missed.sort();
    spurious.sort();
    score.add(tp, spurious.len(), missed.len());
    errors.missed.extend(missed);
    errors.spurious.extend(spurious);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_micro_averaged() {
        let mut s = Score::default();
        s.add(3, 1, 0);
        s.add(1, 0, 2);
        assert_eq!(
            (s.true_positives, s.false_positives, s.false_negatives),
            (4, 1, 2)
        );
        assert!((s.precision - 0.8).abs() < 1e-9);
        assert!((s.recall - 4.0 / 6.0).abs() < 1e-9);
    }
}
