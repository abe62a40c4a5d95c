//! `QueryMix`: the requests every engine answers, drawn from the synthetic archive.
//!
//! The mix imitates a newsroom's searches: single words (half drawn by document
//! frequency, so common terms dominate as they do in real logs, half uniformly from the
//! vocabulary's long tail), exact phrases of two or three consecutive words from an
//! article, and two-to-four-word queries whose words co-occur in some article (so they
//! usually match). A third of the searches carry one to three filters on different
//! facets, taken from an article's own tags (so values are drawn by how often they
//! occur); a fifth sort by date; a tenth of all requests are timelines.

use std::collections::HashMap;

use crate::composition::Composition;
use crate::rng::{BenchRng, Purpose, Weighted};
use crate::words::{distinct_words, tokens};
use crate::workload::{BenchQuery, FacetKind, QueryShape, SortKind, TaggedArticle};

/// Share of requests that are timelines.
const TIMELINE_SHARE: f64 = 0.10;
/// Share of searches with facet filters.
const FILTERED_SHARE: f64 = 1.0 / 3.0;
/// Share of searches sorted newest first.
const NEWEST_SHARE: f64 = 0.20;
/// Articles tried for a phrase or co-occurring words before the draw is abandoned (and redrawn).
const ATTEMPTS: usize = 20;

/// Warm-up requests (run first, not measured) and the measured requests, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryMix {
    pub warmup: Vec<BenchQuery>,
    pub measured: Vec<BenchQuery>,
}

/// Document frequencies over the sample, in a stable order for reproducible draws.
struct Vocabulary {
    words: Vec<String>,
    by_frequency: Weighted,
}

impl Vocabulary {
    fn new(sample: &[TaggedArticle]) -> Vocabulary {
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for article in sample {
            for word in distinct_words(&format!("{}\n{}", article.title, article.text)) {
                *frequency.entry(word).or_default() += 1;
            }
        }
        // Words seen once in the sample may be typos; keep them only when nothing else exists.
        let min_df = if frequency.values().any(|&df| df >= 2) {
            2
        } else {
            1
        };
        let mut counted: Vec<(String, usize)> = frequency
            .into_iter()
            .filter(|(_, df)| *df >= min_df)
            .collect();
        counted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let by_frequency = Weighted::new(counted.iter().map(|(_, df)| *df as f64));
        Vocabulary {
            words: counted.into_iter().map(|(word, _)| word).collect(),
            by_frequency,
        }
    }

    /// A word by document frequency half the time, uniformly from the vocabulary otherwise.
    fn word(&self, rng: &mut BenchRng) -> Option<String> {
        let index = if rng.chance(0.5) {
            self.by_frequency.sample(rng)?
        } else {
            rng.below(self.words.len())
        };
        self.words.get(index).cloned()
    }
}

impl QueryMix {
    /// Draws `warmup + measured` requests from `sample` (the articles the queries are
    /// built from; a few thousand spread over the archive are plenty).
    ///
    /// ```ignore
    /// let mix = QueryMix::generate(&sample, 42, 500, 5000)?;
    /// println!("{}", mix.composition());
    /// ```
    pub fn generate(
        sample: &[TaggedArticle],
        seed: u64,
        warmup: usize,
        measured: usize,
    ) -> anyhow::Result<QueryMix> {
        let vocabulary = Vocabulary::new(sample);
        anyhow::ensure!(
            !vocabulary.words.is_empty(),
            "the sample of {} articles has no searchable words",
            sample.len()
        );
        let mut rng = BenchRng::new(seed, Purpose::Mix, 0);
        let mut queries = Vec::with_capacity(warmup + measured);
        while queries.len() < warmup + measured {
            if let Some(query) = draw(&mut rng, sample, &vocabulary) {
                queries.push(query);
            }
        }
        let measured = queries.split_off(warmup);
        Ok(QueryMix {
            warmup: queries,
            measured,
        })
    }

    /// The make-up of the measured requests.
    pub fn composition(&self) -> Composition {
        Composition::of(&self.measured)
    }
}

/// One request, or `None` when the drawn article could not give one (the caller draws again).
fn draw(
    rng: &mut BenchRng,
    sample: &[TaggedArticle],
    vocabulary: &Vocabulary,
) -> Option<BenchQuery> {
    if rng.chance(TIMELINE_SHARE) {
        let words = if rng.chance(0.7) {
            vec![vocabulary.word(rng)?]
        } else {
            co_occurring(rng, sample, 2)?.1
        };
        return Some(BenchQuery::Timeline { words });
    }
    let (shape, source, words) = match rng.below(100) {
        0..40 => (
            QueryShape::Word,
            rng.pick(sample),
            vec![vocabulary.word(rng)?],
        ),
        40..75 => {
            let count = rng.between(2, 4);
            let (article, words) = co_occurring(rng, sample, count)?;
            (QueryShape::AllWords, Some(article), words)
        }
        _ => {
            let (article, words) = phrase(rng, sample)?;
            (QueryShape::Phrase, Some(article), words)
        }
    };
    let filters = if rng.chance(FILTERED_SHARE) {
        let wanted = match rng.unit() {
            u if u < 0.6 => 1,
            u if u < 0.9 => 2,
            _ => 3,
        };
        filters(rng, source?, wanted)
    } else {
        Vec::new()
    };
    let sort = if rng.chance(NEWEST_SHARE) {
        SortKind::Newest
    } else {
        SortKind::Relevance
    };
    Some(BenchQuery::Search {
        shape,
        words,
        filters,
        sort,
    })
}

