//! `ArchiveIndex::search`: ranked, filtered, faceted article search.
//!
//! Ranking: BM25 (tantivy's k1 = 1.2, b = 0.75) over `title` (weighted by
//! [`RankingTuning::title_boost`]) and `text`, plus proximity clauses (see
//! [`crate::query::build`]). Statistics count articles only ([`crate::stats`]).
//!
//! Sort orders: `relevance` is pure BM25, ties newest first. `newest`/`oldest`
//! order by the published date and put undated articles last in both. `hybrid`
//! multiplies the relevance score by a recency factor
//! `0.5 + 0.5 × 2^(−age_days / 90)`: a match published today weighs twice as
//! much as a very old one, and the factor halves its distance to 0.5 every 90
//! days. Undated articles take the factor of a very old one (0.5).
//!
//! A short query that finds nothing is re-run relaxed (any word may match) and
//! the response says `"relaxed": true`.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::facets::{FacetCounter, facet_values};
use crate::filters::{filter_clauses, restrict};
use crate::published::PublishedDates;
use crate::query::build::{Builder, BuiltQuery, Relax, Target};
use crate::query::limits::MAX_RESULT_WINDOW;
use crate::query::parse_request;
use crate::request::{FacetField, SearchRequest, SortOrder};
use crate::response::{Facets, Hit, HitCountry, HitTopic, SearchResults};
use crate::schema::KIND_ARTICLE;
use crate::snippet::{SNIPPET_CHARS, Snippeter};
use crate::speakers::distinct_speakers;
use crate::stats::KindStatistics;

/// Half-life of the hybrid sort's recency boost, in days.
pub const HYBRID_HALF_LIFE_DAYS: f64 = 90.0;

/// The sort key of a hit: compared as a tuple, largest first.
pub(crate) type SortKey = (f64, f64, Score);

/// A top-k collector for `sort` that keeps the relevance score in the key's last slot.
pub(crate) fn sorted_top_docs(
    sort: SortOrder,
    limit: usize,
    offset: usize,
    dates: Arc<PublishedDates>,
) -> impl tantivy::collector::Collector<Fruit = Vec<(SortKey, DocAddress)>> {
    let now = Utc::now().timestamp() as f64;
    TopDocs::with_limit(limit.max(1))
        .and_offset(offset)
        .tweak_score(move |segment: &SegmentReader| {
            let published = dates.segment(segment).ok();
            move |doc: DocId, score: Score| -> SortKey {
                let ts = published.as_ref().and_then(|d| d.of(doc));
                match (sort, ts) {
                    (SortOrder::Relevance, ts) => {
                        (f64::from(score), ts.map_or(f64::MIN, |t| t as f64), score)
                    }
                    (SortOrder::Newest, Some(t)) => (1.0, t as f64, score),
                    (SortOrder::Oldest, Some(t)) => (1.0, -(t as f64), score),
                    (SortOrder::Newest | SortOrder::Oldest, None) => (0.0, 0.0, score),
                    (SortOrder::Hybrid, ts) => {
                        let factor = ts.map_or(0.5, |t| {
                            let age_days = ((now - t as f64) / 86_400.0).max(0.0);
                            0.5 + 0.5 * (-age_days / HYBRID_HALF_LIFE_DAYS).exp2()
                        });
                        let tweaked = score * factor as f32;
                        (
                            f64::from(tweaked),
                            ts.map_or(f64::MIN, |t| t as f64),
                            tweaked,
                        )
                    }
                }
            }
        })
}

