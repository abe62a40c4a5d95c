//! Retrieval metrics over ranked lists and TREC qrels: MAP, nDCG@k, P@k.
//!
//! Shared by the index's TIME relevance test and the binary's
//! `gazette eval relevance`, which runs the same queries through HTTP.
//!
//! ```
//! use gazette_index::relevance::{evaluate, Qrels};
//! let qrels = Qrels::parse("1 0 d1 1\n1 0 d3 1\n").unwrap();
//! let run = vec![("1".to_string(), vec!["d1".to_string(), "d2".to_string(), "d3".to_string()])];
//! let scores = evaluate(&run, &qrels);
//! assert!((scores.map - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
//! ```

use std::collections::HashMap;

/// Relevance judgments: query id → document id → grade (> 0 is relevant).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qrels {
    judged: HashMap<String, HashMap<String, u32>>,
}

/// A qrels line that does not read `qid iter docid grade`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("qrels line {line}: expected `qid iteration docid grade`")]
pub struct QrelsError {
    pub line: usize,
}

impl Qrels {
    /// Parses TREC qrels (whitespace-separated `qid iteration docid grade`); blank lines are skipped.
    pub fn parse(text: &str) -> Result<Self, QrelsError> {
        let mut qrels = Qrels::default();
        for (n, line) in text.lines().enumerate() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                [] => {}
                [qid, _, doc, grade] => {
                    let grade: u32 = grade.parse().map_err(|_| QrelsError { line: n + 1 })?;
                    qrels
                        .judged
                        .entry((*qid).to_string())
                        .or_default()
                        .insert((*doc).to_string(), grade);
                }
                _ => return Err(QrelsError { line: n + 1 }),
            }
        }
        Ok(qrels)
    }

    /// The grade of a document for a query (0 when unjudged).
    pub fn grade(&self, qid: &str, doc: &str) -> u32 {
        self.judged
            .get(qid)
            .and_then(|d| d.get(doc))
            .copied()
            .unwrap_or(0)
    }

    /// Number of relevant documents for a query.
    pub fn relevant_count(&self, qid: &str) -> usize {
        self.judged
            .get(qid)
            .map_or(0, |d| d.values().filter(|g| **g > 0).count())
    }

    fn ideal_gains(&self, qid: &str) -> Vec<u32> {
        let mut gains: Vec<u32> = self
            .judged
            .get(qid)
            .map(|d| d.values().copied().filter(|g| *g > 0).collect())
            .unwrap_or_default();
        gains.sort_unstable_by(|a, b| b.cmp(a));
        gains
    }
}

/// Average precision of one ranking.
pub fn average_precision(qrels: &Qrels, qid: &str, ranked: &[String]) -> f64 {
    let relevant = qrels.relevant_count(qid);
    if relevant == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, doc) in ranked.iter().enumerate() {
        if qrels.grade(qid, doc) > 0 {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / relevant as f64
}

/// nDCG at `k` with gain = grade and log2 discount.
pub fn ndcg_at(qrels: &Qrels, qid: &str, ranked: &[String], k: usize) -> f64 {
    let dcg = |gains: &mut dyn Iterator<Item = u32>| -> f64 {
        gains
            .take(k)
            .enumerate()
            .map(|(i, g)| f64::from(g) / ((i + 2) as f64).log2())
            .sum()
    };
    let ideal = dcg(&mut qrels.ideal_gains(qid).into_iter());
    if ideal == 0.0 {
        return 0.0;
    }
    dcg(&mut ranked.iter().map(|d| qrels.grade(qid, d))) / ideal
}

/// Precision at `k` (missing ranks count as misses).
pub fn precision_at(qrels: &Qrels, qid: &str, ranked: &[String], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    ranked
        .iter()
        .take(k)
        .filter(|d| qrels.grade(qid, d) > 0)
        .count() as f64
        / k as f64
}

/// Mean scores over a set of queries.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scores {
    pub queries: usize,
    pub map: f64,
    pub ndcg_10: f64,
    pub p_10: f64,
}

/// Scores a run (`(qid, ranked doc ids)` per query). Queries with no relevant
/// document in the qrels are left out, as trec_eval does.
pub fn evaluate(run: &[(String, Vec<String>)], qrels: &Qrels) -> Scores {
    let judged: Vec<&(String, Vec<String>)> = run
        .iter()
        .filter(|(q, _)| qrels.relevant_count(q) > 0)
        .collect();
    let n = judged.len().max(1) as f64;
    let mean =
        |f: &dyn Fn(&str, &[String]) -> f64| judged.iter().map(|(q, r)| f(q, r)).sum::<f64>() / n;
    Scores {
        queries: judged.len(),
        map: mean(&|q, r| average_precision(qrels, q, r)),
        ndcg_10: mean(&|q, r| ndcg_at(qrels, q, r, 10)),
        p_10: mean(&|q, r| precision_at(qrels, q, r, 10)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn perfect_ranking_scores_one() {
        let qrels = Qrels::parse("q 0 a 1\nq 0 b 1\n").unwrap();
        let run = vec![("q".to_string(), ids(&["a", "b", "c"]))];
        let s = evaluate(&run, &qrels);
        assert!((s.map - 1.0).abs() < 1e-9 && (s.ndcg_10 - 1.0).abs() < 1e-9);
        assert!((s.p_10 - 0.2).abs() < 1e-9);
    }

    #[test]
    fn missing_relevant_documents_lower_map() {
        let qrels = Qrels::parse("q 0 a 1\nq 0 z 1\n").unwrap();
        assert!((average_precision(&qrels, "q", &ids(&["a", "b"])) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_number() {
        assert_eq!(
            Qrels::parse("q 0 a 1\nbroken\n"),
            Err(QrelsError { line: 2 })
        );
    }
}
