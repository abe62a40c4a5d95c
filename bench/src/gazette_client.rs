//! `GazetteClient`: one keep-alive HTTP connection to `gazette serve`, speaking only
//! the public API (`/api/search`, `/api/timeline`) as SPEC.md describes it.

use std::time::Duration;

use anyhow::bail;
use reqwest::Url;
use serde::Deserialize;

use crate::engine::EngineClient;
use crate::workload::{BenchQuery, QueryShape, SortKind};

/// A request slower than this is an error rather than a latency.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Hits per search, as a result page shows them.
const PER_PAGE: &str = "20";

/// One keep-alive HTTP connection to the server.
pub struct GazetteClient {
    http: reqwest::blocking::Client,
    search: Url,
    timeline: Url,
}

impl GazetteClient {
    /// A client of the server at `base` (e.g. `http://127.0.0.1:8080/`).
    pub fn connect(base: &Url) -> anyhow::Result<Self> {
        Ok(GazetteClient {
            http: reqwest::blocking::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()?,
            search: base.join("api/search")?,
            timeline: base.join("api/timeline")?,
        })
    }
}

#[derive(Deserialize)]
struct SearchAnswer {
    total: u64,
}

#[derive(Deserialize)]
struct TimelineAnswer {
    buckets: Vec<TimelineBucket>,
    undated: u64,
}

#[derive(Deserialize)]
struct TimelineBucket {
    count: u64,
}

impl EngineClient for GazetteClient {
    fn run(&mut self, query: &BenchQuery) -> anyhow::Result<u64> {
        let url = request_url(&self.search, &self.timeline, query);
        let response = self.http.get(url).send()?;
        let status = response.status();
        let body = response.bytes()?;
        if !status.is_success() {
            bail!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            );
        }
        Ok(match query {
            BenchQuery::Search { .. } => serde_json::from_slice::<SearchAnswer>(&body)?.total,
            BenchQuery::Timeline { .. } => {
                let answer: TimelineAnswer = serde_json::from_slice(&body)?;
                answer.buckets.iter().map(|b| b.count).sum::<u64>() + answer.undated
            }
        })
    }
}

/// The API request for a query: phrases quoted, filters as repeated parameters.
fn request_url(search: &Url, timeline: &Url, query: &BenchQuery) -> Url {
    match query {
        BenchQuery::Search {
            shape,
            words,
            filters,
            sort,
        } => {
            let mut url = search.clone();
            let q = match shape {
                QueryShape::Phrase => format!("\"{}\"", words.join(" ")),
                QueryShape::Word | QueryShape::AllWords => words.join(" "),
            };
            {
                let mut pairs = url.query_pairs_mut();
                pairs.append_pair("q", &q);
                for (facet, value) in filters {
                    pairs.append_pair(facet.name(), value);
                }
                if *sort == SortKind::Newest {
                    pairs.append_pair("sort", "newest");
                }
                pairs.append_pair("per_page", PER_PAGE);
            }
            url
        }
        BenchQuery::Timeline { words } => {
            let mut url = timeline.clone();
            url.query_pairs_mut()
                .append_pair("q", &words.join(" "))
                .append_pair("interval", "month");
            url
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::FacetKind;

    #[test]
    fn requests_quote_phrases_and_repeat_filters() {
        let base = Url::parse("http://127.0.0.1:1/").unwrap();
        let (search, timeline) = (
            base.join("api/search").unwrap(),
            base.join("api/timeline").unwrap(),
        );
        let query = BenchQuery::Search {
            shape: QueryShape::Phrase,
            words: vec!["prime".into(), "minister".into()],
            filters: vec![
                (FacetKind::Country, "GB".into()),
                (FacetKind::Expert, "Jane Doe".into()),
            ],
            sort: SortKind::Newest,
        };
        assert_eq!(
            request_url(&search, &timeline, &query).as_str(),
            "http://127.0.0.1:1/api/search?q=%22prime+minister%22&country=GB&expert=Jane+Doe&sort=newest&per_page=20"
        );
        let query = BenchQuery::Timeline {
            words: vec!["oil".into(), "prices".into()],
        };
        assert_eq!(
            request_url(&search, &timeline, &query).as_str(),
            "http://127.0.0.1:1/api/timeline?q=oil+prices&interval=month"
        );
    }
}
