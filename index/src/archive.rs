//! [`ArchiveIndex`]: opening the index, the shared reader, and lookups by id.

use std::path::Path;
use std::sync::{Arc, RwLock};

use gazette_article::Article;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::IndexError;
use crate::directory::ArchiveDirectory;
use crate::facet_ordinals::FacetOrdinals;
use crate::labels::Labels;
use crate::published::PublishedDates;
use crate::response::SearchResults;
use crate::result_cache::{DEFAULT_RESULT_CACHE_ENTRIES, ResultCache, ResultCacheStats};
use crate::schema::{self, Fields, KIND_ARTICLE};
use crate::timeline::AllDays;
use crate::topics::TopicParentFn;
use crate::writer::ArchiveWriter;

/// How an index is opened.
#[derive(Clone, Default)]
pub struct IndexOptions {
    /// The taxonomy's topic parent relation (see [`crate::topics`]); without it,
    /// topic paths are inferred from the order of each article's topic list.
    pub topic_parent: Option<TopicParentFn>,
    /// Indexing memory budget in bytes (default 100 MB, at least 15 MB per thread).
    pub writer_memory: Option<usize>,
    /// Ranking parameters; the defaults are the tuned ones.
    pub tuning: crate::RankingTuning,
    /// Follow commits made by other processes (e.g. `gazette import` while
    /// `gazette serve` runs) without calling [`ArchiveIndex::reload`]: tantivy
    /// watches the index and reloads shortly after each commit. Off by default,
    /// so that reads change only when this process commits or reloads.
    pub follow_commits: bool,
    /// Search answers kept for repeated requests while the index is unchanged (see
    /// [`crate::result_cache`]); `None` means [`DEFAULT_RESULT_CACHE_ENTRIES`], 0 off.
    pub result_cache_entries: Option<usize>,
}

impl std::fmt::Debug for IndexOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexOptions")
            .field("topic_parent", &self.topic_parent.is_some())
            .field("writer_memory", &self.writer_memory)
            .field("tuning", &self.tuning)
            .field("follow_commits", &self.follow_commits)
            .field("result_cache_entries", &self.result_cache_entries)
            .finish()
    }
}

/// The archive's search index: cheap to clone, `Send + Sync`, one per process.
///
/// Readers see a consistent snapshot; a commit through [`ArchiveWriter::commit`]
/// reloads it, and [`ArchiveIndex::reload`] picks up commits of other processes.
///
/// ```
/// use gazette_article::Article;
/// use gazette_index::{ArchiveIndex, SearchRequest};
///
/// let dir = tempfile::tempdir().unwrap();
/// let index = ArchiveIndex::open(dir.path()).unwrap();
/// let mut writer = index.writer().unwrap();
/// let mut article = Article::new("Baku and Jerusalem", "Azerbaijan and Israel deepen ties.");
/// article.id = "a1".into();
/// writer.upsert(&article).unwrap();
/// writer.commit().unwrap();
/// let results = index.search(&SearchRequest::new("israel")).unwrap();
/// assert_eq!(results.hits[0].id, "a1");
/// assert_eq!(index.article("a1").unwrap().unwrap().title, "Baku and Jerusalem");
/// ```
#[derive(Clone)]
pub struct ArchiveIndex {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// The labels and the searcher generation they were read for.
    pub labels: RwLock<(Option<u64>, Arc<Labels>)>,
    /// Global facet ids per segment, for counting (see [`crate::facet_ordinals`]).
    pub facet_ordinals: Arc<FacetOrdinals>,
    /// Dense copies of the published dates per segment, for sorting (see [`crate::published`]).
    pub published_dates: Arc<PublishedDates>,
    /// The day counts of all articles, per searcher generation (see [`crate::timeline`]).
    pub all_days: AllDays,
    /// Answers to repeated searches (see [`crate::result_cache`]).
    pub search_cache: ResultCache<SearchResults>,
    pub options: IndexOptions,
}

