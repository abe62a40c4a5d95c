//! [`ArchiveWriter`]: batched, crash-safe writes.
//!
//! Writes are buffered by tantivy and become durable and visible together at
//! [`ArchiveWriter::commit`]; a process killed before a commit loses only the
//! uncommitted batch, never the index. Callers commit every N articles.

use gazette_article::{Article, id_from_url};
use tantivy::{IndexWriter, Term};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::document::article_documents;
use crate::labels::Labels;
use crate::topics::topic_paths;

const DEFAULT_MEMORY: usize = 100_000_000;
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The index's single writer (see [`ArchiveIndex::writer`]).
pub struct ArchiveWriter {
    archive: ArchiveIndex,
    writer: IndexWriter,
    labels: Labels,
    pending: usize,
}

impl ArchiveWriter {
    pub(crate) fn new(archive: ArchiveIndex) -> Result<Self, IndexError> {
        let memory = archive
            .inner
            .options
            .writer_memory
            .unwrap_or(DEFAULT_MEMORY);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 2);
        let threads = threads.min((memory / MIN_MEMORY_PER_THREAD).max(1));
        let memory = memory.max(MIN_MEMORY_PER_THREAD * threads);
        let writer = archive
            .inner
            .index
            .writer_with_num_threads(threads, memory)?;
        let labels = archive.labels().as_ref().clone();
        Ok(ArchiveWriter {
            archive,
            writer,
            labels,
            pending: 0,
        })
    }

    /// Adds an article, replacing any article with the same id (and its quotes).
    /// An article without an id gets [`id_from_url`] of its canonical URL (or URL).
    /// Returns the id used. Visible after [`ArchiveWriter::commit`].
    pub fn upsert(&mut self, article: &Article) -> Result<String, IndexError> {
        let mut article = article.clone();
        if article.id.trim().is_empty() {
            let url = article
                .canonical_url
                .as_deref()
                .or(article.url.as_deref())
                .ok_or_else(|| {
                    IndexError::bad_request("an article needs an id or a URL to derive one from")
                })?;
            article.id = id_from_url(url);
        }
        let paths = topic_paths(
            &article.topics,
            self.archive.inner.options.topic_parent.as_ref(),
        );
        let docs = article_documents(self.archive.fields(), &article, &paths)
            .map_err(IndexError::Corrupt)?;
        self.delete(&article.id);
        for doc in docs {
            if let Err(error) = self.writer.add_document(doc) {
                return Err(self.cause_of(error));
            }
        }
        self.labels.learn(&article, &paths);
        self.pending += 1;
        Ok(article.id)
    }

    /// Removes an article and its quotes (no error if it does not exist).
    pub fn delete(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.archive.fields().article_id, id));
        self.pending += 1;
    }

    /// How many upserts and deletes wait for the next commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Makes every pending change durable (atomically, with the facet labels) and
    /// visible to this process's readers.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        let payload = self.labels.to_payload().map_err(IndexError::Corrupt)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.pending = 0;
        self.archive.reload()
    }

    /// The error behind a failed `add_document`.
    ///
    /// When an indexing thread fails (a full disk, an unwritable file), tantivy
    /// keeps its error in that thread, and every later `add_document` says only
    /// that "the index writer was killed". Joining the threads, as preparing a
    /// commit does, returns the real cause (e.g. "No space left on device"), which
    /// is what an operator needs to read. Nothing is committed either way: the
    /// prepared commit, should one succeed, is aborted.
    fn cause_of(&mut self, error: tantivy::TantivyError) -> IndexError {
        if !matches!(error, tantivy::TantivyError::ErrorInThread(_)) {
            return error.into();
        }
        match self.writer.prepare_commit() {
            Err(cause) => cause.into(),
            Ok(prepared) => {
                let _ = prepared.abort();
                error.into()
            }
        }
    }

    /// Drops every change since the last commit.
    pub fn rollback(&mut self) -> Result<(), IndexError> {
        self.writer.rollback()?;
        self.labels = self.archive.labels().as_ref().clone();
        self.pending = 0;
        Ok(())
    }
}
