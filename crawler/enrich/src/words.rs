//! Small word-level helpers over the original text: the neighbouring word of a span, capitals,
//! sentence starts. They scan a few characters at most, so every caller stays linear in the text.

/// A word of the original text as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Word<'_> {
    /// Starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A character that can be part of a word: letters, digits, and the apostrophes, dots and
/// ampersands inside names ("O'Brien", "U.S.", "AT&T").
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '.' | '&')
}

fn trim_word(text: &str, start: usize, end: usize) -> Option<Word<'_>> {
    let slice = text.get(start..end)?;
    // Trailing dots belong to the sentence unless the word is an abbreviation ("U.S.").
    let trimmed = if slice.matches('.').count() >= 2 {
        slice
    } else {
        slice.trim_end_matches('.')
    };
    let trimmed = trimmed
        .trim_start_matches(['\'', '\u{2019}'])
        .trim_end_matches(['\'', '\u{2019}']);
    if trimmed.is_empty() {
        return None;
    }
    let offset = slice.find(trimmed).unwrap_or(0);
    Some(Word {
        start: start + offset,
        end: start + offset + trimmed.len(),
        text: trimmed,
    })
}

/// The word that ends just before `pos`, separated from it only by spaces (not by punctuation or
/// a line break). Hyphens join: in "Nagorno-Karabakh" the word before "Karabakh" is "Nagorno".
pub fn word_before(text: &str, pos: usize) -> Option<Word<'_>> {
    let head = text.get(..pos)?;
    let mut chars = head.char_indices().rev().peekable();
    let mut end = pos;
    while let Some((i, c)) = chars.peek().copied() {
        if c == ' ' || c == '-' {
            end = i;
            chars.next();
        } else {
            break;
        }
    }
    if end == pos {
        return None;
    }
    let mut start = end;
    for (i, c) in chars {
        if is_word_char(c) {
            start = i;
        } else {
            break;
        }
    }
    if start == end {
        None
    } else {
        trim_word(text, start, end)
    }
}

/// The word that starts just after `pos`, separated only by spaces or one hyphen.
pub fn word_after(text: &str, pos: usize) -> Option<Word<'_>> {
    let tail = text.get(pos..)?;
    let mut start = pos;
    let mut chars = tail.char_indices().peekable();
    while let Some((i, c)) = chars.peek().copied() {
        if c == ' ' || c == '-' {
            start = pos + i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    if start == pos {
        return None;
    }
    let mut end = start;
    for (i, c) in chars {
        if is_word_char(c) {
            end = pos + i + c.len_utf8();
        } else {
            break;
        }
    }
    if start == end {
        None
    } else {
        trim_word(text, start, end)
    }
}

/// Whether `pos` starts a sentence: only spaces, opening quotes or brackets lie between it and
/// the text start, a line break, or a sentence-final mark.
pub fn starts_sentence(text: &str, pos: usize) -> bool {
    let Some(head) = text.get(..pos) else {
        return false;
    };
    for c in head.chars().rev() {
        match c {
            ' ' | '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '[' | '\t' => continue,
            '.' | '!' | '?' | '\n' | ':' | '\u{2014}' => return true,
            _ => return false,
        }
    }
    true
}

/// The sentence around a byte range: from the previous sentence end to the next one, capped at
/// a few hundred bytes each way so that a text without full stops stays cheap.
pub fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    const REACH: usize = 300;
    let mut from = start.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text.get(from..start).unwrap_or("");
    let sentence_start = before
        .rfind(['.', '!', '?', '\n'])
        .map_or(from, |i| from + i + 1);
    let after = text.get(end..to).unwrap_or("");
    let sentence_end = after.find(['.', '!', '?', '\n']).map_or(to, |i| end + i);
    text.get(sentence_start..sentence_end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_neighbouring_words() {
        let text = "Kazakhstan's Air Astana flew to Agence France-Presse offices.";
        let france = text.find("France").unwrap_or(0);
        assert_eq!(word_before(text, france).map(|w| w.text), Some("Agence"));
        assert_eq!(
            word_after(text, france + "France".len()).map(|w| w.text),
            Some("Presse")
        );
        assert_eq!(word_after(text, "Kazakhstan".len()), None);
    }

    #[test]
    fn keeps_abbreviation_dots_but_not_sentence_dots() {
        let text = "He flew to the U.S. yesterday. Then home.";
        assert_eq!(
            word_after(text, "He flew to the".len()).map(|w| w.text),
            Some("U.S.")
        );
        assert_eq!(word_before(text, text.len() - 1).map(|w| w.text), None);
    }

    #[test]
    fn detects_sentence_starts() {
        let text = "Rain fell. \u{201C}Paris is calm,\u{201D} she said.";
        assert!(starts_sentence(text, 0));
        assert!(starts_sentence(text, text.find("Paris").unwrap_or(0)));
        assert!(!starts_sentence(text, text.find("fell").unwrap_or(0)));
    }
}
