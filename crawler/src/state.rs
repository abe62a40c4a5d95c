//! Persistent crawl state in redb (ACID, crash-safe): the frontier, the URLs seen by the
//! running job, HTTP validators, the dedup indexes, the link lists of hub pages and the
//! job history.
//!
//! All changes of a checkpoint go into one write transaction ([`StateStore::commit`]),
//! made only after the sink flushed, so the database never claims more than the index holds.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

use gazette_article::Article;
use redb::{Database, MultimapTableDefinition, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::discovery::Discovered;
use crate::error::CrawlError;
use crate::fetch::Validators;
use crate::frontier::FrontierEntry;
use crate::report::JobRecord;

/// (source, normalised URL) -> FrontierEntry JSON.
const FRONTIER: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("frontier");
/// (source, normalised URL) of every URL the running job has scheduled.
const JOB_SEEN: TableDefinition<(&str, &str), ()> = TableDefinition::new("job_seen");
/// source -> id of its unfinished job.
const ACTIVE_JOBS: TableDefinition<&str, &str> = TableDefinition::new("active_jobs");
/// job id -> JobRecord JSON.
const JOBS: TableDefinition<&str, &[u8]> = TableDefinition::new("jobs");
/// normalised URL -> UrlRecord JSON.
const URLS: TableDefinition<&str, &[u8]> = TableDefinition::new("urls");
/// article id -> deflated Article JSON (as last delivered, for duplicate linking and
/// change detection); deflate keeps the copy of the archive's text about a third its size.
const ARTICLES: TableDefinition<&str, &[u8]> = TableDefinition::new("articles");
/// content hash -> article id.
const CONTENT_HASHES: TableDefinition<&str, &str> = TableDefinition::new("content_hashes");
/// article id -> 64-bit simhash.
const SIMHASHES: TableDefinition<&str, u64> = TableDefinition::new("simhashes");
/// simhash band key -> article ids (four 16-bit bands).
const SIMHASH_BANDS: MultimapTableDefinition<u32, &str> =
    MultimapTableDefinition::new("simhash_bands");
/// hub URL (feed, sitemap, start page) -> the links it gave at its last 200.
const HUB_LINKS: TableDefinition<&str, &[u8]> = TableDefinition::new("hub_links");

/// What the crawler remembers about one URL across jobs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct UrlRecord {
    #[serde(default)]
    pub validators: Validators,
    /// The article this URL produced, if any.
    #[serde(default)]
    pub article_id: Option<String>,
}

/// All changes of one checkpoint, also consulted (before the database) for reads.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub frontier_put: BTreeMap<(String, String), FrontierEntry>,
    pub frontier_remove: BTreeSet<(String, String)>,
    pub seen: BTreeSet<(String, String)>,
    pub urls: BTreeMap<String, UrlRecord>,
    pub articles: BTreeMap<String, Article>,
    pub content_hashes: BTreeMap<String, String>,
    pub simhashes: BTreeMap<String, u64>,
    pub hub_links: BTreeMap<String, Vec<Discovered>>,
    pub jobs: BTreeMap<String, JobRecord>,
    pub active_jobs: BTreeMap<String, Option<String>>,
    /// Sources whose job finished: their frontier and seen sets are cleared.
    pub finished_sources: BTreeSet<String>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.frontier_put.is_empty()
            && self.frontier_remove.is_empty()
            && self.seen.is_empty()
            && self.urls.is_empty()
            && self.articles.is_empty()
            && self.jobs.is_empty()
            && self.active_jobs.is_empty()
            && self.hub_links.is_empty()
    }
}

pub(crate) struct StateStore {
    db: Database,
}

/// The four 16-bit bands of a simhash, tagged with their position: two hashes within
/// Hamming distance 3 share at least one band (pigeonhole).
pub(crate) fn simhash_bands(hash: u64) -> [u32; 4] {
    std::array::from_fn(|i| ((i as u32) << 16) | ((hash >> (16 * i)) & 0xffff) as u32)
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, CrawlError> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|e| CrawlError::io(Path::new("crawl-state.redb"), e))
}

