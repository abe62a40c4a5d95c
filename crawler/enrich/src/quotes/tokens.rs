//! Tokens of a sentence fragment with the punctuation around them, and the runs of name words.

use super::names::{is_honorific, is_name_word, is_title};

/// A whitespace-separated token with its core (surrounding punctuation trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Offsets of the core in the text the tokens were taken from (plus the offset given).
    pub start: usize,
    pub end: usize,
    pub core: &'a str,
    /// The core is followed by "'s".
    pub possessive: bool,
    /// Punctuation (comma, colon, quote...) follows the core.
    pub punctuated: bool,
}

impl Token<'_> {
    /// A name cannot run on past this token.
    pub fn closes(&self) -> bool {
        self.possessive || self.punctuated
    }
}

/// Splits `text` on whitespace; offsets are shifted by `offset`.
pub fn tokens(text: &str, offset: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take()
                && let Some(raw) = text.get(s..i)
                && let Some(t) = token(raw, s + offset)
            {
                out.push(t);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

const OPENING: &[char] = &['"', '\u{201C}', '\u{201D}', '(', '[', '\u{2018}', '\''];
const CLOSING: &[char] = &[
    ',', ';', ':', '!', '?', ')', ']', '"', '\u{201D}', '\u{201C}', '\u{2019}', '\'',
];

fn token(raw: &str, start: usize) -> Option<Token<'_>> {
    let body = raw.trim_start_matches(OPENING);
    let lead = raw.len() - body.len();
    let mut core = body.trim_end_matches(CLOSING);
    let mut punctuated = core.len() < body.len();
    let mut possessive = false;
    if let Some(stem) = core
        .strip_suffix("'s")
        .or_else(|| core.strip_suffix("\u{2019}s"))
    {
        core = stem;
        possessive = true;
    }
    let bare = core.trim_end_matches('.');
    let keeps_dot =
        || bare.chars().count() == 1 || is_honorific(core) || is_title(core) || bare.contains('.');
    if bare.len() < core.len() && !keeps_dot() {
        core = bare;
        punctuated = true;
    }
    if core.is_empty() {
        return None;
    }
    Some(Token {
        start: start + lead,
        end: start + lead + core.len(),
        core,
        possessive,
        punctuated,
    })
}

/// Whether a token can be part of a run of title and name words.
pub fn is_run_word(core: &str) -> bool {
    is_name_word(core) || is_title(core) || is_honorific(core)
}

/// Runs of title and name words as token index ranges `start..end`. A run starts with a
/// capitalised word and stops after a token followed by punctuation or a possessive.
pub fn name_runs(tokens: &[Token<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let capitalised = t.core.chars().next().is_some_and(char::is_uppercase);
        let in_run = is_run_word(t.core) && (start.is_some() || capitalised);
        match (in_run, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        if in_run
            && t.closes()
            && let Some(s) = start.take()
        {
            out.push((s, i + 1));
        }
    }
    if let Some(s) = start {
        out.push((s, tokens.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_punctuation_and_possessives() {
        let t = tokens("\u{201C}Yes,\u{201D} Blair\u{2019}s Mr. U.S. end.", 0);
        let cores: Vec<&str> = t.iter().map(|t| t.core).collect();
        assert_eq!(cores, ["Yes", "Blair", "Mr.", "U.S.", "end"]);
        assert!(t.first().is_some_and(|t| t.punctuated));
        assert!(t.get(1).is_some_and(|t| t.possessive));
    }

    #[test]
    fn finds_name_runs() {
        let text = "Professor Zeev Khanin of Bar-Ilan University noted";
        let t = tokens(text, 0);
        let runs: Vec<Vec<&str>> = name_runs(&t)
            .into_iter()
            .map(|(s, e)| t.get(s..e).unwrap_or(&[]).iter().map(|t| t.core).collect())
            .collect();
        assert_eq!(
            runs,
            [
                vec!["Professor", "Zeev", "Khanin"],
                vec!["Bar-Ilan", "University"]
            ]
        );
    }
}
