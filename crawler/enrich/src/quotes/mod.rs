//! Quotes and the experts who give them.
//!
//! The extractor returns **every attributed quotation, in text order**: a direct quotation
//! gives one record per quoted span, an indirect one (reported speech without quotation marks)
//! one record with the reported clause. All records of one person carry the same speaker
//! name (the fullest form the article gives) and the same affiliation (every role the article
//! attaches to the person where it attributes speech to them, joined by "; "). The index makes
//! each record a searchable quote; the experts facet and the benchmark de-duplicate by speaker.
//!
//! Speakers are named people only: pronouns ("he said") and role phrases ("the foreign
//! secretary said") are resolved to the person last quoted or holding that role; unnamed
//! sources, organisations and places give no record.

mod attribution;
mod names;
mod spans;
mod tokens;

use gazette_article::Quote;

pub use names::expert_key;

use crate::gazetteer::Gazetteer;
use attribution::{Attribution, Subject, attributions};
use names::{SplitName, split_title, surname};
use spans::{QuoteSpan, quote_spans, sentences};
use tokens::{name_runs, tokens as split_tokens};

/// At most this many distinct roles are kept in an affiliation.
const MAX_ROLES: usize = 3;
/// A reported clause needs at least this many words to count as indirect speech.
const MIN_CLAUSE_WORDS: usize = 3;

/// Finds attributed quotations and their speakers.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuoteExtractor;

#[derive(Debug)]
struct Speaker {
    name: String,
    roles: Vec<String>,
}

/// A person named somewhere in the article, for resolving surnames to the fullest name.
#[derive(Debug)]
struct NameMention {
    name: String,
    position: usize,
}

/// State carried through one article.
struct Article<'g> {
    gazetteer: &'g Gazetteer,
    registry: Vec<NameMention>,
    speakers: Vec<Speaker>,
    records: Vec<(usize, String)>,
    last_speaker: Option<usize>,
    last_record_paragraph: Option<usize>,
}

