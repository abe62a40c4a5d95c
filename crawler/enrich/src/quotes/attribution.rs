//! Who says what: verbs of saying and their subjects.
//!
//! For each verb of saying outside quotation marks, the speaker is looked for in the few shapes
//! news prose uses: "X said", "X has said", "X, director of Y, said", "Professor X of Y noted",
//! "the chairman, X of Y, warned", "said X, role", "according to X", "X ..., saying", "he said"
//! and "the minister said" (the last two are resolved by the caller). A subject that is not a
//! named person ("analysts said", "the ministry said", "Mr Blair's spokesman said", "a spokesman
//! for X said") gives no speaker.

use super::names::{SplitName, person_in_run};
use super::roles::{is_role_noun, role_before, role_before_comma};
use super::spans::{QuoteSpan, last_close_before, span_at};
use super::tokens::{Token, name_runs, tokens};
use crate::lexicon::{List, has};

const MAX_APPOSITIVE_WORDS: usize = 30;
const MAX_AFFILIATION_WORDS: usize = 12;

/// The subject of a verb of saying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A named person with the roles written around the name.
    Named { name: SplitName, roles: Vec<String> },
    /// "he said" / "she said": resolved by the caller.
    Pronoun { female: bool },
    /// "the foreign secretary said": the named person holding that role.
    Role(String),
}

/// One verb of saying with its subject, offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub subject: Subject,
    pub verb_start: usize,
    pub verb_end: usize,
    /// Where the subject starts when it stands before the verb (for "..., X said." the reported
    /// clause is what precedes it); `None` when it follows the verb.
    pub subject_start: Option<usize>,
    /// Whether the verb only counts with quoted words in the sentence.
    pub needs_quote: bool,
    /// "according to X": the reported clause follows the name.
    pub according: bool,
}

/// Finds the verbs of saying of a sentence (outside its quotations) and their subjects.
/// `spans` are the sentence's quotations with offsets relative to the sentence.
pub fn attributions(
    sentence: &str,
    spans: &[QuoteSpan],
    is_place: &dyn Fn(&str) -> bool,
    is_country_word: &dyn Fn(&str) -> bool,
) -> Vec<Attribution> {
    let mut out = Vec::new();
    let all = tokens(sentence, 0);
    let finder = Finder {
        sentence,
        is_place,
        is_country_word,
    };
    for (i, t) in all.iter().enumerate() {
        if span_at(spans, t.start).is_some() {
            continue;
        }
        let head = sentence.get(..t.start).unwrap_or("").trim_end();
        if matches!(t.core, "\u{2014}" | "\u{2013}" | "-" | "--")
            && head.ends_with(['\u{201D}', '"'])
        {
            // "“We will win.” — Jane Doe": a dash after a quotation introduces its speaker.
            if let Some(subject) = finder.after(t.end) {
                out.push(Attribution {
                    subject,
                    verb_start: t.start,
                    verb_end: t.end,
                    subject_start: None,
                    needs_quote: true,
                    according: false,
                });
            }
            continue;
        }
        let lower = t.core.to_lowercase();
        let according = lower == "according" && all.get(i + 1).is_some_and(|n| n.core == "to");
        let participle = has(List::Participles, &lower);
        let needs_quote = has(List::QuoteOnlyVerbs, &lower);
        if !according && !participle && !needs_quote && !has(List::SpeechVerbs, &lower) {
            continue;
        }
        let segment_start = last_close_before(spans, t.start);
        let subject = if according {
            let after = all.get(i + 2).map_or(sentence.len(), |n| n.start);
            finder.after(after).map(|s| (s, None))
        } else if participle {
            finder
                .before(segment_start, t.start)
                .or_else(|| finder.clause_subject(segment_start, t.start))
                .map(|(s, at)| (s, Some(at)))
        } else {
            finder
                .before(segment_start, t.start)
                .map(|(s, at)| (s, Some(at)))
                .or_else(|| {
                    let head = sentence
                        .get(segment_start..t.start)
                        .unwrap_or("")
                        .trim_end();
                    let inverted =
                        head.is_empty() || head.ends_with([',', '\u{201D}', '"', '\u{2019}']);
                    if inverted {
                        finder.after(t.end).map(|s| (s, None))
                    } else {
                        None
                    }
                })
        };
        if let Some((subject, subject_start)) = subject {
            out.push(Attribution {
                subject,
                verb_start: t.start,
                verb_end: t.end,
                subject_start,
                needs_quote,
                according,
            });
        }
    }
    out
}

