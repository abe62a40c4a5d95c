//! Who says what: verbs of saying and their subjects.
//!
//! For each verb of saying outside quotation marks, the speaker is looked for in the few shapes
//! news prose uses: "X said", "X, director of Y, said", "Professor X of Y noted", "said X, role",
//! "according to X", "he said" and "the minister said" (the last two are resolved later). A
//! subject that is not a named person ("analysts said", "the ministry said", "Mr Blair's
//! spokesman said", "a spokesman for X said") gives no speaker.

use super::names::{SplitName, split_title};
use super::spans::QuoteSpan;
use super::tokens::{Token, name_runs, tokens};

/// Verbs that report speech with a content clause or a quotation.
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "tells", "added", "adds", "noted", "notes", "argued", "argues", "warned", "warns",
    "insisted", "insists", "claimed", "claims", "denied", "denies", "announced", "announces", "suggested",
    "suggests", "testified", "stressed", "stresses", "explained", "explains", "wrote", "writes", "tweeted",
    "stated", "declared", "asked", "asks", "urged", "urges", "acknowledged", "admitted", "admits",
    "conceded", "commented", "observed", "predicted", "predicts", "maintained", "maintains", "recalled",
    "replied", "responded", "confirmed", "confirms", "revealed", "emphasised", "emphasized", "reiterated",
    "complained", "alleged", "promised", "vowed", "pledged", "concluded", "assured", "cautioned",
    "contended", "countered", "disclosed", "remarked", "continued", "quipped", "joked",
];
/// Verbs that only report speech when quoted words follow ("slammed the hearings as a "disgrace"").
const QUOTE_ONLY_VERBS: &[&str] = &[
    "called", "calls", "described", "describes", "branded", "slammed", "criticised", "criticized",
    "dismissed", "hailed", "labelled", "labeled", "attacked", "condemned", "praised", "welcomed",
    "accused", "questioned", "mocked", "blasted",
];
/// Lower-case role nouns: "the foreign secretary said" and "Lib Dem leader Charles Kennedy".
pub const ROLE_NOUNS: &[&str] = &[
    "minister", "secretary", "leader", "chairman", "chairwoman", "chair", "director", "president",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "commissioner", "chief", "head",
    "governor", "mayor", "senator", "professor", "analyst", "economist", "strategist", "researcher",
    "scholar", "expert", "official", "officer", "adviser", "advisor", "counsel", "lawyer", "attorney",
    "prosecutor", "judge", "general", "commander", "editor", "founder", "co-founder", "executive",
    "correspondent", "reporter", "editor-in-chief", "chancellor", "mp", "mep", "candidate", "premier",
    "cardinal", "archbishop", "bishop", "rabbi", "imam", "deportee", "manager", "partner", "fellow",
    "lecturer", "campaigner", "activist", "boss", "captain", "coach", "deputy", "colonel", "dean",
    "counselor", "counsellor", "diplomat", "negotiator", "inspector", "superintendent",
    "representative", "congressman", "congresswoman", "lawmaker", "politician", "historian",
    "scientist", "doctor", "surgeon", "student", "teacher", "worker", "trader", "banker", "investor",
];
/// Words before a name that put it inside a phrase rather than in subject position.
const PREPOSITIONS: &[&str] =
    &["for", "of", "to", "by", "from", "with", "at", "on", "about", "against", "including", "and", "or", "than", "like"];
/// Words that end the role phrase written before a name.
const ROLE_STOPS: &[&str] = &["and", "but", "that", "said", "says", "while", "as", "when", "because", "after", "—", "-", "–"];
/// Prepositions that attach an organisation to a name ("X of Bar-Ilan University").
const AFFILIATION_PREPOSITIONS: &[&str] = &["of", "from", "at", "with"];
const PRONOUNS: &[&str] = &["he", "she"];
const MAX_APPOSITIVE_WORDS: usize = 30;
const MAX_AFFILIATION_WORDS: usize = 12;

/// The subject of a verb of saying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A named person with the roles written around the name.
    Named { name: SplitName, roles: Vec<String> },
    /// "he said": the last named speaker.
    Pronoun,
    /// "the foreign secretary said": the named person holding that role.
    Role(String),
}

/// One verb of saying with its subject, offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub subject: Subject,
    pub verb_start: usize,
    pub verb_end: usize,
    /// Whether the verb only counts with quoted words in the sentence.
    pub needs_quote: bool,
}

