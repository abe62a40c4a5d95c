//! Small text helpers shared by the content and metadata passes.
//!
//! HTML text arrives with arbitrary runs of spaces, tabs, newlines and no-break spaces; every
//! consumer wants them collapsed to single spaces, so the helpers here append with collapsing
//! instead of building intermediate strings.

/// Whether a character counts as whitespace for collapsing (includes NBSP and zero-width space).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// Appends `text` to `buf`, collapsing every whitespace run into one space and never starting
/// `buf` with a space.
pub(crate) fn push_collapsed(buf: &mut String, text: &str) {
    for c in text.chars() {
        if is_space(c) {
            if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
                buf.push(' ');
            }
        } else {
            buf.push(c);
        }
    }
}

/// `text` with whitespace runs collapsed to single spaces and trimmed.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out.truncate(out.trim_end().len());
    out
}

/// Number of characters that are not whitespace: the length measure used for scoring, which
/// does not depend on how the markup was indented.
pub(crate) fn visible_len(text: &str) -> u32 {
    let count = text.chars().filter(|c| !is_space(*c)).count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Visible characters and commas in one scan: the per-text-node statistics of the arena.
pub(crate) fn measure(text: &str) -> (u32, u32) {
    let (mut len, mut commas) = (0u32, 0u32);
    for c in text.chars() {
        if !is_space(c) {
            len = len.saturating_add(1);
            if matches!(c, ',' | '，' | '、' | '،') {
                commas = commas.saturating_add(1);
            }
        }
    }
    (len, commas)
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    text.split(is_space).filter(|w| !w.is_empty()).count()
}

/// Whether the text ends like a sentence (punctuation, closing quote or bracket).
pub(crate) fn ends_like_sentence(text: &str) -> bool {
    text.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '\'' | '”' | '’' | '»' | ')' | ':' | '…' | '。' | '！' | '？'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_joins_whitespace_runs() {
        assert_eq!(collapse("  a \n\t b\u{a0}c  "), "a b c");
    }

    #[test]
    fn visible_len_ignores_whitespace() {
        assert_eq!(visible_len(" ab c\n"), 3);
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_like_sentence("He said so."));
        assert!(!ends_like_sentence("Read more"));
    }
}