struct Finder<'a> {
    sentence: &'a str,
    is_place: &'a dyn Fn(&str) -> bool,
    is_country_word: &'a dyn Fn(&str) -> bool,
}

impl Finder<'_> {
    /// The subject written before a verb, within `sentence[from..verb]`.
    fn before(&self, from: usize, verb: usize) -> Option<(Subject, usize)> {
        let segment = self.sentence.get(from..verb)?;
        let toks = tokens(segment, from);
        let mut last_index = toks.len().checked_sub(1)?;
        while last_index > 0
            && toks
                .get(last_index)
                .is_some_and(|t| has(List::Auxiliaries, &t.core.to_lowercase()))
        {
            last_index -= 1;
        }
        let last = toks.get(last_index)?;
        let last_lower = last.core.to_lowercase();
        if has(List::Pronouns, &last_lower) && !last.closes() {
            return Some((
                Subject::Pronoun {
                    female: last_lower == "she",
                },
                last.start,
            ));
        }
        if let Some((role, width)) = role_subject(toks.get(..=last_index)?) {
            let start = toks
                .get(last_index.saturating_sub(width))
                .map_or(last.start, |t| t.start);
            return Some((Subject::Role(role), start));
        }
        for (run_start, run_end) in name_runs(&toks).into_iter().rev() {
            let run = toks.get(run_start..run_end)?;
            let run_tail = run.last()?;
            if run_tail.possessive {
                continue;
            }
            let after_preposition = run_start > 0
                && toks
                    .get(run_start - 1)
                    .is_some_and(|t| has(List::Prepositions, t.core) && !t.closes());
            let appositive_name = run_start > 0
                && toks
                    .get(run_start - 1)
                    .is_some_and(|t| t.punctuated && !t.possessive);
            let between = self.sentence.get(run_tail.end..verb)?;
            let Some(after_roles) = roles_between(between, appositive_name) else {
                continue;
            };
            let Some(found) = person_in_run(run, run_start, self.is_place, self.is_country_word)
            else {
                continue;
            };
            if after_preposition && found.skipped == 0 {
                continue;
            }
            let mut roles = Vec::new();
            roles.extend(role_before(&toks, found.first_token));
            if appositive_name {
                roles.extend(role_before_comma(&toks, run_start));
            }
            roles.extend(after_roles);
            let start = toks.get(run_start).map_or(0, |t| t.start);
            return Some((
                Subject::Named {
                    name: found.name,
                    roles,
                },
                start,
            ));
        }
        None
    }

    /// The named subject opening the clause of a participle: "Dr Williams has since criticised
    /// the government, saying ...".
    fn clause_subject(&self, from: usize, verb: usize) -> Option<(Subject, usize)> {
        let segment = self.sentence.get(from..verb)?;
        let toks = tokens(segment, from);
        let first = toks.first()?;
        if has(List::Pronouns, &first.core.to_lowercase()) {
            return Some((
                Subject::Pronoun {
                    female: first.core.eq_ignore_ascii_case("she"),
                },
                first.start,
            ));
        }
        let (run_start, run_end) = name_runs(&toks).into_iter().next()?;
        if run_start > 1 {
            return None;
        }
        let found = person_in_run(
            toks.get(run_start..run_end)?,
            run_start,
            self.is_place,
            self.is_country_word,
        )?;
        let roles = role_before(&toks, found.first_token).into_iter().collect();
        Some((
            Subject::Named {
                name: found.name,
                roles,
            },
            first.start,
        ))
    }

    /// The subject written after the verb ("said Jack Straw, the foreign secretary") or after
    /// "according to", starting at `from`.
    fn after(&self, from: usize) -> Option<Subject> {
        let rest = self.sentence.get(from..)?;
        let toks = tokens(rest, from);
        let first = toks.first()?;
        if has(List::Pronouns, &first.core.to_lowercase()) {
            return Some(Subject::Pronoun {
                female: first.core.eq_ignore_ascii_case("she"),
            });
        }
        let (run_start, run_end) = name_runs(&toks).into_iter().next()?;
        if run_start > 2 {
            return None;
        }
        let found = person_in_run(
            toks.get(run_start..run_end)?,
            run_start,
            self.is_place,
            self.is_country_word,
        )?;
        let mut roles: Vec<String> = role_before(&toks, found.first_token).into_iter().collect();
        let tail = toks.get(run_end - 1)?;
        let after = self.sentence.get(tail.end..)?;
        if let Some(appositive) = after.strip_prefix(',') {
            let end = appositive
                .find(['.', ';', ',', '"', '\u{201C}', '\u{201D}'])
                .unwrap_or(appositive.len());
            let role = appositive.get(..end).unwrap_or("").trim();
            if !role.is_empty()
                && role.split_whitespace().count() <= MAX_APPOSITIVE_WORDS
                && !starts_clause(role)
            {
                roles.push(tidy(role));
            }
        } else if let Some((preposition, rest)) = after.trim_start().split_once(' ')
            && has(List::AffiliationPrepositions, preposition)
        {
            let organisation = rest.split([',', '.', ';']).next().unwrap_or("").trim();
            if !organisation.is_empty()
                && organisation.split_whitespace().count() <= MAX_AFFILIATION_WORDS
            {
                roles.push(tidy(organisation));
            }
        }
        Some(Subject::Named {
            name: found.name,
            roles,
        })
    }
}

