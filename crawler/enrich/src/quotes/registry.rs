//! The people an article names, wherever it names them.
//!
//! Every run of name words that reads as a person is recorded with its position, the roles
//! written around it and the gender a courtesy title gives. The extractor uses the registry to
//! expand a surname to the fullest name the article gives ("Khanin" -> "Zeev Khanin"), to find
//! the antecedent of "he"/"she", the holder of a role ("the prime minister"), and the roles of a
//! speaker named outside any attribution ("Iran's president, Mohammad Khatami, has unveiled").

use std::collections::HashMap;

use super::names::{person_in_run, surname};
use super::roles::{is_role_noun, role_before, role_before_comma};
use super::spans::{Paragraph, span_at};
use super::tokens::{name_runs, tokens};

/// How far back (in bytes) a pronoun may look for its antecedent.
const PRONOUN_REACH: usize = 1500;
const MAX_APPOSITIVE_WORDS: usize = 14;
/// Bounds that keep look-ups constant-time on adversarial text with thousands of names.
const MAX_NAMES_PER_SURNAME: usize = 16;
const MAX_ROLE_LOOKBACK: usize = 200;
const MAX_ROLES_PER_NAME: usize = 4;

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
            "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Baroness" | "Queen" | "Princess" => {
                Gender::Female
            }
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
    /// The distinct multi-word names by surname, each with its first position, for expanding
    /// surnames without scanning every mention.
    by_surname: HashMap<String, Vec<(String, usize)>>,
    /// Per full name: the gender and the roles its mentions give.
    genders: HashMap<String, Gender>,
    roles: HashMap<String, Vec<String>>,
}

