//! `ArchiveIndex::facet_values` and `ArchiveIndex::similar`.

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, MoreLikeThisQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, OwnedValue};

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::facets::{FacetCounter, facet_values};
use crate::query::build::Target;
use crate::request::{FacetField, SearchRequest};
use crate::response::{FacetValues, Hit};
use crate::schema::KIND_ARTICLE;
use crate::search::SortKey;
use crate::stats::KindStatistics;

impl ArchiveIndex {
    /// All values of one facet for a search (`GET /api/facets/{field}`), most
    /// frequent first. Counts are disjunctive like a search's: the facet's own
    /// selection in `req` is ignored. `prefix` keeps values whose code, label or
    /// any word of the label starts with it (case-insensitive).
    pub fn facet_values(
        &self,
        field: FacetField,
        req: &SearchRequest,
        prefix: Option<&str>,
        limit: usize,
    ) -> Result<FacetValues, IndexError> {
        let searcher = self.searcher();
        let (_, query) = self.restricted_query(
            &req.q,
            req.mode,
            Target::Articles,
            KIND_ARTICLE,
            &req.filters,
            Some(field),
        )?;
        let counter = FacetCounter {
            roots: vec![field],
            ordinals: self.facet_ordinals(&searcher),
        };
        let counts = searcher.search(&*query, &counter)?;
        let labels = self.labels();
        let prefix = prefix
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty());
        let mut values = facet_values(field, &counts, &labels, usize::MAX);
        if let Some(prefix) = prefix {
            values.retain(|v| {
                let value = v.value.to_lowercase();
                let label = v.label.to_lowercase();
                value.starts_with(&prefix)
                    || label.starts_with(&prefix)
                    || label
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w.starts_with(&prefix))
            });
        }
        let total = values.len() as u64;
        values.truncate(limit);
        Ok(FacetValues {
            field: field.name().to_string(),
            total,
            values,
        })
    }

    /// Articles most like article `id` (by the distinctive words of its title
    /// and text), the article itself excluded. `None` when `id` does not exist.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Option<Vec<Hit>>, IndexError> {
        let searcher = self.searcher();
        let Some(article) = self.article(id)? else {
            return Ok(None);
        };
        let fields = self.fields();
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_min_term_frequency(1)
            .with_max_query_terms(30)
            .with_min_word_length(3)
            .with_document_fields(vec![
                (fields.title, vec![OwnedValue::Str(article.title.clone())]),
                (fields.text, vec![OwnedValue::Str(article.text.clone())]),
            ]);
        let kind: Box<dyn Query> = Box::new(ConstScoreQuery::new(
            Box::new(self.kind_query(KIND_ARTICLE)),
            0.0,
        ));
        let itself: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(fields.article_id, id),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like)),
            (Occur::Must, kind),
            (Occur::MustNot, itself),
        ]);
        let stats = KindStatistics::new(&searcher, fields.kind, KIND_ARTICLE)?;
        let top = searcher.search_with_statistics_provider(
            &query,
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
            &stats,
        )?;
        let top: Vec<(SortKey, tantivy::DocAddress)> = top
            .into_iter()
            .take(limit)
            .map(|(score, address)| ((f64::from(score), 0.0, score), address))
            .collect();
        Ok(Some(self.hits(&searcher, &EmptyQuery, &top)?))
    }
}
