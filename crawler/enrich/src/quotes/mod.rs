//! Quotes and the experts who give them.
//!
//! The extractor returns **every attributed quotation, in text order**: a direct quotation
//! gives one record per quoted span, indirect (reported) speech one record with the reported
//! clause. All records of one person carry the same speaker name (the fullest form the article
//! gives) and the same affiliation (the roles the article attaches to the person, in order,
//! joined by "; "). The index makes each record a searchable quote; the experts facet and the
//! benchmark de-duplicate by speaker.
//!
//! Speakers are named people only. Pronouns ("he said") go to the person last named in subject
//! position (of matching gender when a courtesy title tells it), role phrases ("the foreign
//! secretary said") to the person holding that role; unnamed sources, organisations and places
//! give no record.

mod attribution;
mod names;
mod registry;
mod roles;
mod spans;
mod tokens;

use crate::lexicon::{List, has};
use std::collections::HashMap;

use gazette_article::Quote;

pub use names::expert_key;

use crate::gazetteer::Gazetteer;
use attribution::{Attribution, Subject, attributions};
use registry::{Gender, Registry};
use spans::{Paragraph, QuoteSpan};

/// At most this many distinct roles are kept in an affiliation.
const MAX_ROLES: usize = 3;
/// A role phrase ("the minister said") is looked up among this many latest speakers.
const RECENT_SPEAKERS: usize = 32;
/// A reported clause needs at least this many words to count as indirect speech.
const MIN_CLAUSE_WORDS: usize = 3;

/// Finds attributed quotations and their speakers.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuoteExtractor;

#[derive(Debug)]
struct Speaker {
    name: String,
    roles: Vec<String>,
    gender: Gender,
}

/// State carried through one article.
struct Article<'g> {
    gazetteer: &'g Gazetteer,
    registry: Registry,
    speakers: Vec<Speaker>,
    speaker_index: HashMap<String, usize>,
    records: Vec<(usize, String)>,
    last_speaker: Option<usize>,
    last_record_paragraph: Option<usize>,
}

impl QuoteExtractor {
    /// Every attributed quotation of the body, in order (headline quotes carry no attribution,
    /// so the title is not read).
    pub fn extract(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Quote> {
        let paragraphs: Vec<Paragraph<'_>> = paragraphs(text)
            .into_iter()
            .map(|(offset, p)| Paragraph::new(offset, p))
            .collect();
        let is_place = |w: &str| gazetteer.is_place_name(w);
        let is_country_word = |w: &str| gazetteer.is_country_word(w);
        let registry = Registry::build(&paragraphs, &is_place, &is_country_word);
        let mut article = Article {
            gazetteer,
            registry,
            speakers: Vec::new(),
            speaker_index: HashMap::new(),
            records: Vec::new(),
            last_speaker: None,
            last_record_paragraph: None,
        };
        for (index, paragraph) in paragraphs.iter().enumerate() {
            article.read_paragraph(index, paragraph);
        }
        article.quotes()
    }
}

/// Paragraphs (split on line breaks) with their offsets in the text.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push((offset, line));
        }
        offset += line.len() + 1;
    }
    out
}

