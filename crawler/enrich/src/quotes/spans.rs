//! Quotation spans and sentences of a paragraph.
//!
//! Curly quotes pair by direction; straight quotes alternate. An opening mark that is never
//! closed runs to the end of the paragraph: that is how a quote spanning several paragraphs is
//! written (each continuing paragraph opens again, and only the last one closes). Sentence ends
//! inside a quotation do not end the surrounding sentence.

use crate::lexicon::{List, has};

/// A paragraph with its quotations and sentences, computed once per article.
#[derive(Debug)]
pub struct Paragraph<'a> {
    /// Offset of the paragraph in the article text.
    pub offset: usize,
    pub text: &'a str,
    pub spans: Vec<QuoteSpan>,
    /// Sentences as byte ranges of `text`.
    pub sentences: Vec<(usize, usize)>,
}

/// Sentences longer than this are cut at a space: real sentences are far shorter, and the cut
/// keeps every per-sentence step bounded on text without full stops.
const MAX_SENTENCE_BYTES: usize = 2000;

impl<'a> Paragraph<'a> {
    pub fn new(offset: usize, text: &'a str) -> Self {
        let spans = quote_spans(text);
        let mut cut = Vec::new();
        for (start, end) in sentences(text, &spans) {
            let mut from = start;
            while end - from > MAX_SENTENCE_BYTES {
                let limit = (from + MAX_SENTENCE_BYTES).min(end);
                let at = text
                    .get(from..limit)
                    .and_then(|piece| piece.rfind(' '))
                    .map_or(limit, |i| from + i + 1);
                let at = if at <= from || !text.is_char_boundary(at) {
                    next_boundary(text, limit)
                } else {
                    at
                };
                cut.push((from, at));
                from = at;
            }
            cut.push((from, end));
        }
        Paragraph {
            offset,
            text,
            spans,
            sentences: cut,
        }
    }
}

fn next_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The span containing `pos`, found by binary search (spans are sorted and disjoint).
pub fn span_at(spans: &[QuoteSpan], pos: usize) -> Option<&QuoteSpan> {
    let index = spans.partition_point(|s| s.open <= pos);
    index
        .checked_sub(1)
        .and_then(|i| spans.get(i))
        .filter(|s| s.contains(pos))
}

/// The end of the last span closing at or before `pos` (0 when none).
pub fn last_close_before(spans: &[QuoteSpan], pos: usize) -> usize {
    let index = spans.partition_point(|s| s.close <= pos);
    index
        .checked_sub(1)
        .and_then(|i| spans.get(i))
        .map_or(0, |s| s.close)
}

/// A quotation in a paragraph: `open` is the opening mark's offset, `close` the offset just
/// after the closing mark (or the paragraph end when the quote is not closed there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    pub open: usize,
    pub close: usize,
    pub closed: bool,
}

impl QuoteSpan {
    /// The quoted words, without the marks and surrounding spaces.
    pub fn inner<'a>(&self, paragraph: &'a str) -> &'a str {
        let start = self.open;
        let end = if self.closed {
            let head = paragraph.get(..self.close).unwrap_or("");
            let marks = head.len()
                - head
                    .trim_end_matches(['\u{201D}', '\u{00BB}', '\u{2019}', '"'])
                    .len();
            self.close - marks.min(self.close.saturating_sub(start))
        } else {
            self.close
        };
        let quoted = paragraph.get(start..end.max(start)).unwrap_or("");
        quoted
            .trim_start_matches(['\u{201C}', '\u{201E}', '\u{00AB}', '\u{2018}', '"'])
            .trim()
    }

    pub fn contains(&self, pos: usize) -> bool {
        pos >= self.open && pos < self.close
    }
}