impl QuoteExtractor {
    /// Every attributed quotation of the body, in order (the title is not searched: headline
    /// quotes carry no attribution).
    pub fn extract(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Quote> {
        let paragraphs: Vec<(usize, &str)> = paragraphs(text);
        let mut article = Article {
            gazetteer,
            registry: Vec::new(),
            speakers: Vec::new(),
            records: Vec::new(),
            last_speaker: None,
            last_record_paragraph: None,
        };
        for (offset, paragraph) in &paragraphs {
            article.register_names(paragraph, *offset);
        }
        for (index, (offset, paragraph)) in paragraphs.iter().enumerate() {
            article.read_paragraph(index, *offset, paragraph);
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
    fn is_place(&self, word: &str) -> bool {
        self.gazetteer.is_place_name(word)
    }

    fn register_names(&mut self, paragraph: &str, offset: usize) {
        let toks = split_tokens(paragraph, offset);
        for (start, end) in name_runs(&toks) {
            let words: Vec<&str> = toks.get(start..end).unwrap_or(&[]).iter().map(|t| t.core).collect();
            if let Some(split) = split_title(&words)
                && split.name.contains(' ')
                && !self.is_place(&split.name)
                && let Some(first) = toks.get(start)
            {
                self.registry.push(NameMention { name: split.name, position: first.start });
            }
        }
    }

    fn read_paragraph(&mut self, index: usize, offset: usize, paragraph: &str) {
        let spans = quote_spans(paragraph);
        for (start, end) in sentences(paragraph, &spans) {
            let Some(sentence) = paragraph.get(start..end) else { continue };
            let local: Vec<QuoteSpan> = spans
                .iter()
                .filter(|s| s.open >= start && s.open < end)
                .map(|s| QuoteSpan { open: s.open - start, close: s.close.min(end) - start, closed: s.closed && s.close <= end })
                .collect();
            let is_place = |w: &str| self.is_place(w);
            let found = attributions(sentence, &local, &is_place);
            let resolved: Vec<(Attribution, usize)> = found
                .into_iter()
                .filter_map(|a| self.resolve(&a.subject, offset + start).map(|s| (a, s)))
                .collect();
            if local.is_empty() {
                self.record_indirect(index, sentence, &resolved);
            } else {
                self.record_direct(index, sentence, &local, &resolved);
            }
        }
    }

    fn record_direct(&mut self, paragraph: usize, sentence: &str, spans: &[QuoteSpan], resolved: &[(Attribution, usize)]) {
        for span in spans {
            let nearest = resolved
                .iter()
                .min_by_key(|(a, _)| if span.close <= a.verb_start { a.verb_start - span.close } else { span.open.saturating_sub(a.verb_end) })
                .map(|(_, s)| *s);
            let continues = sentence.trim_start().starts_with(['\u{201C}', '"'])
                && self.last_record_paragraph.is_some_and(|p| p + 1 >= paragraph);
            let speaker = nearest.or(if continues { self.last_speaker } else { None });
            let text = span.inner(sentence);
            if let Some(speaker) = speaker
                && !text.is_empty()
            {
                self.push(paragraph, speaker, text.to_string());
            }
        }
    }

    fn record_indirect(&mut self, paragraph: usize, sentence: &str, resolved: &[(Attribution, usize)]) {
        for (attribution, speaker) in resolved {
            if attribution.needs_quote {
                continue;
            }
            let clause = sentence.get(attribution.verb_end..).unwrap_or("").trim_start_matches([' ', ',', ':']);
            let clause = clause.strip_prefix("that ").unwrap_or(clause).trim_end_matches(['.', ' ']);
            let clause = if clause.split_whitespace().count() >= MIN_CLAUSE_WORDS { clause } else { sentence.trim() };
            if clause.split_whitespace().count() >= MIN_CLAUSE_WORDS {
                self.push(paragraph, *speaker, clause.to_string());
            }
        }
    }

    fn push(&mut self, paragraph: usize, speaker: usize, text: String) {
        self.records.push((speaker, text));
        self.last_speaker = Some(speaker);
        self.last_record_paragraph = Some(paragraph);
    }

    /// The speaker index of a subject, adding the speaker when new.
    fn resolve(&mut self, subject: &Subject, position: usize) -> Option<usize> {
        match subject {
            Subject::Pronoun => self.last_speaker,
            Subject::Role(role) => self.speakers.iter().rposition(|s| s.roles.iter().any(|r| r.to_lowercase().contains(role.as_str()))),
            Subject::Named { name, roles } => {
                let full = self.fullest_name(name, position)?;
                let key = expert_key(&full);
                let index = match self.speakers.iter().position(|s| expert_key(&s.name) == key) {
                    Some(index) => index,
                    None => {
                        self.speakers.push(Speaker { name: full, roles: Vec::new() });
                        self.speakers.len() - 1
                    }
                };
                if let Some(speaker) = self.speakers.get_mut(index) {
                    for role in roles {
                        let known = speaker.roles.iter().any(|r| r.eq_ignore_ascii_case(role));
                        if !known && !role.is_empty() && speaker.roles.len() < MAX_ROLES {
                            speaker.roles.push(role.clone());
                        }
                    }
                }
                Some(index)
            }
        }
    }

    /// The fullest form of a name the article gives: a surname alone ("Khanin", "Mr Straw")
    /// becomes the full name mentioned nearest before (or else first after) this point. A bare
    /// single word with no title and no full form is not taken for a person.
    fn fullest_name(&self, name: &SplitName, position: usize) -> Option<String> {
        let last = surname(&name.name);
        let candidates: Vec<&NameMention> = self
            .registry
            .iter()
            .filter(|m| surname(&m.name) == last && m.name.split(' ').count() >= name.name.split(' ').count())
            .filter(|m| name.name.split(' ').all(|w| m.name.split(' ').any(|x| x == w)))
            .collect();
        let before = candidates.iter().filter(|m| m.position <= position).max_by_key(|m| (m.name.split(' ').count(), m.position));
        let chosen = before.or_else(|| candidates.iter().max_by_key(|m| m.name.split(' ').count())).map(|m| m.name.clone());
        match chosen {
            Some(full) => Some(full),
            None if name.name.contains(' ') || name.titled => Some(name.name.clone()),
            None => None,
        }
    }

    fn quotes(self) -> Vec<Quote> {
        self.records
            .into_iter()
            .filter_map(|(speaker, text)| {
                let s = self.speakers.get(speaker)?;
                Some(Quote { speaker: s.name.clone(), affiliation: s.roles.join("; "), text })
            })
            .collect()
    }
}
