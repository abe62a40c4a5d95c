//! Case and accent folding with a map back to the original text.
//!
//! The gazetteer matches on folded text ("Türkiye" and "TURKIYE" both become "turkiye") because
//! `aho-corasick` only folds ASCII case. Every decision that depends on how a word was written
//! (a capital initial, an exact abbreviation such as "US" versus the pronoun "us") looks at the
//! original text, so the folded text keeps, for each of its bytes, the byte offset it came from.

use unicode_normalization::char::decompose_canonical;

/// Folds one character: lower case, accents removed, typographic quotes and dashes made ASCII.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        _ => {
            let lower = c.to_lowercase().next().unwrap_or(c);
            let mut base = lower;
            let mut first = true;
            decompose_canonical(lower, |d| {
                if first {
                    base = d;
                    first = false;
                }
            });
            base
        }
    }
}

/// Folds a whole string (for dictionary keys and patterns).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Folded text plus, for every folded byte, the offset of the original character it came from.
pub struct FoldedText {
    pub folded: String,
    origin: Vec<u32>,
}

impl FoldedText {
    pub fn new(original: &str) -> Self {
        let mut folded = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (offset, c) in original.char_indices() {
            let f = fold_char(c);
            let offset = u32::try_from(offset).unwrap_or(u32::MAX);
            for _ in 0..f.len_utf8() {
                origin.push(offset);
            }
            folded.push(f);
        }
        origin.push(u32::try_from(original.len()).unwrap_or(u32::MAX));
        FoldedText { folded, origin }
    }

    /// Original byte offset of a folded byte offset (a char boundary of the folded text, or its end).
    pub fn original_offset(&self, folded_offset: usize) -> usize {
        self.origin
            .get(folded_offset)
            .or_else(|| self.origin.last())
            .map_or(0, |o| *o as usize)
    }

    /// The character just before a folded offset, in folded form.
    pub fn char_before(&self, folded_offset: usize) -> Option<char> {
        self.folded.get(..folded_offset)?.chars().next_back()
    }

    /// The character at a folded offset, in folded form.
    pub fn char_at(&self, folded_offset: usize) -> Option<char> {
        self.folded.get(folded_offset..)?.chars().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_typography() {
        assert_eq!(
            fold("Türkiye’s CÔTE d’Ivoire – Bogotá"),
            "turkiye's cote d'ivoire - bogota"
        );
    }

    #[test]
    fn maps_folded_offsets_back_to_the_original() {
        let text = "Zürich and Baku";
        let folded = FoldedText::new(text);
        let at = folded.folded.find("baku").unwrap_or(0);
        assert_eq!(&text[folded.original_offset(at)..], "Baku");
        assert_eq!(folded.original_offset(folded.folded.len()), text.len());
    }
}
