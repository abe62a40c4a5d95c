//! `ArchiveIndex::quotes`: attributed quotes as searchable records.
//!
//! Each quote is its own document (see [`crate::schema`]) carrying the article's
//! countries, topics, source and date, so "what did X say about Iran" is one
//! request: `expert=X`, `q=Iran`. Without `q` the newest quotes come first.

use std::time::Instant;

use tantivy::collector::Count;

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::document::QuoteRecord;
use crate::query::build::Target;
use crate::query::limits::MAX_RESULT_WINDOW;
use crate::request::{QuoteRequest, SortOrder};
use crate::response::{QuoteHit, QuoteResults};
use crate::schema::KIND_QUOTE;
use crate::search::sorted_top_docs;
use crate::snippet::Snippeter;
use crate::stats::KindStatistics;

/// Quotes are highlighted whole up to this length.
const QUOTE_CHARS: usize = 10_000;

impl ArchiveIndex {
    /// Quotes matching `q` (over the quote text) and the filters (`GET /api/quotes`).
    pub fn quotes(&self, req: &QuoteRequest) -> Result<QuoteResults, IndexError> {
        let started = Instant::now();
        let page = req.page.max(1);
        let offset = (page - 1).saturating_mul(req.per_page);
        if offset.saturating_add(req.per_page) > MAX_RESULT_WINDOW {
            return Err(IndexError::bad_request(format!(
                "paging stops at result {MAX_RESULT_WINDOW}; narrow the query or the filters"
            )));
        }
        let searcher = self.searcher();
        let (built, query) = self.restricted_query(
            &req.q,
            req.mode,
            Target::Quotes,
            KIND_QUOTE,
            &req.filters,
            None,
        )?;
        let sort = if req.q.trim().is_empty() && req.sort == SortOrder::Relevance {
            SortOrder::Newest
        } else {
            req.sort
        };
        let stats = KindStatistics::new(&searcher, self.fields().kind, KIND_QUOTE)?;
        let (total, top) = searcher.search_with_statistics_provider(
            &*query,
            &(
                Count,
                sorted_top_docs(sort, req.per_page, offset, self.published_dates(&searcher)),
            ),
            &stats,
        )?;
        let snippeter = Snippeter::new(
            &searcher,
            &*built.highlight,
            self.fields().quote_text,
            QUOTE_CHARS,
        )?;
        let mut quotes = Vec::with_capacity(top.len());
        if req.per_page > 0 {
            for ((_, _, score), address) in top {
                let record: QuoteRecord =
                    serde_json::from_str(&self.load_record(&searcher, address)?)
                        .map_err(IndexError::Corrupt)?;
                quotes.push(QuoteHit {
                    highlighted: snippeter.highlight_all(&record.text),
                    speaker: record.speaker,
                    affiliation: record.affiliation,
                    text: record.text,
                    article_id: record.article_id,
                    title: record.title,
                    url: record.url,
                    published: record.published,
                    source: record.source,
                    score,
                });
            }
        }
        Ok(QuoteResults {
            total: total as u64,
            took_ms: started.elapsed().as_millis() as u64,
            page,
            per_page: req.per_page,
            quotes,
        })
    }
}