/// Finds the quotations of one paragraph, in order, never overlapping.
///
/// A straight quote is an opening mark when a space (or the paragraph start) precedes it and a
/// letter follows, otherwise a closing mark; an opening mark met while a quote is open closes
/// the open one there. That copes with the style where every quoted sentence opens again but
/// only the last closes. Two right single quotes ('') close like a right double quote.
pub fn quote_spans(paragraph: &str) -> Vec<QuoteSpan> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut previous: Option<char> = None;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let opening_context =
            previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '\u{2014}' | '-'));
        let role = match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => Mark::Open,
            '\u{201D}' | '\u{00BB}' => Mark::Close,
            '\u{2019}' if next == Some('\u{2019}') => {
                chars.next();
                Mark::Close
            }
            '\u{2018}' if next == Some('\u{2018}') => {
                chars.next();
                Mark::Open
            }
            '"' if opening_context && next.is_some_and(|n| !n.is_whitespace()) => Mark::Open,
            '"' => Mark::Close,
            _ => Mark::None,
        };
        let end = chars.peek().map_or(paragraph.len(), |(j, _)| *j);
        match role {
            Mark::Open => {
                if let Some(start) = open {
                    spans.push(QuoteSpan {
                        open: start,
                        close: i,
                        closed: false,
                    });
                }
                open = Some(i);
            }
            Mark::Close => {
                if let Some(start) = open.take() {
                    spans.push(QuoteSpan {
                        open: start,
                        close: end,
                        closed: true,
                    });
                }
            }
            Mark::None => {}
        }
        previous = Some(c);
    }
    if let Some(start) = open {
        spans.push(QuoteSpan {
            open: start,
            close: paragraph.len(),
            closed: false,
        });
    }
    spans
}

enum Mark {
    Open,
    Close,
    None,
}

/// Splits a paragraph into sentences as byte ranges, never inside a quotation.
pub fn sentences(paragraph: &str, spans: &[QuoteSpan]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '\u{201D}' | '"') {
            continue;
        }
        let end = i + c.len_utf8();
        if span_at(spans, i).is_some_and(|s| end < s.close) {
            continue;
        }
        if matches!(c, '\u{201D}' | '"') {
            let before = paragraph.get(..i).and_then(|h| h.chars().next_back());
            if !matches!(before, Some('.' | '!' | '?')) {
                continue;
            }
        }
        // The next sentence must start with a capital or an opening quote after a space.
        let rest = paragraph.get(end..).unwrap_or("");
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() && !rest.is_empty() {
            continue;
        }
        let next = trimmed.chars().next();
        if next.is_some_and(|n| {
            !(n.is_uppercase() || n.is_numeric() || matches!(n, '\u{201C}' | '"' | '(' | '\''))
        }) {
            continue;
        }
        if c == '.' && ends_with_abbreviation(paragraph.get(start..i).unwrap_or("")) {
            continue;
        }
        if end > start && bytes.get(start..end).is_some() {
            out.push((start, end));
        }
        start = end + (rest.len() - trimmed.len());
    }
    if start < paragraph.len() && !paragraph.get(start..).unwrap_or("").trim().is_empty() {
        out.push((start, paragraph.len()));
    }
    out
}

fn ends_with_abbreviation(head: &str) -> bool {
    let last = head
        .rsplit([' ', '(', '\u{201C}', '"'])
        .next()
        .unwrap_or("");
    has(List::Abbreviations, last)
        || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_curly_and_straight_quotes() {
        let p = "He said \u{201C}yes\u{201D} and \"no\" twice.";
        let spans = quote_spans(p);
        let inner: Vec<&str> = spans.iter().map(|s| s.inner(p)).collect();
        assert_eq!(inner, ["yes", "no"]);
    }

    #[test]
    fn handles_reopened_sentences_and_double_apostrophe_closers() {
        let p = "He said: \"We stay. \"We fight on.\" Then \u{201C}No,\u{2019}\u{2019} she said.";
        let spans = quote_spans(p);
        let inner: Vec<&str> = spans.iter().map(|s| s.inner(p)).collect();
        assert_eq!(inner, ["We stay.", "We fight on.", "No,"]);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_paragraph_end() {
        let p = "\u{201C}We will stay the course. Nothing changes";
        let spans = quote_spans(p);
        assert_eq!(spans.len(), 1);
        assert!(
            spans
                .first()
                .is_some_and(|s| !s.closed && s.close == p.len())
        );
    }

    #[test]
    fn sentences_do_not_break_inside_quotes_or_after_titles() {
        let p = "Mr. Smith said: \u{201C}It is late. We go.\u{201D} Then Dr. Jones left. The end";
        let spans = quote_spans(p);
        let parts: Vec<&str> = sentences(p, &spans)
            .into_iter()
            .filter_map(|(s, e)| p.get(s..e))
            .collect();
        assert_eq!(
            parts,
            [
                "Mr. Smith said: \u{201C}It is late. We go.\u{201D}",
                "Then Dr. Jones left.",
                "The end"
            ]
        );
    }
}
