//! The crawler's hand-off into the index: an [`ArticleSink`] over an index writer.
//!
//! The crawler calls `flush` at its checkpoints and marks URLs done only after it
//! succeeds, so everything flushed is committed (durable) first; articles handed
//! over after the last flush may be fetched again after a crash, which is harmless
//! because the index upserts by id.

use gazette_article::Article;
use gazette_crawler::{ArticleSink, SinkError};
use gazette_index::{ArchiveIndex, ArchiveWriter};

/// Upserts crawled articles into the index and commits on flush.
pub struct IndexSink<'a> {
    index: &'a ArchiveIndex,
    writer: ArchiveWriter,
    pending: usize,
}

impl<'a> IndexSink<'a> {
    /// Takes the index's writer for the duration of a crawl or reindex.
    pub fn new(index: &'a ArchiveIndex) -> Result<Self, gazette_index::IndexError> {
        Ok(IndexSink {
            index,
            writer: index.writer()?,
            pending: 0,
        })
    }
}

impl ArticleSink for IndexSink<'_> {
    fn put(&mut self, article: Article) -> Result<(), SinkError> {
        self.writer
            .upsert(&article)
            .map_err(|e| SinkError::new(e.to_string()))?;
        self.pending += 1;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        if self.pending == 0 {
            return Ok(());
        }
        self.writer
            .commit()
            .map_err(|e| SinkError::new(e.to_string()))?;
        self.pending = 0;
        self.index
            .reload()
            .map_err(|e| SinkError::new(e.to_string()))
    }
}
