//! `ArchiveIndex::export`: every match, in a stable order, resumable by cursor.
//!
//! Order: published date ascending (undated articles first), then the id's
//! 64-bit FNV hash, then the id. Matches are fetched in batches of
//! [`EXPORT_BATCH`] from one searcher snapshot, so memory stays constant and an
//! export sees one consistent state of the index. Each record carries an opaque
//! cursor; passing it back resumes right after that record, even after commits
//! (articles added behind the cursor are then not revisited).

use std::cmp::Reverse;
use std::collections::VecDeque;
use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery};
use tantivy::{DocId, Score, Searcher, SegmentReader, Term};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::query::build::Target;
use crate::request::SearchRequest;
use crate::response::ExportRecord;
use crate::schema::{KIND_ARTICLE, id_hash};

/// Articles fetched per batch.
pub const EXPORT_BATCH: usize = 256;

/// Sort position of undated articles (before every date).
const UNDATED: i64 = i64::MIN;

/// A position in the export order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Position {
    published: i64,
    hash: u64,
    id: String,
}

impl Position {
    fn encode(&self) -> String {
        let plain = format!("v1|{}|{:016x}|{}", self.published, self.hash, self.id);
        plain.bytes().map(|b| format!("{b:02x}")).collect()
    }

    fn decode(cursor: &str) -> Result<Self, IndexError> {
        let bytes: Option<Vec<u8>> = (0..cursor.len())
            .step_by(2)
            .map(|i| {
                cursor
                    .get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect();
        let text = bytes
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(IndexError::BadCursor)?;
        let mut parts = text.splitn(4, '|');
        let (Some("v1"), Some(published), Some(hash), Some(id)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(IndexError::BadCursor);
        };
        let position = Position {
            published: published.parse().map_err(|_| IndexError::BadCursor)?,
            hash: u64::from_str_radix(hash, 16).map_err(|_| IndexError::BadCursor)?,
            id: id.to_string(),
        };
        if position.hash != id_hash(&position.id) {
            return Err(IndexError::BadCursor);
        }
        Ok(position)
    }
}

/// Streams the matches of a search (see [`ArchiveIndex::export`]).
pub struct ExportIter {
    archive: ArchiveIndex,
    searcher: Searcher,
    query: Box<dyn Query>,
    after: Option<Position>,
    buffer: VecDeque<ExportRecord>,
    done: bool,
}

impl ArchiveIndex {
    /// Every article matching `req` (its `sort` and paging are ignored), after
    /// `cursor` if given. A cursor this index did not produce is
    /// [`IndexError::BadCursor`].
    pub fn export(
        &self,
        req: &SearchRequest,
        cursor: Option<&str>,
    ) -> Result<ExportIter, IndexError> {
        let after = cursor
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(Position::decode)
            .transpose()?;
        let (_, query) = self.restricted_query(
            &req.q,
            req.mode,
            Target::Articles,
            KIND_ARTICLE,
            &req.filters,
            None,
        )?;
        Ok(ExportIter {
            archive: self.clone(),
            searcher: self.searcher(),
            query,
            after,
            buffer: VecDeque::new(),
            done: false,
        })
    }
}

type ExportKey = (bool, Reverse<i64>, Reverse<u64>);

impl ExportIter {
    fn fill(&mut self) -> Result<(), IndexError> {
        let after = self.after.clone();
        let mut query = self.query.box_clone();
        if let Some(position) = after.as_ref().filter(|p| p.published != UNDATED) {
            let published = self.archive.fields().published;
            let range = RangeQuery::new(
                Bound::Included(Term::from_field_i64(published, position.published)),
                Bound::Unbounded,
            );
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
                ),
            ]));
        }
        let bound = after.as_ref().map(|p| (p.published, p.hash));
        let collector =
            TopDocs::with_limit(EXPORT_BATCH).tweak_score(move |segment: &SegmentReader| {
                let published = segment.fast_fields().i64("published").ok();
                let hashes = segment.fast_fields().u64("idhash").ok();
                move |doc: DocId, _score: Score| -> ExportKey {
                    let ts = published
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .unwrap_or(UNDATED);
                    let hash = hashes.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                    let wanted = bound.is_none_or(|b| (ts, hash) >= b);
                    (wanted, Reverse(ts), Reverse(hash))
                }
            });
        let top = self.searcher.search(&*query, &collector)?;
        let fetched = top.len();
        for ((wanted, Reverse(published), Reverse(hash)), address) in top {
            if !wanted {
                continue;
            }
            let article = self.archive.load_article(&self.searcher, address)?;
            let position = Position {
                published,
                hash,
                id: article.id.clone(),
            };
            if after.as_ref().is_some_and(|a| &position <= a) {
                continue;
            }
            self.buffer.push_back(ExportRecord {
                cursor: position.encode(),
                article,
            });
            self.after = Some(position);
        }
        // Wanted documents sort before unwanted ones, so a short batch or a batch
        // that yielded nothing new means the export is complete.
        self.done = fetched < EXPORT_BATCH || self.buffer.is_empty();
        Ok(())
    }
}

impl Iterator for ExportIter {
    type Item = Result<ExportRecord, IndexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.buffer.is_empty()
            && !self.done
            && let Err(err) = self.fill()
        {
            self.done = true;
            return Some(Err(err));
        }
        self.buffer.pop_front().map(Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering() {
        let position = Position {
            published: 1_700_000_000,
            hash: id_hash("a|b"),
            id: "a|b".into(),
        };
        assert_eq!(Position::decode(&position.encode()).unwrap(), position);
        let mut tampered = position.encode();
        tampered.replace_range(tampered.len() - 2.., "7a");
        assert!(matches!(
            Position::decode(&tampered),
            Err(IndexError::BadCursor)
        ));
        assert!(matches!(Position::decode("zz"), Err(IndexError::BadCursor)));
        assert!(matches!(Position::decode("é"), Err(IndexError::BadCursor)));
    }
}
