//! The people an article names, wherever it names them.
//!
//! Every run of name words that reads as a person is recorded with its position, the roles
//! written around it and the gender a courtesy title gives. The extractor uses the registry to
//! expand a surname to the fullest name the article gives ("Khanin" -> "Zeev Khanin"), to find
//! the antecedent of "he"/"she", the holder of a role ("the prime minister"), and the roles of a
//! speaker named outside any attribution ("Iran's president, Mohammad Khatami, has unveiled").

use std::collections::HashMap;

use super::attribution::person_in_run;
use super::names::surname;
use super::roles::{is_role_noun, role_before, role_before_comma};
use super::spans::Paragraph;
use super::tokens::{name_runs, tokens};

/// How far back (in bytes) a pronoun may look for its antecedent.
const PRONOUN_REACH: usize = 1500;
const MAX_APPOSITIVE_WORDS: usize = 14;

/// Grammatical gender as a courtesy title tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    /// Whether a pronoun of gender `other` can refer to a person of this gender.
    pub fn agrees(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }

    fn from_title(word: &str) -> Gender {
        match word.trim_end_matches('.') {
            "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Father" => Gender::Male,
            "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Baroness" | "Queen" | "Princess" => Gender::Female,
            _ => Gender::Unknown,
        }
    }
}

/// One naming of a person.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The name as written, without titles.
    pub written: String,
    /// The fullest form of the name in the article.
    pub full: String,
    pub position: usize,
    /// The first person named in its sentence: the likely subject.
    pub subject: bool,
    /// Reads as a person rather than an organisation or a capitalised phrase.
    pub personal: bool,
    pub gender: Gender,
    pub roles: Vec<String>,
    titled: bool,
}

/// All the people an article names.
#[derive(Debug, Default)]
pub struct Registry {
    mentions: Vec<Mention>,
    /// Multi-word mentions by surname, for expanding surnames without scanning every mention.
    by_surname: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// Records every person-like name of the paragraphs (offsets are into the article text).
    pub fn build(paragraphs: &[Paragraph<'_>], is_place: &dyn Fn(&str) -> bool, is_country_word: &dyn Fn(&str) -> bool) -> Self {
        let mut mentions = Vec::new();
        for paragraph in paragraphs {
            let (offset, spans) = (paragraph.offset, &paragraph.spans);
            for &(start, end) in &paragraph.sentences {
                let Some(sentence) = paragraph.text.get(start..end) else { continue };
                let toks: Vec<_> = tokens(sentence, 0)
                    .into_iter()
                    .filter(|t| !spans.iter().any(|s| s.contains(t.start + start)))
                    .collect();
                let mut first_in_sentence = true;
                for (run_start, run_end) in name_runs(&toks) {
                    let Some(run) = toks.get(run_start..run_end) else { continue };
                    let Some(found) = person_in_run(run, run_start, is_place, is_country_word) else { continue };
                    let after_preposition = run_start > 0 && toks.get(run_start - 1).is_some_and(|t| is_preposition(t.core) && !t.closes());
                    if after_preposition && found.skipped == 0 && !found.name.titled && !found.name.name.contains(' ') {
                        continue;
                    }
                    let gender = run.iter().map(|t| Gender::from_title(t.core)).find(|g| *g != Gender::Unknown).unwrap_or(Gender::Unknown);
                    let mut roles: Vec<String> = role_before(&toks, found.first_token).into_iter().collect();
                    if found.first_token == run_start || roles.is_empty() {
                        roles.extend(role_before_comma(&toks, run_start));
                    }
                    if let Some(tail) = run.last() {
                        roles.extend(appositive_after(sentence, tail.end));
                    }
                    let Some(first) = toks.get(found.first_token) else { continue };
                    mentions.push(Mention {
                        written: found.name.name.clone(),
                        full: found.name.name,
                        position: offset + start + first.start,
                        subject: first_in_sentence,
                        personal: false,
                        gender,
                        roles,
                        titled: found.name.titled,
                    });
                    first_in_sentence = false;
                }
            }
        }
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            if m.written.contains(' ') {
                by_surname.entry(surname(&m.written).to_string()).or_default().push(i);
            }
        }
        let mut registry = Registry { mentions, by_surname };
        registry.resolve_full_names();
        registry
    }

