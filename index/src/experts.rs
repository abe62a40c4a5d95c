//! `ArchiveIndex::experts`: the directory of quoted people.
//!
//! Built on request from the quote documents that match the filters (and `q`,
//! which searches names, affiliations and quote text). Names were already merged
//! within each article at indexing time ([`crate::speakers`]); across articles,
//! one exact name is one person. Experts are listed by number of articles, then
//! quotes, then name.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use tantivy::collector::DocSetCollector;

use crate::IndexError;
use crate::archive::ArchiveIndex;
use crate::document::QuoteRecord;
use crate::query::build::Target;
use crate::request::{ExpertRequest, QueryMode};
use crate::response::{ExpertDirectory, ExpertEntry, FacetValue};
use crate::schema::KIND_QUOTE;

/// Countries and topics listed per expert.
const TOP_TAGS: usize = 5;

#[derive(Default)]
struct Tally {
    variants: BTreeSet<String>,
    affiliations: HashMap<String, u64>,
    articles: BTreeSet<String>,
    quotes: u64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    countries: HashMap<String, BTreeSet<String>>,
    topics: HashMap<String, BTreeSet<String>>,
}

impl Tally {
    fn add(&mut self, record: QuoteRecord) {
        if let Some(variant) = record.said_as {
            self.variants.insert(variant);
        }
        let affiliation = record.affiliation.trim();
        if !affiliation.is_empty() {
            *self
                .affiliations
                .entry(affiliation.to_string())
                .or_default() += 1;
        }
        self.quotes += 1;
        if let Some(date) = record.published {
            self.first = Some(self.first.map_or(date, |f| f.min(date)));
            self.last = Some(self.last.map_or(date, |l| l.max(date)));
        }
        for country in record.countries {
            self.countries
                .entry(country)
                .or_default()
                .insert(record.article_id.clone());
        }
        for topic in record.topics {
            self.topics
                .entry(topic)
                .or_default()
                .insert(record.article_id.clone());
        }
        self.articles.insert(record.article_id);
    }
}

/// The most frequent keys (by number of articles), with labels.
fn top(
    counts: &HashMap<String, BTreeSet<String>>,
    label: impl Fn(&str) -> String,
) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .iter()
        .map(|(value, articles)| FacetValue {
            label: label(value),
            value: value.clone(),
            count: articles.len() as u64,
            parent: None,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(TOP_TAGS);
    values
}

impl ArchiveIndex {
    /// The experts directory (`GET /api/experts`).
    pub fn experts(&self, req: &ExpertRequest) -> Result<ExpertDirectory, IndexError> {
        let searcher = self.searcher();
        let (_, query) = self.restricted_query(
            &req.q,
            QueryMode::Query,
            Target::Experts,
            KIND_QUOTE,
            &req.filters,
            None,
        )?;
        let addresses = searcher.search(&*query, &DocSetCollector)?;
        let mut tallies: HashMap<String, Tally> = HashMap::new();
        for address in addresses {
            let record: QuoteRecord = serde_json::from_str(&self.load_record(&searcher, address)?)
                .map_err(IndexError::Corrupt)?;
            if record.speaker.is_empty() {
                continue;
            }
            tallies
                .entry(record.speaker.clone())
                .or_default()
                .add(record);
        }
        let labels = self.labels();
        let mut experts: Vec<ExpertEntry> = tallies
            .into_iter()
            .map(|(name, tally)| {
                let mut affiliations: Vec<(String, u64)> = tally.affiliations.into_iter().collect();
                affiliations.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                ExpertEntry {
                    variants: tally.variants.into_iter().filter(|v| v != &name).collect(),
                    name,
                    affiliations: affiliations.into_iter().map(|(a, _)| a).collect(),
                    articles: tally.articles.len() as u64,
                    quotes: tally.quotes,
                    first_seen: tally.first,
                    last_seen: tally.last,
                    countries: top(&tally.countries, |c| labels.country_label(c)),
                    topics: top(&tally.topics, |t| labels.topic_label(t)),
                }
            })
            .collect();
        experts.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| b.quotes.cmp(&a.quotes))
                .then_with(|| a.name.cmp(&b.name))
        });
        let total = experts.len() as u64;
        let page = req.page.max(1);
        let experts = experts
            .into_iter()
            .skip((page - 1).saturating_mul(req.per_page))
            .take(req.per_page)
            .collect();
        Ok(ExpertDirectory {
            total,
            page,
            per_page: req.per_page,
            experts,
        })
    }
}
