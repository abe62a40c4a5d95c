//! Topic tagging: weighted cue words per IPTC concept, read paragraph by paragraph.
//!
//! The guideline gives a topic when the headline is about it or roughly a fifth of the body is.
//! So each paragraph's cue weights are turned into shares of that paragraph (a paragraph about
//! trade with one word about politics is mostly trade), the shares are summed over the body
//! weighted by paragraph length, and the title adds its own cues. A top-level topic is kept when
//! its body coverage or its title weight clears a threshold; at most three are kept, at least one
//! when any cue was found. Deeper concepts are reported under a kept top-level topic when their
//! own cues carry a good part of its weight. Every kept code comes with its ancestors.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use gazette_article::TopicTag;

use crate::fold::fold;
use crate::taxonomy::Taxonomy;

mod tags;

/// A paragraph needs this much cue weight before it is counted as being about anything.
const MIN_PARAGRAPH_WEIGHT: f32 = 1.5;
/// Cue weight at which a paragraph counts in full; below it, it counts in proportion, so a
/// paragraph with one stray cue word is not wholly "about" that word's topic.
const FULL_PARAGRAPH_WEIGHT: f32 = 4.0;
/// A cue counts at most this many times per paragraph, so one repeated word cannot carry it.
const MAX_REPEATS: u32 = 3;
/// Share of the body (by length) a topic needs: the guideline's "roughly a fifth".
const MIN_COVERAGE: f32 = 0.2;
/// Title cue weight that makes the headline "about" a topic (more than one passing cue word),
/// given some support in the body.
const MIN_TITLE_WEIGHT: f32 = 2.5;
const MIN_COVERAGE_WITH_TITLE: f32 = 0.05;
/// "Most articles get 1 to 2 topics, and at most 3": a third one must be well supported.
const MAX_TOPICS: usize = 3;
const MIN_THIRD_TOPIC_SCORE: f32 = 0.35;
/// A deeper concept is reported when it carries this share of its top-level topic's weight.
const MIN_CHILD_SHARE: f32 = 0.3;
const MIN_CHILD_WEIGHT: f32 = 4.0;
const MAX_EVIDENCE: usize = 5;

#[derive(Debug, Clone)]
struct CueRef {
    concept: usize,
    prefix: bool,
    weight: f32,
}

/// Scores IPTC topics from cue words.
#[derive(Debug)]
pub struct TopicTagger {
    matcher: Option<AhoCorasick>,
    /// For each matcher pattern, the concepts it cues.
    cues: Vec<Vec<CueRef>>,
    patterns: Vec<String>,
    /// For each concept, the index of its top-level ancestor.
    top_of: Vec<usize>,
}

/// Cue weights gathered over one piece of text.
struct Weights {
    per_concept: Vec<f32>,
    per_cue: HashMap<usize, f32>,
}

