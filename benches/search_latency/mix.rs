//! The bench's query mix: each kind's requests, drawn from the corpus (titles)
//! and from the index's own facets, so the mix follows the data it runs on.

use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::BenchResult;

/// The requests of each query kind, drawn from the corpus and the index's facets.
pub struct QueryMix {
    pub kinds: Vec<(&'static str, Vec<String>)>,
}

/// Requests per kind in the mix (cycled to reach the number of rounds).
const VARIANTS: usize = 25;

impl QueryMix {
    pub fn derive(
        client: &reqwest::blocking::Client,
        base: &str,
        corpus: &Path,
    ) -> BenchResult<QueryMix> {
        let titles = sample_titles(corpus, VARIANTS * 3)?;
        let words: Vec<Vec<String>> = titles
            .iter()
            .map(|t| content_words(t))
            .filter(|w| w.len() >= 3)
            .collect();
        // Phrases: the first two words of a title, as they stand side by side.
        let phrases: Vec<String> = titles
            .iter()
            .map(|t| {
                t.split_whitespace()
                    .take(2)
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|p| p.contains(' '))
            .collect();
        if words.len() < VARIANTS || phrases.is_empty() {
            return Err("the corpus has too few titles to derive queries from".into());
        }
        let countries = top_values(client, base, "country")?;
        let topics = top_values(client, base, "topic")?;
        let sources = top_values(client, base, "source")?;
        let pick = |values: &[String], i: usize| {
            values
                .get(i % values.len().max(1))
                .cloned()
                .unwrap_or_default()
        };
        let enc = |s: &str| urlencode(s);
        let mut kinds: Vec<(&'static str, Vec<String>)> = Vec::new();
        let mut add = |kind, make: &dyn Fn(usize, &[String]) -> String| {
            kinds.push((
                kind,
                (0..VARIANTS)
                    .map(|i| make(i, &words[i % words.len()]))
                    .collect(),
            ));
        };
        add("words", &|_, w| {
            format!("/api/search?q={}+{}", enc(&w[0]), enc(&w[1]))
        });
        add("phrase", &|i, _| {
            let phrase = &phrases[i % phrases.len()];
            format!("/api/search?q={}", enc(&format!("\"{phrase}\"")))
        });
        add("or_not", &|_, w| {
            format!(
                "/api/search?q={}",
                enc(&format!("({} OR {}) -{}", w[0], w[1], w[2]))
            )
        });
        add("country", &|i, w| {
            format!(
                "/api/search?q={}&country={}",
                enc(&w[0]),
                enc(&pick(&countries, i))
            )
        });
        add("topic", &|i, w| {
            format!(
                "/api/search?q={}&topic={}",
                enc(&w[1]),
                enc(&pick(&topics, i))
            )
        });
        add("source", &|i, w| {
            format!(
                "/api/search?q={}&source={}",
                enc(&w[2]),
                enc(&pick(&sources, i))
            )
        });
        add("multi_filter", &|i, _| {
            format!(
                "/api/search?country={}&topic={}",
                enc(&pick(&countries, i)),
                enc(&pick(&topics, i + 1))
            )
        });
        add("newest", &|_, w| {
            format!("/api/search?q={}&sort=newest", enc(&w[0]))
        });
        add("page2", &|_, w| {
            format!("/api/search?q={}&page=2", enc(&w[1]))
        });
        add("facet_browse", &|i, w| {
            let field = ["country", "topic", "expert", "source"][i % 4];
            format!("/api/facets/{field}?q={}&limit=50", enc(&w[0]))
        });
        add("timeline", &|i, w| {
            let interval = ["month", "year", "week"][i % 3];
            format!("/api/timeline?q={}&interval={interval}", enc(&w[2]))
        });
        Ok(QueryMix { kinds })
    }
}

/// Every Nth title of the corpus, `n` in all.
fn sample_titles(corpus: &Path, n: usize) -> BenchResult<Vec<String>> {
    let lines: Vec<String> = BufReader::new(std::fs::File::open(corpus)?)
        .lines()
        .collect::<Result<_, _>>()?;
    let step = (lines.len() / n.max(1)).max(1);
    Ok(lines
        .iter()
        .step_by(step)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| v["title"].as_str().map(str::to_owned))
        .take(n)
        .collect())
}

/// The longer alphabetic words of a title, lower-cased (short words are mostly stop words).
fn content_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// The most frequent values of a facet over the whole index.
fn top_values(
    client: &reqwest::blocking::Client,
    base: &str,
    field: &str,
) -> BenchResult<Vec<String>> {
    let body: serde_json::Value = client
        .get(format!("{base}/api/facets/{field}?limit=10"))
        .send()?
        .json()?;
    let values = body["values"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(values)
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
