//! BM25 statistics per document kind.
//!
//! Articles and quotes share one index (see [`crate::schema`]). tantivy's own
//! statistics would count quote documents in the article collection size, which
//! lowers the average article length and inflates IDF. This provider counts only
//! the documents of the kind being searched.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// BM25 statistics restricted to one `kind` of document.
pub(crate) struct KindStatistics<'a> {
    searcher: &'a Searcher,
    num_docs: u64,
}

impl<'a> KindStatistics<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        kind_field: Field,
        kind: &str,
    ) -> tantivy::Result<Self> {
        let num_docs = searcher.doc_freq(&Term::from_field_text(kind_field, kind))?;
        Ok(KindStatistics {
            searcher,
            num_docs: num_docs.max(1),
        })
    }
}

impl Bm25StatisticsProvider for KindStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.num_docs)
    }

    /// Clamped to the kind's size: fields shared by both kinds (names, tags)
    /// could otherwise exceed it, and tantivy's IDF asserts they do not.
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.searcher.doc_freq(term)?.min(self.num_docs))
    }
}