impl Registry {
    /// Records every person-like name of the paragraphs (offsets are into the article text).
    pub fn build(
        paragraphs: &[Paragraph<'_>],
        is_place: &dyn Fn(&str) -> bool,
        is_country_word: &dyn Fn(&str) -> bool,
    ) -> Self {
        let mut mentions = Vec::new();
        for paragraph in paragraphs {
            let (offset, spans) = (paragraph.offset, &paragraph.spans);
            for &(start, end) in &paragraph.sentences {
                let Some(sentence) = paragraph.text.get(start..end) else {
                    continue;
                };
                let toks: Vec<_> = tokens(sentence, 0)
                    .into_iter()
                    .filter(|t| span_at(spans, t.start + start).is_none())
                    .collect();
                let mut first_in_sentence = true;
                for (run_start, run_end) in name_runs(&toks) {
                    let Some(run) = toks.get(run_start..run_end) else {
                        continue;
                    };
                    let Some(found) = person_in_run(run, run_start, is_place, is_country_word)
                    else {
                        continue;
                    };
                    let after_preposition = run_start > 0
                        && toks
                            .get(run_start - 1)
                            .is_some_and(|t| is_preposition(t.core) && !t.closes());
                    if after_preposition
                        && found.skipped == 0
                        && !found.name.titled
                        && !found.name.name.contains(' ')
                    {
                        continue;
                    }
                    let gender = run
                        .iter()
                        .map(|t| Gender::from_title(t.core))
                        .find(|g| *g != Gender::Unknown)
                        .unwrap_or(Gender::Unknown);
                    let mut roles: Vec<String> =
                        role_before(&toks, found.first_token).into_iter().collect();
                    if found.first_token == run_start || roles.is_empty() {
                        roles.extend(role_before_comma(&toks, run_start));
                    }
                    if let Some(tail) = run.last() {
                        roles.extend(appositive_after(sentence, tail.end));
                    }
                    let Some(first) = toks.get(found.first_token) else {
                        continue;
                    };
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
        let mut by_surname: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for m in &mentions {
            if m.written.contains(' ') {
                let names = by_surname
                    .entry(surname(&m.written).to_string())
                    .or_default();
                if !names.iter().any(|(n, _)| *n == m.written) {
                    names.push((m.written.clone(), m.position));
                }
            }
        }
        let mut registry = Registry {
            mentions,
            by_surname,
            genders: HashMap::new(),
            roles: HashMap::new(),
        };
        registry.resolve_full_names();
        for m in &registry.mentions {
            if m.gender != Gender::Unknown {
                registry.genders.entry(m.full.clone()).or_insert(m.gender);
            }
            let roles = registry.roles.entry(m.full.clone()).or_default();
            for role in &m.roles {
                if roles.len() < MAX_ROLES_PER_NAME && !roles.contains(role) {
                    roles.push(role.clone());
                }
            }
        }
        registry
    }

    fn resolve_full_names(&mut self) {
        let fulls: Vec<Option<String>> = self
            .mentions
            .iter()
            .map(|m| self.expand(&m.written, m.position))
            .collect();
        for (mention, full) in self.mentions.iter_mut().zip(fulls) {
            if let Some(full) = full {
                mention.full = full;
            }
        }
        // A full name written in more than one way ("Boris Johnson", "Johnson", "Mr Johnson") is a
        // person; one repeated verbatim is as likely a title or an organisation ("Star Wars").
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::new();
        for m in &self.mentions {
            let written = forms.entry(m.full.as_str()).or_default();
            if !written.contains(&m.written.as_str()) {
                written.push(m.written.as_str());
            }
        }
        let personal: Vec<bool> = self
            .mentions
            .iter()
            .map(|m| {
                let varied = forms.get(m.full.as_str()).is_some_and(|w| w.len() > 1);
                // A lone capitalised word is a person only with a title ("Mr Galloway") or a
                // fuller name elsewhere; roles alone do not make "Thought" in "BBC's Thought" one.
                m.titled || (m.full.contains(' ') && (varied || !m.roles.is_empty()))
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
        let candidates: Vec<&(String, usize)> = bucket
            .iter()
            .take(MAX_NAMES_PER_SURNAME)
            .filter(|(written, _)| written.split(' ').count() >= words)
            .filter(|(written, _)| name.split(' ').all(|w| written.split(' ').any(|x| x == w)))
            .collect();
        let before = candidates
            .iter()
            .filter(|(_, p)| *p <= at)
            .max_by_key(|(w, p)| (w.split(' ').count(), *p));
        before
            .or_else(|| candidates.iter().max_by_key(|(w, _)| w.split(' ').count()))
            .map(|(w, _)| w.clone())
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
        let end = self.mentions.partition_point(|m| m.position < at);
        let start = self
            .mentions
            .partition_point(|m| m.position + PRONOUN_REACH < at)
            .min(end);
        let window = self.mentions.get(start..end).unwrap_or(&[]);
        let earlier = || {
            window
                .iter()
                .filter(move |m| m.personal && m.gender.agrees(gender))
        };
        let agrees = |m: &&Mention| self.gender_of(&m.full).agrees(gender);
        earlier()
            .filter(|m| m.position >= sentence_start)
            .rfind(agrees)
            .or_else(|| earlier().filter(|m| m.subject).rfind(agrees))
    }

    /// The full name of the person last given a role containing `role` before `at`.
    pub fn holder_of(&self, role: &str, at: usize) -> Option<String> {
        let end = self.mentions.partition_point(|m| m.position < at);
        self.mentions
            .get(..end)?
            .iter()
            .rev()
            .take(MAX_ROLE_LOOKBACK)
            .find(|m| m.roles.iter().any(|r| r.to_lowercase().contains(role)))
            .map(|m| m.full.clone())
    }

    /// The gender any mention of this person gives.
    pub fn gender_of(&self, full: &str) -> Gender {
        self.genders.get(full).copied().unwrap_or(Gender::Unknown)
    }

    /// Every role written around any mention of this person, in text order.
    pub fn roles_of(&self, full: &str) -> &[String] {
        self.roles.get(full).map_or(&[], Vec::as_slice)
    }
}

fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "of" | "in" | "from" | "at" | "to" | "for" | "by" | "near" | "across"
    )
}

/// ", the MP for Grantham and Stamford," after a name: a short phrase holding a role noun.
fn appositive_after(sentence: &str, name_end: usize) -> Option<String> {
    let rest = sentence.get(name_end..)?.strip_prefix(',')?;
    let end = rest.find([',', '.', ';', ':', '(', '"', '\u{201C}', '\u{201D}'])?;
    let phrase = rest.get(..end)?.trim();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    if words.len() > MAX_APPOSITIVE_WORDS
        || matches!(
            first.as_str(),
            "who" | "which" | "that" | "and" | "but" | "said" | "says"
        )
    {
        return None;
    }
    let has_role = words
        .iter()
        .any(|w| is_role_noun(w.to_lowercase().trim_end_matches("'s")));
    has_role.then(|| phrase.replace('\u{2019}', "'"))
}