/// Finds the verbs of saying of a sentence (outside its quotations) and their subjects.
/// `spans` are the sentence's quotations with offsets relative to the sentence.
pub fn attributions(sentence: &str, spans: &[QuoteSpan], is_place: &dyn Fn(&str) -> bool) -> Vec<Attribution> {
    let mut out = Vec::new();
    let all = tokens(sentence, 0);
    for (i, t) in all.iter().enumerate() {
        if spans.iter().any(|s| s.contains(t.start)) {
            continue;
        }
        let lower = t.core.to_lowercase();
        let according = lower == "according" && all.get(i + 1).is_some_and(|n| n.core == "to");
        let needs_quote = QUOTE_ONLY_VERBS.contains(&lower.as_str());
        if !according && !needs_quote && !SPEECH_VERBS.contains(&lower.as_str()) {
            continue;
        }
        let segment_start = spans.iter().filter(|s| s.close <= t.start).map(|s| s.close).max().unwrap_or(0);
        let subject = if according {
            let after = all.get(i + 2).map_or(sentence.len(), |n| n.start);
            subject_after(sentence, after, is_place)
        } else {
            subject_before(sentence, segment_start, t.start, is_place).or_else(|| {
                let head = sentence.get(segment_start..t.start).unwrap_or("").trim_end();
                let inverted = head.is_empty() || head.ends_with([',', '\u{201D}', '"']);
                if inverted { subject_after(sentence, t.end, is_place) } else { None }
            })
        };
        if let Some(subject) = subject {
            out.push(Attribution { subject, verb_start: t.start, verb_end: t.end, needs_quote });
        }
    }
    out
}

/// The subject written before a verb, within `sentence[from..verb]`.
fn subject_before(sentence: &str, from: usize, verb: usize, is_place: &dyn Fn(&str) -> bool) -> Option<Subject> {
    let segment = sentence.get(from..verb)?;
    let toks = tokens(segment, from);
    let last = toks.last()?;
    let last_lower = last.core.to_lowercase();
    if PRONOUNS.contains(&last_lower.as_str()) && !last.closes() {
        return Some(Subject::Pronoun);
    }
    if let Some(role) = role_subject(&toks) {
        return Some(Subject::Role(role));
    }
    for (run_start, run_end) in name_runs(&toks).into_iter().rev() {
        let run = toks.get(run_start..run_end)?;
        let run_tail = run.last()?;
        if run_tail.possessive {
            continue;
        }
        if run_start > 0 && toks.get(run_start - 1).is_some_and(|t| PREPOSITIONS.contains(&t.core) && !t.closes()) {
            continue;
        }
        let between = sentence.get(run_tail.end..verb)?;
        let Some(after_roles) = roles_between(between) else { continue };
        let Some(name) = person(run, is_place) else { continue };
        let mut roles = Vec::new();
        if let Some(role) = role_before(&toks, run_start, !name.role.is_empty()) {
            roles.push(join_role(&role, &name.role));
        } else if !name.role.is_empty() {
            roles.push(name.role.clone());
        }
        roles.extend(after_roles);
        return Some(Subject::Named { name, roles });
    }
    None
}

/// "the foreign secretary said": a role phrase in subject position.
fn role_subject(toks: &[Token<'_>]) -> Option<String> {
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
        if ROLE_NOUNS.contains(&head.as_str()) && words.iter().all(|t| t.core.chars().all(|c| !c.is_uppercase()) || width > 1) {
            return Some(words.iter().map(|t| t.core).collect::<Vec<_>>().join(" ").to_lowercase());
        }
    }
    None
}

/// What may stand between a name and its verb: nothing, an appositive ", director of Y,", or an
/// affiliation phrase " of Y". Returns the roles it holds; `None` when the text is anything else.
fn roles_between(between: &str) -> Option<Vec<String>> {
    let trimmed = between.trim();
    if trimmed.is_empty() {
        return Some(Vec::new());
    }
    if trimmed.contains(['"', '\u{201C}', '\u{201D}', '.', ';', ':', '!', '?']) {
        return None;
    }
    if let Some(inner) = trimmed.strip_prefix(',').and_then(|t| t.strip_suffix(',')) {
        let inner = inner.trim();
        let words = inner.split_whitespace().count();
        return (words > 0 && words <= MAX_APPOSITIVE_WORDS).then(|| vec![tidy(inner)]);
    }
    let (preposition, rest) = trimmed.split_once(' ')?;
    let words = rest.split_whitespace().count();
    if AFFILIATION_PREPOSITIONS.contains(&preposition) && !rest.contains(',') && words <= MAX_AFFILIATION_WORDS {
        return Some(vec![tidy(rest)]);
    }
    None
}