impl Article<'_> {
    fn read_paragraph(&mut self, index: usize, prepared: &Paragraph<'_>) {
        let (offset, paragraph, spans) = (prepared.offset, prepared.text, &prepared.spans);
        let gazetteer = self.gazetteer;
        let is_place = |w: &str| gazetteer.is_place_name(w);
        let is_country_word = |w: &str| gazetteer.is_country_word(w);
        for &(start, end) in &prepared.sentences {
            let Some(sentence) = paragraph.get(start..end) else {
                continue;
            };
            let local: Vec<QuoteSpan> = spans
                .iter()
                .filter(|s| s.open >= start && s.open < end)
                .map(|s| QuoteSpan {
                    open: s.open - start,
                    close: s.close.min(end) - start,
                    closed: s.closed && s.close <= end,
                })
                .collect();
            let found = attributions(sentence, &local, &is_place, &is_country_word);
            let resolved: Vec<(Attribution, usize)> = found
                .into_iter()
                .filter_map(|a| {
                    let at = offset + start + a.verb_start;
                    self.resolve(&a.subject, at, offset + start).map(|s| (a, s))
                })
                .collect();
            if local.is_empty() {
                self.record_indirect(index, sentence, &resolved);
            } else {
                self.record_direct(index, sentence, &local, &resolved);
            }
        }
    }

    fn record_direct(
        &mut self,
        paragraph: usize,
        sentence: &str,
        spans: &[QuoteSpan],
        resolved: &[(Attribution, usize)],
    ) {
        for span in spans {
            let nearest = resolved
                .iter()
                .min_by_key(|(a, _)| {
                    if span.close <= a.verb_start {
                        a.verb_start - span.close
                    } else {
                        span.open.saturating_sub(a.verb_end)
                    }
                })
                .map(|(_, s)| *s);
            let continues = sentence.trim_start().starts_with(['\u{201C}', '"'])
                && self
                    .last_record_paragraph
                    .is_some_and(|p| p + 1 >= paragraph);
            let speaker = nearest.or(if continues { self.last_speaker } else { None });
            let text = span.inner(sentence);
            if let Some(speaker) = speaker
                && !text.is_empty()
            {
                self.push(paragraph, speaker, text.to_string());
            }
        }
    }

    /// Reported speech: the clause after the verb ("X said that ..."); for a verb ending the
    /// sentence ("..., X said.") or an inverted one ("..., said X."), the clause before it; for
    /// "according to X, ...", the clause after the name.
    fn record_indirect(
        &mut self,
        paragraph: usize,
        sentence: &str,
        resolved: &[(Attribution, usize)],
    ) {
        for (attribution, speaker) in resolved {
            if attribution.needs_quote {
                continue;
            }
            let head = |end: usize| {
                let head = sentence.get(..end).unwrap_or("").trim_end();
                head.strip_suffix(',')
                    .map(str::trim)
                    .filter(|h| h.split_whitespace().count() >= MIN_CLAUSE_WORDS)
            };
            let after = sentence.get(attribution.verb_end..).unwrap_or("");
            let clause = match attribution.subject_start {
                None if attribution.according => {
                    let rest = after
                        .split_once(',')
                        .map_or("", |(_, rest)| rest)
                        .trim()
                        .trim_end_matches('.');
                    if rest.split_whitespace().count() >= MIN_CLAUSE_WORDS {
                        Some(rest)
                    } else {
                        head(attribution.verb_start)
                    }
                }
                None => head(attribution.verb_start),
                Some(subject_start) => {
                    let after = after.trim_start_matches([' ', ',', ':']);
                    let after = after
                        .strip_prefix("that ")
                        .unwrap_or(after)
                        .trim_end_matches(['.', ' ']);
                    let words_after: Vec<&str> = after.split_whitespace().collect();
                    if words_after.len() >= MIN_CLAUSE_WORDS {
                        Some(after)
                    } else if words_after.iter().all(|w| {
                        has(
                            List::TimeWords,
                            &w.trim_end_matches(['.', ',']).to_lowercase(),
                        )
                    }) {
                        head(subject_start)
                    } else {
                        None
                    }
                }
            };
            if let Some(clause) = clause {
                self.push(paragraph, *speaker, clause.to_string());
            }
        }
    }

    fn push(&mut self, paragraph: usize, speaker: usize, text: String) {
        self.records.push((speaker, text));
        self.last_speaker = Some(speaker);
        self.last_record_paragraph = Some(paragraph);
    }

    /// The speaker index of a subject at text offset `at` (in a sentence starting at
    /// `sentence_start`), adding the speaker when new.
    fn resolve(&mut self, subject: &Subject, at: usize, sentence_start: usize) -> Option<usize> {
        match subject {
            Subject::Pronoun { female } => {
                let gender = if *female {
                    Gender::Female
                } else {
                    Gender::Male
                };
                match self.registry.antecedent(at, sentence_start, gender) {
                    Some(mention) => {
                        let (name, roles, mention_gender) =
                            (mention.full.clone(), Vec::new(), mention.gender);
                        Some(self.speaker(&name, &roles, mention_gender))
                    }
                    None => self.last_speaker.filter(|s| {
                        self.speakers
                            .get(*s)
                            .is_some_and(|s| s.gender.agrees(gender))
                    }),
                }
            }
            Subject::Role(role) => {
                let recent = self.speakers.len().saturating_sub(RECENT_SPEAKERS);
                let holder = self.speakers.get(recent..).and_then(|tail| {
                    tail.iter()
                        .rposition(|s| {
                            s.roles
                                .iter()
                                .any(|r| r.to_lowercase().contains(role.as_str()))
                        })
                        .map(|i| i + recent)
                });
                let holder = holder.or_else(|| {
                    self.registry
                        .holder_of(role, at)
                        .map(|full| self.speaker(&full, &[], Gender::Unknown))
                });
                let holder = holder.or(self.last_speaker)?;
                if let Some(speaker) = self.speakers.get_mut(holder)
                    && speaker.roles.is_empty()
                {
                    speaker.roles.push(role.clone());
                }
                Some(holder)
            }
            Subject::Named { name, roles } => {
                let full = self.registry.fullest(&name.name, name.titled, at)?;
                let gender = self.registry.gender_of(&full);
                Some(self.speaker(&full, roles, gender))
            }
        }
    }

    /// The index of the speaker with this full name (added when new), with the roles merged.
    fn speaker(&mut self, full: &str, roles: &[String], gender: Gender) -> usize {
        let key = expert_key(full);
        let index = match self.speaker_index.get(&key) {
            Some(index) => *index,
            None => {
                self.speakers.push(Speaker {
                    name: full.to_string(),
                    roles: Vec::new(),
                    gender,
                });
                self.speaker_index.insert(key, self.speakers.len() - 1);
                self.speakers.len() - 1
            }
        };
        if let Some(speaker) = self.speakers.get_mut(index) {
            for role in roles {
                add_role(&mut speaker.roles, role);
            }
        }
        index
    }

    fn quotes(self) -> Vec<Quote> {
        let mut affiliations = Vec::with_capacity(self.speakers.len());
        for speaker in &self.speakers {
            let mut roles = Vec::new();
            for role in self
                .registry
                .roles_of(&speaker.name)
                .iter()
                .chain(&speaker.roles)
            {
                add_role(&mut roles, role);
            }
            affiliations.push(roles.join("; "));
        }
        self.records
            .into_iter()
            .filter_map(|(speaker, text)| {
                let s = self.speakers.get(speaker)?;
                Some(Quote {
                    speaker: s.name.clone(),
                    affiliation: affiliations.get(speaker).cloned().unwrap_or_default(),
                    text,
                })
            })
            .collect()
    }
}

/// Adds a role unless it is already there (or contained in one that is).
fn add_role(roles: &mut Vec<String>, role: &str) {
    let lower = role.trim().to_lowercase();
    if !lower.chars().any(char::is_alphabetic) || roles.len() >= MAX_ROLES {
        return;
    }
    if roles.iter().any(|r| r.to_lowercase().contains(&lower)) {
        return;
    }
    roles.retain(|r| !lower.contains(&r.to_lowercase()));
    roles.push(role.trim().to_string());
}
