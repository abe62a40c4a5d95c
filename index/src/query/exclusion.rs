//! Negated clauses (`-x`, `NOT x`) whose scorer keeps tantivy's seek contract.
//!
//! tantivy's `Exclude` (the scorer of a `must_not` clause) asks the excluded
//! scorer whether it holds each candidate by calling `DocSet::seek_danger`. The
//! first call comes right after the excluded scorer is built, and a built scorer
//! already stands on its first match, which may lie past the first candidate;
//! after a miss, the excluded scorer may also stand past the next candidate.
//! `PhraseScorer::seek_danger` requires `target >= doc()` (a debug assertion),
//! so `-"prime minister"` panicked in debug builds whenever the phrase's first
//! match in a segment came after the segment's first candidate (for a purely
//! negative query, document 0), and relied on unspecified behaviour in release
//! builds. The same held for any non-term query under `must_not` whose scorer
//! forwards `seek_danger` to a phrase (a boosted phrase, a group holding one).
//!
//! [`ForwardSeekQuery`] wraps the excluded query: its scorer answers
//! `seek_danger` with a plain forward `seek` that never moves backwards, so the
//! wrapped scorer only ever sees targets at or after its position. It matches
//! exactly the documents of the wrapped query; a `must_not` clause does not
//! score, so rankings are unchanged.

use tantivy::query::{
    AllScorer, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

/// The `must_not` clause excluding the documents of `query`.
///
/// Single terms stay as they are: their scorer seeks safely from any position,
/// and tantivy runs a specialised exclusion for them.
pub(crate) fn must_not(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    if query.is::<TermQuery>() {
        (Occur::MustNot, query)
    } else {
        (Occur::MustNot, Box::new(ForwardSeekQuery { inner: query }))
    }
}

/// A query matching the documents of `inner`, whose scorer never seeks backwards
/// and answers `seek_danger` with a plain `seek`.
#[derive(Debug)]
pub(crate) struct ForwardSeekQuery {
    inner: Box<dyn Query>,
}

impl Clone for ForwardSeekQuery {
    fn clone(&self) -> Self {
        ForwardSeekQuery {
            inner: self.inner.box_clone(),
        }
    }
}

impl Query for ForwardSeekQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardSeekWeight {
            inner: self.inner.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct ForwardSeekWeight {
    inner: Box<dyn Weight>,
}

impl Weight for ForwardSeekWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        // tantivy's boolean weight recognises these two by type (an empty
        // exclusion is dropped, a match-all one empties the result), and both
        // seek safely, so they are passed through unwrapped.
        if inner.is::<EmptyScorer>() || inner.is::<AllScorer>() {
            return Ok(inner);
        }
        Ok(Box::new(ForwardSeekScorer { inner }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

/// Keeps `inner` in a valid state: it is only advanced or sought forwards.
struct ForwardSeekScorer {
    inner: Box<dyn Scorer>,
}

impl DocSet for ForwardSeekScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.doc();
        if doc >= target {
            doc
        } else {
            self.inner.seek(target)
        }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        // `seek` returns the first match at or after `target`: the inner scorer
        // only moves forwards, and every earlier target was smaller.
        let doc = self.seek(target);
        if doc == target && target != TERMINATED {
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(doc)
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for ForwardSeekScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{AllQuery, BooleanQuery, PhraseQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;

    /// An index whose only phrase match is its last document.
    fn index_and_phrase() -> (Index, PhraseQuery) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in [
            "fragile talks remain",
            "nothing here",
            "talks remain fragile",
        ] {
            let mut doc = TantivyDocument::default();
            doc.add_text(body, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(body, "remain"),
            Term::from_field_text(body, "fragile"),
        ]);
        (index, phrase)
    }

    #[test]
    fn seek_danger_before_the_first_match_reports_that_match_as_the_bound() {
        let (index, phrase) = index_and_phrase();
        let searcher = index.reader().unwrap().searcher();
        let query = ForwardSeekQuery {
            inner: Box::new(phrase),
        };
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        assert_eq!(scorer.doc(), 2);
        assert_eq!(scorer.seek_danger(0), SeekDangerResult::SeekLowerBound(2));
        assert_eq!(scorer.seek_danger(1), SeekDangerResult::SeekLowerBound(2));
        assert_eq!(scorer.seek_danger(2), SeekDangerResult::Found);
        assert_eq!(
            scorer.seek_danger(TERMINATED),
            SeekDangerResult::SeekLowerBound(TERMINATED)
        );
    }

    #[test]
    fn excluding_a_phrase_keeps_every_other_document() {
        let (index, phrase) = index_and_phrase();
        let searcher = index.reader().unwrap().searcher();
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            must_not(Box::new(phrase)),
        ]);
        let mut docs: Vec<DocId> = searcher
            .search(&query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| address.doc_id)
            .collect();
        docs.sort_unstable();
        assert_eq!(docs, vec![0, 1]);
    }
}
