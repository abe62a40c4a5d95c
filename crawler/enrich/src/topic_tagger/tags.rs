//! Turning kept topics into [`TopicTag`]s: each top-level topic with its score and evidence,
//! then the deeper concepts that carry a good part of its weight, each with its ancestors.

use std::collections::HashMap;

use gazette_article::TopicTag;

use super::{MAX_EVIDENCE, MIN_CHILD_SHARE, MIN_CHILD_WEIGHT, TopicTagger};
use crate::taxonomy::Taxonomy;

impl TopicTagger {
    pub(super) fn tags(
        &self,
        taxonomy: &Taxonomy,
        kept: &[(usize, f32)],
        body_weight: &[f32],
        title_weight: &[f32],
        cue_totals: &HashMap<usize, f32>,
    ) -> Vec<TopicTag> {
        let concepts = taxonomy.concepts();
        let mut tags: Vec<TopicTag> = Vec::new();
        for (top, score) in kept {
            let Some(concept) = concepts.get(*top) else {
                continue;
            };
            let weight_of = |i: usize| {
                body_weight.get(i).copied().unwrap_or(0.0)
                    + title_weight.get(i).copied().unwrap_or(0.0)
            };
            let under_top: Vec<usize> = (0..concepts.len())
                .filter(|i| self.top_of.get(*i) == Some(top))
                .collect();
            let top_total: f32 = under_top.iter().map(|i| weight_of(*i)).sum();
            tags.push(TopicTag {
                code: concept.code.clone(),
                label: concept.label.clone(),
                evidence: self.evidence(&under_top, cue_totals),
                score: Some((score * 100.0).round() / 100.0),
            });
            let mut children: Vec<(usize, f32)> = under_top
                .iter()
                .filter(|i| *i != top)
                .map(|i| (*i, weight_of(*i)))
                .filter(|(_, w)| *w >= MIN_CHILD_WEIGHT && *w >= MIN_CHILD_SHARE * top_total)
                .collect();
            children.sort_by(|a, b| b.1.total_cmp(&a.1));
            for (child, weight) in children.into_iter().take(2) {
                let mut chain = Vec::new();
                let mut code = concepts.get(child).map(|c| c.code.as_str());
                while let Some(c) = code {
                    if c == concept.code {
                        break;
                    }
                    chain.push(c);
                    code = taxonomy.parent(c);
                }
                for code in chain.into_iter().rev() {
                    if tags.iter().any(|t| t.code == code) {
                        continue;
                    }
                    let Some(label) = taxonomy.label(code) else {
                        continue;
                    };
                    let share = if top_total > 0.0 {
                        weight / top_total
                    } else {
                        0.0
                    };
                    tags.push(TopicTag {
                        code: code.to_string(),
                        label: label.to_string(),
                        evidence: concepts
                            .iter()
                            .position(|c| c.code == code)
                            .map(|i| self.evidence(&[i], cue_totals))
                            .unwrap_or_default(),
                        score: Some((share * 100.0).round() / 100.0),
                    });
                }
            }
        }
        tags
    }

    /// The cue words that weighed most for a set of concepts; a stem cue is shown as "stem*".
    fn evidence(&self, concepts: &[usize], cue_totals: &HashMap<usize, f32>) -> Vec<String> {
        let mut scored: Vec<(String, f32)> = cue_totals
            .iter()
            .filter_map(|(pattern, total)| {
                let refs = self.cues.get(*pattern)?;
                let share: f32 = refs
                    .iter()
                    .filter(|r| concepts.contains(&r.concept))
                    .map(|r| r.weight)
                    .sum();
                let all: f32 = refs.iter().map(|r| r.weight).sum();
                let text = self.patterns.get(*pattern).map_or("", String::as_str);
                let shown = if refs.iter().any(|r| r.prefix) {
                    format!("{text}*")
                } else {
                    text.to_string()
                };
                (share > 0.0 && all > 0.0).then(|| (shown, total * share / all))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(MAX_EVIDENCE)
            .map(|(w, _)| w)
            .collect()
    }
}