impl ArchiveIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        Self::open_with(dir, IndexOptions::default())
    }

    /// [`ArchiveIndex::open`] with options.
    pub fn open_with(dir: &Path, options: IndexOptions) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir).map_err(IndexError::Io)?;
        let (schema, fields) = schema::build_schema();
        let directory = ArchiveDirectory::open(dir)?;
        let index = if Index::exists(&directory).map_err(|e| IndexError::Internal(e.into()))? {
            let index = Index::open(directory)?;
            let version = index
                .load_metas()?
                .payload
                .map(|p| Labels::from_payload(Some(&p)).map(|(v, _)| v))
                .transpose()
                .map_err(IndexError::Corrupt)?;
            let found = serde_json::to_value(index.schema()).map_err(IndexError::Corrupt)?;
            let wanted = serde_json::to_value(&schema).map_err(IndexError::Corrupt)?;
            if found != wanted || version.is_some_and(|v| v != schema::SCHEMA_VERSION) {
                let found = version.map_or_else(|| "unknown".to_string(), |v| v.to_string());
                return Err(IndexError::SchemaMismatch { found });
            }
            index
        } else {
            Index::create(directory, schema, tantivy::IndexSettings::default())?
        };
        Self::from_index(index, fields, options)
    }

    /// A throw-away index in memory (tests, demos).
    pub fn open_in_memory() -> Result<Self, IndexError> {
        let (schema, fields) = schema::build_schema();
        Self::from_index(
            Index::create_in_ram(schema),
            fields,
            IndexOptions::default(),
        )
    }

    fn from_index(index: Index, fields: Fields, options: IndexOptions) -> Result<Self, IndexError> {
        schema::register_tokenizers(&index);
        let policy = if options.follow_commits {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let archive = ArchiveIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                labels: RwLock::new((None, Arc::default())),
                facet_ordinals: Arc::default(),
                published_dates: Arc::default(),
                all_days: AllDays::default(),
                search_cache: ResultCache::new(
                    options
                        .result_cache_entries
                        .unwrap_or(DEFAULT_RESULT_CACHE_ENTRIES),
                ),
                options,
            }),
        };
        archive.reload()?;
        Ok(archive)
    }

    /// The single writer. Fails with [`IndexError::WriterBusy`] while another
    /// writer (in this or another process) is open.
    pub fn writer(&self) -> Result<ArchiveWriter, IndexError> {
        ArchiveWriter::new(self.clone())
    }

    /// Makes the latest commit (from any process) visible to reads.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.inner.reader.reload()?;
        self.refresh_labels()?;
        Ok(())
    }

    /// The facet labels as of the latest commit seen by the reader.
    pub fn labels(&self) -> Arc<Labels> {
        match self.refresh_labels() {
            Ok(labels) => labels,
            Err(err) => {
                tracing::warn!(error = %err, "cannot read the facet labels; using the last ones read");
                self.inner
                    .labels
                    .read()
                    .map(|l| Arc::clone(&l.1))
                    .unwrap_or_default()
            }
        }
    }

    /// Re-reads the labels from the commit payload when the reader has moved
    /// to a new generation. Labels only ever grow, so reading a payload newer
    /// than the reader's generation is harmless.
    fn refresh_labels(&self) -> Result<Arc<Labels>, IndexError> {
        let generation = self.inner.reader.searcher().generation().generation_id();
        if let Ok(cached) = self.inner.labels.read()
            && cached.0 == Some(generation)
        {
            return Ok(Arc::clone(&cached.1));
        }
        let payload = self.inner.index.load_metas()?.payload;
        let (_, labels) = Labels::from_payload(payload.as_deref()).map_err(IndexError::Corrupt)?;
        let labels = Arc::new(labels);
        if let Ok(mut slot) = self.inner.labels.write() {
            *slot = (Some(generation), Arc::clone(&labels));
        }
        Ok(labels)
    }

    /// One whole article by id.
    pub fn article(&self, id: &str) -> Result<Option<Article>, IndexError> {
        let searcher = self.searcher();
        let query = self.article_query(id);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, address)) => Ok(Some(self.load_article(&searcher, *address)?)),
            None => Ok(None),
        }
    }

    /// How many articles the index holds.
    pub fn count(&self) -> Result<u64, IndexError> {
        let searcher = self.searcher();
        let count = searcher.search(&self.kind_query(KIND_ARTICLE), &Count)?;
        Ok(count as u64)
    }

    /// Every stored article id, sorted (for consistency checks).
    pub fn ids(&self) -> Result<Vec<String>, IndexError> {
        let searcher = self.searcher();
        let addresses = searcher.search(&self.kind_query(KIND_ARTICLE), &DocSetCollector)?;
        let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
        addresses.sort();
        let mut ids = Vec::with_capacity(addresses.len());
        let mut buffer = String::new();
        for chunk in addresses.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let segment = searcher.segment_reader(chunk[0].segment_ord);
            let Some(column) = segment.fast_fields().str("article_id")? else {
                continue;
            };
            for address in chunk {
                for ord in column.term_ords(address.doc_id) {
                    buffer.clear();
                    if column
                        .ord_to_str(ord, &mut buffer)
                        .map_err(|e| IndexError::Internal(e.into()))?
                    {
                        ids.push(buffer.clone());
                    }
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Hits and misses of the search answer cache since the index was opened.
    pub fn result_cache_stats(&self) -> ResultCacheStats {
        self.inner.search_cache.stats()
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    /// The global facet ids, cleared of segments `searcher` no longer has.
    pub(crate) fn facet_ordinals(&self, searcher: &Searcher) -> Arc<FacetOrdinals> {
        self.inner.facet_ordinals.forget_merged(searcher);
        self.inner.facet_ordinals.clone()
    }

    /// The dense published dates, cleared of segments `searcher` no longer has.
    pub(crate) fn published_dates(&self, searcher: &Searcher) -> Arc<PublishedDates> {
        self.inner.published_dates.forget_merged(searcher);
        self.inner.published_dates.clone()
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.inner.fields
    }

    /// Matches every document of one kind.
    pub(crate) fn kind_query(&self, kind: &str) -> TermQuery {
        TermQuery::new(
            Term::from_field_text(self.inner.fields.kind, kind),
            IndexRecordOption::Basic,
        )
    }

    /// The article document with this id.
    pub(crate) fn article_query(&self, id: &str) -> BooleanQuery {
        let by_id: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.inner.fields.article_id, id),
            IndexRecordOption::Basic,
        ));
        BooleanQuery::new(vec![
            (Occur::Must, by_id),
            (Occur::Must, Box::new(self.kind_query(KIND_ARTICLE))),
        ])
    }

    /// The stored JSON record of a document.
    pub(crate) fn load_record(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<String, IndexError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(doc
            .get_first(self.inner.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string())
    }

    pub(crate) fn load_article(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Article, IndexError> {
        serde_json::from_str(&self.load_record(searcher, address)?).map_err(IndexError::Corrupt)
    }
}

impl std::fmt::Debug for ArchiveIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveIndex")
            .field("options", &self.inner.options)
            .finish()
    }
}