impl TopicTagger {
    /// Compiles the cue words of every concept of the taxonomy.
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let concepts = taxonomy.concepts();
        let index_of: HashMap<&str, usize> = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let top_of = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                taxonomy
                    .top_level(&c.code)
                    .and_then(|t| index_of.get(t).copied())
                    .unwrap_or(i)
            })
            .collect();
        let mut pattern_index: HashMap<String, usize> = HashMap::new();
        let mut patterns = Vec::new();
        let mut cues: Vec<Vec<CueRef>> = Vec::new();
        for (concept, c) in concepts.iter().enumerate() {
            for cue in &c.cues {
                let index = *pattern_index.entry(cue.text.clone()).or_insert_with(|| {
                    patterns.push(cue.text.clone());
                    cues.push(Vec::new());
                    patterns.len() - 1
                });
                if let Some(slot) = cues.get_mut(index) {
                    slot.push(CueRef {
                        concept,
                        prefix: cue.prefix,
                        weight: cue.weight,
                    });
                }
            }
        }
        // A DFA: built once per process, searched for every article (several times faster
        // to search than the default NFA).
        let matcher = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        TopicTagger {
            matcher,
            cues,
            patterns,
            top_of,
        }
    }

    /// The topics of an article, each followed by its ancestors; top-level topics carry the
    /// body coverage as `score` and their strongest cue words as `evidence`.
    pub fn tag(&self, taxonomy: &Taxonomy, title: &str, text: &str) -> Vec<TopicTag> {
        let concepts = taxonomy.concepts();
        let n = concepts.len();
        let title_weights = self.weigh(&fold(title), n);
        let mut coverage = vec![0.0f32; n];
        let mut total_weight = vec![0.0f32; n];
        let mut cue_totals: HashMap<usize, f32> = HashMap::new();
        let mut total_len = 0usize;
        for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            let weights = self.weigh(&fold(paragraph), n);
            let len = paragraph.len();
            total_len += len;
            for (cue, w) in weights.per_cue {
                *cue_totals.entry(cue).or_default() += w;
            }
            let mut per_top = vec![0.0f32; n];
            for (concept, w) in weights.per_concept.iter().enumerate() {
                if let (Some(top), Some(total)) =
                    (self.top_of.get(concept), total_weight.get_mut(concept))
                {
                    *total += w;
                    if let Some(slot) = per_top.get_mut(*top) {
                        *slot += w;
                    }
                }
            }
            let paragraph_total: f32 = per_top.iter().sum();
            if paragraph_total < MIN_PARAGRAPH_WEIGHT {
                continue;
            }
            let denominator = paragraph_total.max(FULL_PARAGRAPH_WEIGHT);
            for (top, w) in per_top.iter().enumerate() {
                if let Some(slot) = coverage.get_mut(top) {
                    *slot += len as f32 * w / denominator;
                }
            }
        }
        for (cue, w) in &title_weights.per_cue {
            *cue_totals.entry(*cue).or_default() += w;
        }
        let mut title_per_top = vec![0.0f32; n];
        for (concept, w) in title_weights.per_concept.iter().enumerate() {
            if let Some(slot) = self
                .top_of
                .get(concept)
                .and_then(|t| title_per_top.get_mut(*t))
            {
                *slot += w;
            }
        }
        let body_len = total_len.max(1) as f32;
        let mut ranked: Vec<(usize, f32)> = (0..n)
            .filter(|i| concepts.get(*i).is_some_and(|c| c.parent.is_none()))
            .map(|i| {
                let cov = coverage.get(i).copied().unwrap_or(0.0) / body_len;
                let title = title_per_top.get(i).copied().unwrap_or(0.0);
                (i, cov + 0.1 * title.min(3.0))
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut kept: Vec<(usize, f32)> = ranked
            .iter()
            .filter(|(i, _)| {
                let cov = coverage.get(*i).copied().unwrap_or(0.0) / body_len;
                let title = title_per_top.get(*i).copied().unwrap_or(0.0);
                cov >= MIN_COVERAGE || (title >= MIN_TITLE_WEIGHT && cov >= MIN_COVERAGE_WITH_TITLE)
            })
            .take(MAX_TOPICS)
            .copied()
            .collect();
        if kept.len() == MAX_TOPICS
            && kept
                .last()
                .is_some_and(|(_, score)| *score < MIN_THIRD_TOPIC_SCORE)
        {
            kept.pop();
        }
        if kept.is_empty()
            && let Some(best) = ranked.first().filter(|(_, s)| *s > 0.0)
        {
            kept.push(*best);
        }
        self.tags(
            taxonomy,
            &kept,
            &total_weight,
            &title_weights.per_concept,
            &cue_totals,
        )
    }

    fn weigh(&self, folded: &str, concepts: usize) -> Weights {
        let mut weights = Weights {
            per_concept: vec![0.0; concepts],
            per_cue: HashMap::new(),
        };
        let Some(matcher) = &self.matcher else {
            return weights;
        };
        let mut repeats: HashMap<usize, u32> = HashMap::new();
        for m in matcher.find_iter(folded) {
            let starts_word = folded
                .get(..m.start())
                .and_then(|h| h.chars().next_back())
                .is_none_or(|c| !c.is_alphanumeric());
            if !starts_word {
                continue;
            }
            let ends_word = folded
                .get(m.end()..)
                .and_then(|t| t.chars().next())
                .is_none_or(|c| !c.is_alphanumeric());
            let pattern = m.pattern().as_usize();
            let seen = repeats.entry(pattern).or_default();
            *seen += 1;
            if *seen > MAX_REPEATS {
                continue;
            }
            for cue in self.cues.get(pattern).into_iter().flatten() {
                if !cue.prefix && !ends_word {
                    continue;
                }
                if let Some(slot) = weights.per_concept.get_mut(cue.concept) {
                    *slot += cue.weight;
                    *weights.per_cue.entry(pattern).or_default() += cue.weight;
                }
            }
        }
        weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top_codes(title: &str, text: &str) -> Vec<String> {
        let taxonomy = Taxonomy::load();
        let tagger = TopicTagger::new(&taxonomy);
        tagger
            .tag(&taxonomy, title, text)
            .into_iter()
            .filter(|t| taxonomy.parent(&t.code).is_none())
            .map(|t| t.code)
            .collect()
    }

    #[test]
    fn a_trade_story_is_economy() {
        let codes = top_codes(
            "Tariff talks stall",
            "Exports of steel fell as the tariff dispute dragged on and markets slipped.\n\nInvestors fear the trade deficit will widen, and shares in exporters dropped.",
        );
        assert_eq!(codes.first().map(String::as_str), Some("medtop:04000000"));
    }

    #[test]
    fn a_war_story_is_conflict_and_lists_ancestors() {
        let taxonomy = Taxonomy::load();
        let tagger = TopicTagger::new(&taxonomy);
        let tags = tagger.tag(
            &taxonomy,
            "Ceasefire collapses",
            "Fighting resumed as troops shelled rebel positions and the ceasefire collapsed.\n\nSoldiers and militants clashed; dozens were killed in the war.",
        );
        assert_eq!(
            tags.first().map(|t| t.code.as_str()),
            Some("medtop:16000000")
        );
        assert!(
            tags.first()
                .is_some_and(|t| !t.evidence.is_empty() && t.score.is_some())
        );
        for tag in &tags {
            if let Some(parent) = taxonomy.parent(&tag.code) {
                assert!(
                    tags.iter().any(|t| t.code == parent),
                    "{} without its parent",
                    tag.code
                );
            }
        }
    }

    #[test]
    fn passing_mentions_do_not_make_a_topic() {
        let text = "The foreign minister met the ambassador to discuss the treaty and the coming summit.\n\nDiplomats said the talks on the alliance went well, and relations between the two governments improved.\n\nThe envoy, who arrived a day after a football match in the capital, said sanctions would stay.\n\nParliament will vote on the accord next month, and the opposition has promised to back it.";
        let codes = top_codes("Envoys meet", text);
        assert!(codes.contains(&"medtop:11000000".to_string()));
        assert!(!codes.contains(&"medtop:15000000".to_string()));
    }

    #[test]
    fn no_cues_no_topics() {
        assert!(top_codes("", "Lorem ipsum dolor sit amet.").is_empty());
    }
}