/// `count` distinct words of one article (title and text).
fn co_occurring<'a>(
    rng: &mut BenchRng,
    sample: &'a [TaggedArticle],
    count: usize,
) -> Option<(&'a TaggedArticle, Vec<String>)> {
    for _ in 0..ATTEMPTS {
        let article = rng.pick(sample)?;
        let mut candidates = distinct_words(&format!("{}\n{}", article.title, article.text));
        if candidates.len() < count {
            continue;
        }
        let mut words = Vec::with_capacity(count);
        while words.len() < count {
            words.push(candidates.swap_remove(rng.below(candidates.len())));
        }
        return Some((article, words));
    }
    None
}

/// Two or three consecutive searchable words (no punctuation between) from one article.
fn phrase<'a>(
    rng: &mut BenchRng,
    sample: &'a [TaggedArticle],
) -> Option<(&'a TaggedArticle, Vec<String>)> {
    let length = rng.between(2, 3);
    for _ in 0..ATTEMPTS {
        let article = rng.pick(sample)?;
        let tokens: Vec<Option<String>> = tokens(&article.text).collect();
        let starts: Vec<usize> = (0..tokens.len().saturating_sub(length - 1))
            .filter(|&i| tokens[i..i + length].iter().all(Option::is_some))
            .collect();
        if let Some(&start) = rng.pick(&starts) {
            let words = tokens[start..start + length]
                .iter()
                .flatten()
                .cloned()
                .collect();
            return Some((article, words));
        }
    }
    None
}

/// Up to `wanted` filters on distinct facets, each value one of the article's own tags.
fn filters(rng: &mut BenchRng, article: &TaggedArticle, wanted: usize) -> Vec<(FacetKind, String)> {
    let source = [article.source.clone()];
    let mut facets: Vec<(FacetKind, &[String])> = [
        (FacetKind::Country, article.countries.as_slice()),
        (FacetKind::Topic, article.topics.as_slice()),
        (FacetKind::Expert, article.experts.as_slice()),
        (FacetKind::Source, source.as_slice()),
    ]
    .into_iter()
    .filter(|(_, values)| !values.is_empty())
    .collect();
    let mut chosen = Vec::with_capacity(wanted);
    while chosen.len() < wanted && !facets.is_empty() {
        let (kind, values) = facets.swap_remove(rng.below(facets.len()));
        if let Some(value) = rng.pick(values) {
            chosen.push((kind, value.clone()));
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, CorpusArticle};
    use crate::synth::{self, SyntheticArchive};

    fn sample() -> Vec<TaggedArticle> {
        let texts = [
            (
                "Bank of England raises rates",
                "The Bank of England raised interest rates on Thursday.\n\nMortgage lenders in Britain warned households.",
            ),
            (
                "France votes",
                "Voters in France elected a new parliament.\n\n\"The result is clear,\" said Pierre Martin, a political scientist at Sciences Po.",
            ),
            (
                "Oil prices climb",
                "Oil prices climbed after producers in Saudi Arabia cut output.\n\nAnalysts expect higher petrol prices.",
            ),
        ];
        let corpus = Corpus::from_articles(
            texts
                .iter()
                .map(|(title, text)| CorpusArticle {
                    title: title.to_string(),
                    section: "business".into(),
                    paragraphs: text.split("\n\n").map(str::to_string).collect(),
                })
                .collect(),
            0,
        )
        .unwrap();
        let archive = SyntheticArchive::new(&corpus, 60, 1);
        let enricher = gazette_enrich::Enricher::new();
        (0..archive.len())
            .map(|i| {
                let mut article = archive.article(i);
                synth::tag(&enricher, &mut article);
                article
            })
            .collect()
    }

    #[test]
    fn same_seed_same_mix_other_seed_other_mix() {
        let sample = sample();
        let a = QueryMix::generate(&sample, 5, 10, 300).unwrap();
        assert_eq!(a, QueryMix::generate(&sample, 5, 10, 300).unwrap());
        assert_ne!(a, QueryMix::generate(&sample, 6, 10, 300).unwrap());
        assert_eq!((a.warmup.len(), a.measured.len()), (10, 300));
    }

    #[test]
    fn mix_has_the_documented_make_up() {
        let mix = QueryMix::generate(&sample(), 9, 0, 3000).unwrap();
        let c = mix.composition();
        let searches = c.total - c.timelines;
        assert!((200..400).contains(&c.timelines), "{c:?}");
        assert!(c.words > 0 && c.all_words > 0 && c.phrases > 0, "{c:?}");
        let filtered = searches - c.by_filter_count[0];
        assert!(
            filtered * 4 > searches && filtered * 5 < searches * 2,
            "{c:?}"
        );
        assert!(c.newest * 6 > searches && c.newest * 4 < searches, "{c:?}");
        for query in &mix.measured {
            if let BenchQuery::Search {
                shape,
                words,
                filters,
                ..
            } = query
            {
                let facets: std::collections::HashSet<_> = filters.iter().map(|f| f.0).collect();
                assert_eq!(facets.len(), filters.len(), "filters on distinct facets");
                match shape {
                    QueryShape::Word => assert_eq!(words.len(), 1),
                    QueryShape::AllWords => assert!((2..=4).contains(&words.len())),
                    QueryShape::Phrase => assert!((2..=3).contains(&words.len())),
                }
            }
        }
        assert!(mix.composition().to_string().contains("timelines"));
    }

    #[test]
    fn phrases_are_consecutive_words_of_an_article() {
        let sample = sample();
        let mix = QueryMix::generate(&sample, 2, 0, 500).unwrap();
        for query in &mix.measured {
            if let BenchQuery::Search {
                shape: QueryShape::Phrase,
                words,
                ..
            } = query
            {
                let joined = words.join(" ");
                assert!(
                    sample
                        .iter()
                        .any(|a| a.text.to_lowercase().contains(&joined)),
                    "{joined:?} is in no article"
                );
            }
        }
    }
}