/// The subject written after the verb ("said Jack Straw, the foreign secretary") or after
/// "according to", starting at `from`.
fn subject_after(sentence: &str, from: usize, is_place: &dyn Fn(&str) -> bool) -> Option<Subject> {
    let rest = sentence.get(from..)?;
    let toks = tokens(rest, from);
    let first = toks.first()?;
    if PRONOUNS.contains(&first.core.to_lowercase().as_str()) {
        return Some(Subject::Pronoun);
    }
    let (run_start, run_end) = name_runs(&toks).into_iter().next()?;
    if run_start > 2 {
        return None;
    }
    let run = toks.get(run_start..run_end)?;
    let name = person(run, is_place)?;
    let mut roles = Vec::new();
    if let Some(role) = role_before(&toks, run_start, !name.role.is_empty()) {
        roles.push(join_role(&role, &name.role));
    } else if !name.role.is_empty() {
        roles.push(name.role.clone());
    }
    let tail_token = run.last()?;
    let after = sentence.get(tail_token.end..)?;
    if let Some(appositive) = after.strip_prefix(',') {
        let end = appositive.find(['.', ';', ',', '"', '\u{201C}', '\u{201D}']).unwrap_or(appositive.len());
        let role = appositive.get(..end).unwrap_or("").trim();
        if !role.is_empty() && role.split_whitespace().count() <= MAX_APPOSITIVE_WORDS {
            roles.push(tidy(role));
        }
    } else if let Some(roles_after) = after.trim_start().split_once(' ').and_then(|(prep, rest)| {
        AFFILIATION_PREPOSITIONS.contains(&prep).then(|| rest.split([',', '.', ';']).next().unwrap_or("").trim())
    }) && !roles_after.is_empty()
        && roles_after.split_whitespace().count() <= MAX_AFFILIATION_WORDS
    {
        roles.push(tidy(roles_after));
    }
    Some(Subject::Named { name, roles })
}

/// A run of title and name words as a person, or `None` for places and organisations.
fn person(run: &[Token<'_>], is_place: &dyn Fn(&str) -> bool) -> Option<SplitName> {
    let words: Vec<&str> = run.iter().map(|t| t.core).collect();
    let split = split_title(&words)?;
    if is_place(&split.name) || split.name.split(' ').any(|w| is_place(w) && w.len() > 3 && is_demonym_like(w)) {
        return None;
    }
    Some(split)
}

/// Words such as "Israeli" or "British" that name a nationality, never a person.
fn is_demonym_like(word: &str) -> bool {
    ["an", "ian", "ese", "ish", "i", "ic"].iter().any(|s| word.ends_with(s))
}

/// Roles written just before a name: "US" before "President X", "Lib Dem leader" before "X".
fn role_before(toks: &[Token<'_>], run_start: usize, has_title: bool) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut i = run_start;
    while i > 0 && words.len() < 7 {
        i -= 1;
        let Some(t) = toks.get(i) else { break };
        if (t.punctuated && !t.possessive) || ROLE_STOPS.contains(&t.core) {
            break;
        }
        words.push(if t.possessive { format!("{}'s", t.core) } else { t.core.to_string() });
    }
    words.reverse();
    while words.first().is_some_and(|w| matches!(w.as_str(), "the" | "The" | "a" | "A" | "an" | "An")) {
        words.remove(0);
    }
    let last = words.last()?.to_lowercase();
    if ROLE_NOUNS.contains(&last.as_str()) {
        return Some(words.join(" "));
    }
    if has_title {
        // Only the capitalised words or possessives right before a title: "US", "Israel's".
        let kept: Vec<String> = words.into_iter().rev().take_while(|w| w.chars().next().is_some_and(char::is_uppercase)).collect();
        return (!kept.is_empty()).then(|| kept.into_iter().rev().collect::<Vec<_>>().join(" "));
    }
    None
}

fn join_role(before: &str, title: &str) -> String {
    if title.is_empty() { before.to_string() } else { format!("{before} {title}") }
}

fn tidy(role: &str) -> String {
    role.trim().trim_end_matches(',').replace('\u{2019}', "'")
}
