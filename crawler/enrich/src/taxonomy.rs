//! The IPTC Media Topics subset gazette assigns, with the tagger's cue words.
//!
//! `data/topics.tsv` keeps real codes, parents and labels of the IPTC release (CC BY 4.0) for
//! the 17 top-level topics, the second-level subjects of the policy beat, and the ancestors of
//! any deeper concept used, so that every assigned code can be listed with its ancestors.

use std::collections::HashMap;

use crate::fold::fold;

const TOPICS: &str = include_str!("../data/topics.tsv");
const QCODE_PREFIX: &str = "medtop:";
/// Labels of earlier IPTC releases still common in other systems (and in the gold data).
const FORMER_LABELS: &[(&str, &str)] = &[("politics", "medtop:11000000")];

/// One cue of a concept: a folded word or phrase, optionally a prefix ("econom*"), and a weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub text: String,
    pub prefix: bool,
    pub weight: f32,
}

/// One IPTC concept of the subset.
#[derive(Debug, Clone)]
pub struct Concept {
    pub code: String,
    pub parent: Option<String>,
    pub label: String,
    pub cues: Vec<Cue>,
}

/// The taxonomy subset: look-ups by code and label, and the tree.
///
/// ```
/// let enricher = gazette_enrich::Enricher::new();
/// let taxonomy = enricher.taxonomy();
/// assert_eq!(taxonomy.resolve("11000000"), Some("medtop:11000000"));
/// assert_eq!(taxonomy.resolve("International Relations"), Some("medtop:20000638"));
/// assert_eq!(taxonomy.parent("medtop:20000638"), Some("medtop:11000000"));
/// assert_eq!(taxonomy.label("medtop:16000000"), Some("conflict, war and peace"));
/// ```
#[derive(Debug)]
pub struct Taxonomy {
    concepts: Vec<Concept>,
    by_code: HashMap<String, usize>,
    by_label: HashMap<String, usize>,
}

impl Taxonomy {
    /// Loads the embedded subset.
    pub fn load() -> Self {
        let mut concepts = Vec::new();
        for line in TOPICS.lines() {
            if line.starts_with('#') || line.starts_with("code\t") || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (Some(code), Some(parent), Some(label)) =
                (fields.first(), fields.get(1), fields.get(2))
            else {
                continue;
            };
            let parent = (!parent.is_empty()).then(|| (*parent).to_string());
            let cues = fields.get(3).map(|c| parse_cues(c)).unwrap_or_default();
            concepts.push(Concept {
                code: (*code).to_string(),
                parent,
                label: (*label).to_string(),
                cues,
            });
        }
        let by_code = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        let mut by_label: HashMap<String, usize> = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (fold(&c.label), i))
            .collect();
        for (label, code) in FORMER_LABELS {
            if let Some(index) = concepts.iter().position(|c| c.code == *code) {
                by_label.entry((*label).to_string()).or_insert(index);
            }
        }
        Taxonomy {
            concepts,
            by_code,
            by_label,
        }
    }

    /// IPTC code (`medtop:11000000` or `11000000`) or English label (case-insensitive) to the
    /// qcode, for the concepts gazette uses.
    pub fn resolve(&self, code_or_label: &str) -> Option<&str> {
        let trimmed = code_or_label.trim();
        let as_code = if trimmed.starts_with(QCODE_PREFIX) {
            trimmed.to_string()
        } else {
            format!("{QCODE_PREFIX}{trimmed}")
        };
        let index = self
            .by_code
            .get(&as_code)
            .or_else(|| self.by_label.get(&fold(trimmed)))?;
        self.concepts.get(*index).map(|c| c.code.as_str())
    }

    /// The English label of a qcode.
    pub fn label(&self, code: &str) -> Option<&str> {
        self.concept(code).map(|c| c.label.as_str())
    }

    /// The broader concept of a qcode; `None` at the top level.
    pub fn parent(&self, code: &str) -> Option<&str> {
        self.concept(code)?.parent.as_deref()
    }

    /// The top-level ancestor of a qcode (itself at the top level).
    pub fn top_level(&self, code: &str) -> Option<&str> {
        let mut current = self.concept(code)?;
        for _ in 0..8 {
            match current.parent.as_deref().and_then(|p| self.concept(p)) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        Some(current.code.as_str())
    }

    /// Every concept of the subset, in file order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    fn concept(&self, code: &str) -> Option<&Concept> {
        self.by_code.get(code).and_then(|i| self.concepts.get(*i))
    }
}

fn parse_cues(field: &str) -> Vec<Cue> {
    field
        .split(';')
        .filter_map(|cue| {
            let cue = cue.trim();
            let (text, weight) = match cue.rsplit_once(':') {
                Some((text, weight)) => (text, weight.trim().parse().ok()?),
                None => (cue, 1.0),
            };
            let (text, prefix) = match text.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (text, false),
            };
            let text = fold(text.trim());
            (!text.is_empty()).then_some(Cue {
                text,
                prefix,
                weight,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_all_top_level_topics() {
        let t = Taxonomy::load();
        let top = t.concepts().iter().filter(|c| c.parent.is_none()).count();
        assert_eq!(top, 17);
    }

    #[test]
    fn every_parent_is_in_the_subset() {
        let t = Taxonomy::load();
        for c in t.concepts() {
            if let Some(p) = &c.parent {
                assert!(t.label(p).is_some(), "{} has unknown parent {p}", c.code);
            }
        }
    }

    #[test]
    fn resolves_codes_labels_and_the_former_politics_label() {
        let t = Taxonomy::load();
        assert_eq!(t.resolve("medtop:04000000"), Some("medtop:04000000"));
        assert_eq!(t.resolve("politics"), Some("medtop:11000000"));
        assert_eq!(
            t.resolve("Politics and Government"),
            Some("medtop:11000000")
        );
        assert_eq!(t.resolve("medtop:99999999"), None);
        assert_eq!(t.top_level("medtop:20000373"), Some("medtop:04000000"));
    }

    #[test]
    fn parses_weighted_and_prefix_cues() {
        let cues = parse_cues("econom*:1.5;trade talks:2.5;war");
        assert_eq!(
            cues.first().map(|c| (c.text.as_str(), c.prefix, c.weight)),
            Some(("econom", true, 1.5))
        );
        assert_eq!(
            cues.get(1).map(|c| (c.text.as_str(), c.prefix)),
            Some(("trade talks", false))
        );
        assert_eq!(cues.get(2).map(|c| c.weight), Some(1.0));
    }
}