impl ArchiveIndex {
    /// Ranked, filtered, faceted search (`GET /api/search`).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        let started = Instant::now();
        let page = req.page.max(1);
        let offset = (page - 1).saturating_mul(req.per_page);
        if offset.saturating_add(req.per_page) > MAX_RESULT_WINDOW {
            return Err(IndexError::bad_request(format!(
                "paging stops at result {MAX_RESULT_WINDOW}; to read every match use the export (GET /api/export), which resumes by cursor"
            )));
        }
        let searcher = self.searcher();
        let generation = searcher.generation().generation_id();
        let key = serde_json::to_string(req).ok();
        if let Some(key) = &key
            && let Some(mut cached) = self.inner.search_cache.get(generation, key)
        {
            cached.took_ms = started.elapsed().as_millis() as u64;
            return Ok(cached);
        }
        let labels = self.labels();
        let node = parse_request(&req.q, req.mode)?;
        let tuning = &self.inner.options.tuning;
        let builder = Builder {
            index: &self.inner.index,
            fields: self.fields(),
            labels: &labels,
            tuning,
            target: Target::Articles,
        };
        let stats = KindStatistics::new(&searcher, self.fields().kind, KIND_ARTICLE)?;
        let filters = filter_clauses(self.fields(), &req.filters, None)?;
        let mut built = builder.build(&node, Relax::Auto)?;
        let roots: Vec<FacetField> = FacetField::ALL
            .into_iter()
            .filter(|f| f.selection(&req.filters).is_empty())
            .collect();
        let run = |built: &BuiltQuery| -> Result<_, IndexError> {
            let query = restrict(
                built.query.box_clone(),
                Box::new(self.kind_query(KIND_ARTICLE)),
                clone_all(&filters),
            );
            let collector = (
                Count,
                sorted_top_docs(
                    req.sort,
                    req.per_page,
                    offset,
                    self.published_dates(&searcher),
                ),
                FacetCounter {
                    roots: roots.clone(),
                    ordinals: self.facet_ordinals(&searcher),
                },
            );
            Ok(searcher.search_with_statistics_provider(&query, &collector, &stats)?)
        };
        let mut fruit = run(&built)?;
        if fruit.0 == 0 && !built.relaxed && built.bag_len >= 2 {
            built = builder.build(&node, Relax::Any)?;
            fruit = run(&built)?;
        }
        let (total, top, mut counts) = fruit;
        for facet in FacetField::ALL
            .into_iter()
            .filter(|f| !f.selection(&req.filters).is_empty())
        {
            let others = filter_clauses(self.fields(), &req.filters, Some(facet))?;
            let query = restrict(
                built.query.box_clone(),
                Box::new(self.kind_query(KIND_ARTICLE)),
                others,
            );
            let counter = FacetCounter {
                roots: vec![facet],
                ordinals: self.facet_ordinals(&searcher),
            };
            counts.extend(searcher.search(&query, &counter)?);
        }
        let limit = req.facet_limit;
        let facets = Facets {
            country: facet_values(FacetField::Country, &counts, &labels, limit),
            topic: facet_values(FacetField::Topic, &counts, &labels, limit),
            expert: facet_values(FacetField::Expert, &counts, &labels, limit),
            source: facet_values(FacetField::Source, &counts, &labels, limit),
        };
        let hits = if req.per_page == 0 {
            Vec::new()
        } else {
            self.hits(&searcher, &*built.highlight, &top)?
        };
        let results = SearchResults {
            total: total as u64,
            took_ms: started.elapsed().as_millis() as u64,
            page,
            per_page: req.per_page,
            hits,
            facets,
            relaxed: built.relaxed,
        };
        if let Some(key) = key {
            self.inner
                .search_cache
                .insert(generation, key, results.clone());
        }
        Ok(results)
    }

    /// Loads and formats hits.
    pub(crate) fn hits(
        &self,
        searcher: &Searcher,
        highlight: &dyn Query,
        top: &[(SortKey, DocAddress)],
    ) -> Result<Vec<Hit>, IndexError> {
        let snippeter = Snippeter::new(searcher, highlight, self.fields().text, SNIPPET_CHARS)?;
        top.iter()
            .map(|((_, _, score), address)| {
                let article = self.load_article(searcher, *address)?;
                Ok(Hit {
                    snippet: snippeter.snippet(&article.text),
                    countries: article
                        .countries
                        .iter()
                        .map(|c| HitCountry {
                            code: c.code.clone(),
                            name: c.name.clone(),
                        })
                        .collect(),
                    topics: article
                        .topics
                        .iter()
                        .map(|t| HitTopic {
                            code: t.code.clone(),
                            label: t.label.clone(),
                        })
                        .collect(),
                    experts: distinct_speakers(&article),
                    score: *score,
                    id: article.id,
                    url: article.url,
                    title: article.title,
                    source: article.source,
                    published: article.published,
                    byline: article.byline,
                })
            })
            .collect()
    }
}

impl ArchiveIndex {
    /// The query of `q` for `target`, restricted to `kind` and the filters (minus
    /// the selection of `except`). Returns the built query too (for highlighting).
    pub(crate) fn restricted_query(
        &self,
        q: &str,
        mode: crate::request::QueryMode,
        target: Target,
        kind: &str,
        filters: &crate::request::Filters,
        except: Option<FacetField>,
    ) -> Result<(BuiltQuery, Box<dyn Query>), IndexError> {
        let labels = self.labels();
        let node = parse_request(q, mode)?;
        let builder = Builder {
            index: &self.inner.index,
            fields: self.fields(),
            labels: &labels,
            tuning: &self.inner.options.tuning,
            target,
        };
        let built = builder.build(&node, Relax::Auto)?;
        let clauses = filter_clauses(self.fields(), filters, except)?;
        let query = restrict(
            built.query.box_clone(),
            Box::new(self.kind_query(kind)),
            clauses,
        );
        Ok((built, Box::new(query)))
    }
}

/// Clones boxed queries (filters are reused across runs).
pub(crate) fn clone_all(queries: &[Box<dyn Query>]) -> Vec<Box<dyn Query>> {
    queries.iter().map(|q| q.box_clone()).collect()
}
