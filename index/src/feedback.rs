//! Pseudo-relevance feedback for long queries (an RM3-style expansion).
//!
//! A pasted sentence or a wire headline describes its subject in its own words,
//! which the relevant articles do not always share. For a relaxed (long) query
//! ranked by relevance, the best [`RankingTuning::feedback_docs`] articles of a
//! first pass are read; each word's weight is its share of those articles'
//! length, weighted by the article's share of the first-pass score, times the
//! word's IDF. The strongest [`RankingTuning::feedback_terms`] words that occur
//! in at least two of them and are not already in the query are added as
//! optional clauses, scaled by [`RankingTuning::feedback_weight`]. The set of
//! matches does not change (the original query stays required); only the order.

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::query::build::RankingTuning;
use crate::stats::KindStatistics;

/// Optional expansion clauses for `query`, or `None` when feedback finds nothing useful.
pub(crate) fn expansion(
    archive: &ArchiveIndex,
    searcher: &Searcher,
    stats: &KindStatistics<'_>,
    query: &dyn Query,
    tuning: &RankingTuning,
) -> Result<Option<Box<dyn Query>>, IndexError> {
    if tuning.feedback_docs == 0 || tuning.feedback_terms == 0 || tuning.feedback_weight <= 0.0 {
        return Ok(None);
    }
    let top = searcher.search_with_statistics_provider(
        query,
        &TopDocs::with_limit(tuning.feedback_docs).order_by_score(),
        stats,
    )?;
    let score_sum: f32 = top.iter().map(|(s, _)| *s).sum();
    if top.len() < 2 || score_sum <= 0.0 {
        return Ok(None);
    }
    let fields = archive.fields();
    let mut in_query: HashSet<String> = HashSet::new();
    query.query_terms(&mut |term, _| {
        if let Some(text) = term.value().as_str() {
            in_query.insert(text.to_string());
        }
    });
    let mut analyzer = archive.inner.index.tokenizer_for_field(fields.text)?;
    let mut weights: HashMap<String, (f32, usize)> = HashMap::new();
    for (score, address) in &top {
        let article = archive.load_article(searcher, *address)?;
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        for body in [&article.title, &article.text] {
            let mut stream = analyzer.token_stream(body);
            while let Some(token) = stream.next() {
                length += 1;
                *counts.entry(token.text.clone()).or_default() += 1;
            }
        }
        let doc_weight = score / score_sum;
        for (word, count) in counts {
            let entry = weights.entry(word).or_default();
            entry.0 += doc_weight * count as f32 / length.max(1) as f32;
            entry.1 += 1;
        }
    }
    let total_docs = stats_docs(searcher, archive)?;
    let mut candidates: Vec<(String, f32)> = Vec::new();
    for (word, (weight, docs)) in weights {
        if docs < 2
            || word.chars().count() < 3
            || word.chars().all(|c| c.is_ascii_digit())
            || in_query.contains(&word)
        {
            continue;
        }
        let df = searcher
            .doc_freq(&Term::from_field_text(fields.text, &word))?
            .max(1);
        let idf = (1.0 + total_docs as f32 / df as f32).ln();
        candidates.push((word, weight * idf));
    }
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(tuning.feedback_terms);
    let Some(strongest) = candidates.first().map(|(_, w)| *w).filter(|w| *w > 0.0) else {
        return Ok(None);
    };
    let clauses: Vec<(Occur, Box<dyn Query>)> = candidates
        .into_iter()
        .map(|(word, weight)| {
            let term = TermQuery::new(
                Term::from_field_text(fields.text, &word),
                IndexRecordOption::WithFreqs,
            );
            let boost = tuning.feedback_weight * weight / strongest;
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), boost)) as Box<dyn Query>,
            )
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

fn stats_docs(searcher: &Searcher, archive: &ArchiveIndex) -> Result<u64, IndexError> {
    let kind = Term::from_field_text(archive.fields().kind, crate::schema::KIND_ARTICLE);
    Ok(searcher.doc_freq(&kind)?.max(1))
}