    fn resolve_full_names(&mut self) {
        let fulls: Vec<Option<String>> = self.mentions.iter().map(|m| self.expand(&m.written, m.position)).collect();
        for (mention, full) in self.mentions.iter_mut().zip(fulls) {
            if let Some(full) = full {
                mention.full = full;
            }
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for m in &self.mentions {
            *counts.entry(m.full.as_str()).or_default() += 1;
        }
        let personal: Vec<bool> = self
            .mentions
            .iter()
            .map(|m| {
                let repeated = counts.get(m.full.as_str()).is_some_and(|n| *n > 1);
                m.titled || !m.roles.is_empty() || (repeated && m.full.contains(' '))
            })
            .collect();
        for (mention, personal) in self.mentions.iter_mut().zip(personal) {
            mention.personal = personal;
        }
    }

    /// The fullest multi-word name containing every word of `name`, with the same surname:
    /// the longest one named before `at`, else the longest one at all.
    fn expand(&self, name: &str, at: usize) -> Option<String> {
        let last = surname(name);
        let words = name.split(' ').count();
        let bucket = self.by_surname.get(last)?;
        let candidates: Vec<&Mention> = bucket
            .iter()
            .filter_map(|i| self.mentions.get(*i))
            .filter(|m| m.written.split(' ').count() >= words)
            .filter(|m| name.split(' ').all(|w| m.written.split(' ').any(|x| x == w)))
            .collect();
        let before = candidates.iter().filter(|m| m.position <= at).max_by_key(|m| (m.written.split(' ').count(), m.position));
        before.or_else(|| candidates.iter().max_by_key(|m| m.written.split(' ').count())).map(|m| m.written.clone())
    }

    /// The fullest form of a speaker's name; a bare single word that is neither titled nor
    /// the surname of a fuller name is not taken for a person.
    pub fn fullest(&self, name: &str, titled: bool, at: usize) -> Option<String> {
        match self.expand(name, at) {
            Some(full) => Some(full),
            None if name.contains(' ') || titled => Some(name.to_string()),
            None => None,
        }
    }

    /// The person a pronoun at `at` refers to: a person named earlier in the same sentence,
    /// else the last person named in subject position nearby.
    pub fn antecedent(&self, at: usize, sentence_start: usize, gender: Gender) -> Option<&Mention> {
        let earlier = || {
            self.mentions
                .iter()
                .filter(move |m| m.position < at && m.position + PRONOUN_REACH >= at && m.personal && m.gender.agrees(gender))
        };
        let agrees = |m: &&Mention| self.gender_of(&m.full).agrees(gender);
        earlier()
            .filter(|m| m.position >= sentence_start)
            .filter(agrees)
            .last()
            .or_else(|| earlier().filter(|m| m.subject).filter(agrees).last())
    }

    /// The full name of the person last given a role containing `role` before `at`.
    pub fn holder_of(&self, role: &str, at: usize) -> Option<String> {
        self.mentions
            .iter()
            .filter(|m| m.position < at && m.roles.iter().any(|r| r.to_lowercase().contains(role)))
            .last()
            .map(|m| m.full.clone())
    }

    /// The gender any mention of this person gives.
    pub fn gender_of(&self, full: &str) -> Gender {
        self.mentions.iter().filter(|m| m.full == full).map(|m| m.gender).find(|g| *g != Gender::Unknown).unwrap_or(Gender::Unknown)
    }

    /// Every role written around any mention of this person, in text order.
    pub fn roles_of(&self, full: &str) -> Vec<String> {
        self.mentions.iter().filter(|m| m.full == full).flat_map(|m| m.roles.iter().cloned()).collect()
    }
}

fn is_preposition(word: &str) -> bool {
    matches!(word, "of" | "in" | "from" | "at" | "to" | "for" | "by" | "near" | "across")
}

/// ", the MP for Grantham and Stamford," after a name: a short phrase holding a role noun.
fn appositive_after(sentence: &str, name_end: usize) -> Option<String> {
    let rest = sentence.get(name_end..)?.strip_prefix(',')?;
    let end = rest.find([',', '.', ';', ':', '(', '"', '\u{201C}', '\u{201D}'])?;
    let phrase = rest.get(..end)?.trim();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    if words.len() > MAX_APPOSITIVE_WORDS || matches!(first.as_str(), "who" | "which" | "that" | "and" | "but" | "said" | "says") {
        return None;
    }
    let has_role = words.iter().any(|w| is_role_noun(w.to_lowercase().trim_end_matches("'s")));
    has_role.then(|| phrase.replace('\u{2019}', "'"))
}