impl StateStore {
    pub fn open(path: &Path) -> Result<Self, CrawlError> {
        Self::init(Database::create(path)?)
    }

    /// A throw-away store (for replaying an archive).
    pub fn in_memory() -> Result<Self, CrawlError> {
        Self::init(Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?)
    }

    fn init(db: Database) -> Result<Self, CrawlError> {
        let txn = db.begin_write()?;
        txn.open_table(FRONTIER)?;
        txn.open_table(JOB_SEEN)?;
        txn.open_table(ACTIVE_JOBS)?;
        txn.open_table(JOBS)?;
        txn.open_table(URLS)?;
        txn.open_table(ARTICLES)?;
        txn.open_table(CONTENT_HASHES)?;
        txn.open_table(SIMHASHES)?;
        txn.open_multimap_table(SIMHASH_BANDS)?;
        txn.open_table(HUB_LINKS)?;
        txn.commit()?;
        Ok(StateStore { db })
    }

    pub fn active_job(&self, source: &str) -> Result<Option<String>, CrawlError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(ACTIVE_JOBS)?;
        Ok(table.get(source)?.map(|v| v.value().to_string()))
    }

    pub fn job(&self, id: &str) -> Result<Option<JobRecord>, CrawlError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(JOBS)?;
        Ok(match table.get(id)? {
            Some(v) => Some(serde_json::from_slice(v.value())?),
            None => None,
        })
    }

    pub fn jobs(&self) -> Result<Vec<JobRecord>, CrawlError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(JOBS)?;
        let mut out = Vec::new();
        for row in table.iter()? {
            let (_, v) = row?;
            out.push(serde_json::from_slice(v.value())?);
        }
        Ok(out)
    }

    /// The persisted frontier and seen set of a source's running job.
    pub fn job_frontier(
        &self,
        source: &str,
    ) -> Result<(Vec<FrontierEntry>, Vec<String>), CrawlError> {
        let txn = self.db.begin_read()?;
        let frontier = txn.open_table(FRONTIER)?;
        let mut entries = Vec::new();
        for row in frontier.range((source, "")..)? {
            let (k, v) = row?;
            if k.value().0 != source {
                break;
            }
            entries.push(serde_json::from_slice(v.value())?);
        }
        let seen_table = txn.open_table(JOB_SEEN)?;
        let mut seen = Vec::new();
        for row in seen_table.range((source, "")..)? {
            let (k, _) = row?;
            let (s, url) = k.value();
            if s != source {
                break;
            }
            seen.push(url.to_string());
        }
        Ok((entries, seen))
    }

    pub fn url_record(&self, batch: &Batch, url: &str) -> Result<Option<UrlRecord>, CrawlError> {
        if let Some(r) = batch.urls.get(url) {
            return Ok(Some(r.clone()));
        }
        self.get_json(URLS, url)
    }

    pub fn article(&self, batch: &Batch, id: &str) -> Result<Option<Article>, CrawlError> {
        if let Some(a) = batch.articles.get(id) {
            return Ok(Some(a.clone()));
        }
        let txn = self.db.begin_read()?;
        let table = txn.open_table(ARTICLES)?;
        let Some(value) = table.get(id)? else {
            return Ok(None);
        };
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(value.value())
            .read_to_end(&mut json)
            .map_err(|e| CrawlError::io(Path::new("crawl-state.redb"), e))?;
        Ok(Some(serde_json::from_slice(&json)?))
    }

    pub fn article_by_hash(&self, batch: &Batch, hash: &str) -> Result<Option<String>, CrawlError> {
        if let Some(id) = batch.content_hashes.get(hash) {
            return Ok(Some(id.clone()));
        }
        let txn = self.db.begin_read()?;
        let table = txn.open_table(CONTENT_HASHES)?;
        Ok(table.get(hash)?.map(|v| v.value().to_string()))
    }

    /// Articles whose simhash shares a band with `hash`, with their simhashes.
    pub fn simhash_candidates(
        &self,
        batch: &Batch,
        hash: u64,
    ) -> Result<Vec<(String, u64)>, CrawlError> {
        let bands = simhash_bands(hash);
        let mut out: Vec<(String, u64)> = batch
            .simhashes
            .iter()
            .filter(|(_, h)| simhash_bands(**h).iter().zip(&bands).any(|(a, b)| a == b))
            .map(|(id, h)| (id.clone(), *h))
            .collect();
        let txn = self.db.begin_read()?;
        let band_table = txn.open_multimap_table(SIMHASH_BANDS)?;
        let hashes = txn.open_table(SIMHASHES)?;
        for band in bands {
            for id in band_table.get(band)? {
                let id = id?.value().to_string();
                if out.iter().any(|(known, _)| *known == id) {
                    continue;
                }
                if let Some(h) = hashes.get(id.as_str())? {
                    out.push((id, h.value()));
                }
            }
        }
        Ok(out)
    }

    pub fn hub_links(
        &self,
        batch: &Batch,
        url: &str,
    ) -> Result<Option<Vec<Discovered>>, CrawlError> {
        if let Some(links) = batch.hub_links.get(url) {
            return Ok(Some(links.clone()));
        }
        self.get_json(HUB_LINKS, url)
    }

    fn get_json<T: for<'de> Deserialize<'de>>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
    ) -> Result<Option<T>, CrawlError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(table)?;
        Ok(match table.get(key)? {
            Some(v) => Some(serde_json::from_slice(v.value())?),
            None => None,
        })
    }

    /// Applies a whole checkpoint atomically.
    pub fn commit(&self, batch: &Batch) -> Result<(), CrawlError> {
        let txn = self.db.begin_write()?;
        {
            let mut frontier = txn.open_table(FRONTIER)?;
            let mut seen = txn.open_table(JOB_SEEN)?;
            for ((s, u), entry) in &batch.frontier_put {
                frontier.insert(
                    (s.as_str(), u.as_str()),
                    serde_json::to_vec(entry)?.as_slice(),
                )?;
            }
            for (s, u) in &batch.frontier_remove {
                frontier.remove((s.as_str(), u.as_str()))?;
            }
            for (s, u) in &batch.seen {
                seen.insert((s.as_str(), u.as_str()), ())?;
            }
            for source in &batch.finished_sources {
                frontier.retain(|k, _| k.0 != source)?;
                seen.retain(|k, _| k.0 != source)?;
            }
            let mut urls = txn.open_table(URLS)?;
            for (u, rec) in &batch.urls {
                urls.insert(u.as_str(), serde_json::to_vec(rec)?.as_slice())?;
            }
            let mut articles = txn.open_table(ARTICLES)?;
            for (id, a) in &batch.articles {
                articles.insert(id.as_str(), deflate(&serde_json::to_vec(a)?)?.as_slice())?;
            }
            let mut hashes = txn.open_table(CONTENT_HASHES)?;
            for (h, id) in &batch.content_hashes {
                hashes.insert(h.as_str(), id.as_str())?;
            }
            let mut simhashes = txn.open_table(SIMHASHES)?;
            let mut bands = txn.open_multimap_table(SIMHASH_BANDS)?;
            for (id, h) in &batch.simhashes {
                if let Some(old) = simhashes.insert(id.as_str(), *h)? {
                    for band in simhash_bands(old.value()) {
                        bands.remove(band, id.as_str())?;
                    }
                }
                for band in simhash_bands(*h) {
                    bands.insert(band, id.as_str())?;
                }
            }
            let mut hubs = txn.open_table(HUB_LINKS)?;
            for (u, links) in &batch.hub_links {
                hubs.insert(u.as_str(), serde_json::to_vec(links)?.as_slice())?;
            }
            let mut jobs = txn.open_table(JOBS)?;
            for (id, job) in &batch.jobs {
                jobs.insert(id.as_str(), serde_json::to_vec(job)?.as_slice())?;
            }
            let mut active = txn.open_table(ACTIVE_JOBS)?;
            for (source, job) in &batch.active_jobs {
                match job {
                    Some(id) => active.insert(source.as_str(), id.as_str())?,
                    None => active.remove(source.as_str())?,
                };
            }
        }
        txn.commit()?;
        Ok(())
    }
}