/// "who will testify Thursday" opens a clause, not a role.
fn starts_clause(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "who"
            | "which"
            | "that"
            | "when"
            | "where"
            | "while"
            | "as"
            | "adding"
            | "saying"
            | "and"
            | "but"
    )
}

/// "the foreign secretary said": a role phrase in subject position.
fn role_subject(toks: &[Token<'_>]) -> Option<(String, usize)> {
    let n = toks.len();
    for width in 1..=3 {
        let start = n.checked_sub(width + 1)?;
        let article = toks.get(start)?;
        if !matches!(article.core, "the" | "The") {
            continue;
        }
        let words = toks.get(start + 1..n)?;
        if words.iter().any(|t| t.closes()) {
            return None;
        }
        let head = words.last()?.core.to_lowercase();
        if is_role_noun(&head) {
            return Some((
                words
                    .iter()
                    .map(|t| t.core)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
                width,
            ));
        }
    }
    None
}

/// What may stand between a name and its verb: nothing, auxiliaries ("has"), an appositive
/// (", director of Y,"), an affiliation (" of Y"), or, for a name set off by commas itself,
/// the closing comma (" of Y,"). Returns the roles it holds; `None` for anything else.
fn roles_between(between: &str, appositive_name: bool) -> Option<Vec<String>> {
    let mut text = between.trim();
    // Drop trailing auxiliaries and adverbs: "X has also said".
    while let (rest, last) = text.rsplit_once(' ').unwrap_or(("", text))
        && !last.is_empty()
        && has(List::Auxiliaries, &last.to_lowercase())
    {
        text = rest.trim_end();
    }
    if text.is_empty() {
        return Some(Vec::new());
    }
    if text.contains(['"', '\u{201C}', '\u{201D}', ';', ':', '!', '?']) || text.contains(". ") {
        return None;
    }
    if text == "," {
        return appositive_name.then(Vec::new);
    }
    if let Some(inner) = text.strip_prefix(',').and_then(|t| t.strip_suffix(',')) {
        let inner = inner.trim();
        let words = inner.split_whitespace().count();
        // A relative clause (", who chairs the board,") or an age (", 59,") may stand there but is no role.
        let is_role = inner.chars().any(char::is_alphabetic) && !starts_clause(inner);
        return (words > 0 && words <= MAX_APPOSITIVE_WORDS).then(|| {
            if is_role {
                vec![tidy(inner)]
            } else {
                Vec::new()
            }
        });
    }
    let (preposition, rest) = text.split_once(' ')?;
    if !has(List::AffiliationPrepositions, preposition) {
        return None;
    }
    let (organisation, tail) = match rest.split_once(',') {
        Some((organisation, tail)) => (organisation, Some(tail.trim())),
        None => (rest, None),
    };
    if organisation.split_whitespace().count() > MAX_AFFILIATION_WORDS {
        return None;
    }
    let mut roles = vec![tidy(organisation)];
    match tail {
        None => Some(roles),
        Some("") => appositive_name.then_some(roles),
        Some(more) => {
            let appositive = more.strip_suffix(',')?.trim();
            roles.push(tidy(appositive));
            Some(roles)
        }
    }
}

fn tidy(role: &str) -> String {
    role.trim().trim_end_matches(',').replace('\u{2019}', "'")
}
