//! Quotation spans and sentences of a paragraph.
//!
//! Curly quotes pair by direction; straight quotes alternate. An opening mark that is never
//! closed runs to the end of the paragraph: that is how a quote spanning several paragraphs is
//! written (each continuing paragraph opens again, and only the last one closes). Sentence ends
//! inside a quotation do not end the surrounding sentence.

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
        let start = paragraph.get(self.open..).and_then(|t| t.chars().next()).map_or(self.open, |c| self.open + c.len_utf8());
        let end = if self.closed {
            paragraph.get(..self.close).and_then(|h| h.chars().next_back()).map_or(self.close, |c| self.close - c.len_utf8())
        } else {
            self.close
        };
        paragraph.get(start..end.max(start)).unwrap_or("").trim()
    }

    pub fn contains(&self, pos: usize) -> bool {
        pos >= self.open && pos < self.close
    }
}

/// Finds the quotations of one paragraph, in order, never overlapping.
pub fn quote_spans(paragraph: &str) -> Vec<QuoteSpan> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in paragraph.char_indices() {
        match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => {
                if let Some(start) = open {
                    // An opening mark inside an open quote: the earlier one was never closed.
                    spans.push(QuoteSpan { open: start, close: i, closed: false });
                }
                open = Some(i);
            }
            '\u{201D}' | '\u{00BB}' => {
                if let Some(start) = open.take() {
                    spans.push(QuoteSpan { open: start, close: i + c.len_utf8(), closed: true });
                }
            }
            '"' => match open.take() {
                Some(start) => spans.push(QuoteSpan { open: start, close: i + 1, closed: true }),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    if let Some(start) = open {
        spans.push(QuoteSpan { open: start, close: paragraph.len(), closed: false });
    }
    spans
}

/// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Lt", "Col", "Gen", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Prof", "Sen", "Rep",
    "Gov", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "No", "vs", "Rev", "Mt", "Jan", "Feb", "Aug", "Sept", "Sep",
    "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "e.g", "i.e", "a.m", "p.m",
];

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
        if spans.iter().any(|s| s.contains(i) && end < s.close) {
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
        if next.is_some_and(|n| !(n.is_uppercase() || n.is_numeric() || matches!(n, '\u{201C}' | '"' | '(' | '\''))) {
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
    let last = head.rsplit([' ', '(', '\u{201C}', '"']).next().unwrap_or("");
    ABBREVIATIONS.contains(&last) || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
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
    fn an_unclosed_quote_runs_to_the_paragraph_end() {
        let p = "\u{201C}We will stay the course. Nothing changes";
        let spans = quote_spans(p);
        assert_eq!(spans.len(), 1);
        assert!(spans.first().is_some_and(|s| !s.closed && s.close == p.len()));
    }

    #[test]
    fn sentences_do_not_break_inside_quotes_or_after_titles() {
        let p = "Mr. Smith said: \u{201C}It is late. We go.\u{201D} Then Dr. Jones left. The end";
        let spans = quote_spans(p);
        let parts: Vec<&str> = sentences(p, &spans).into_iter().filter_map(|(s, e)| p.get(s..e)).collect();
        assert_eq!(parts, ["Mr. Smith said: \u{201C}It is late. We go.\u{201D}", "Then Dr. Jones left.", "The end"]);
    }
}
