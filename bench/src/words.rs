//! Words as a searcher types them: lower-case, letters only, no stop words.
//!
//! The query mix draws its words from article text. A word a person would search for is
//! a plain word of three or more letters that is not a stop word; words glued to digits,
//! hyphens or apostrophes are left out because engines tokenise them differently, which
//! would make the engines answer different questions.

/// English stop words (the common Lucene/Snowball list plus a few news function words):
/// never a query word, and never inside a phrase, so every engine treats the query alike.
const STOP_WORDS: [&str; 129] = [
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "may", "me", "might", "more", "most", "much", "must", "my", "no",
    "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours",
    "out", "over", "own", "said", "same", "says", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "why", "will", "with", "would", "you", "your", "yet",
];

/// Shortest word the mix uses.
const MIN_LETTERS: usize = 3;

/// True for a stop word (expects lower case).
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The text's tokens in order: `Some(word)` for a searchable word (lower-cased),
/// `None` for anything else, including punctuation that breaks a phrase.
///
/// ```ignore
/// let tokens: Vec<_> = tokens("Prime Minister, the BBC's 2005 plan").collect();
/// assert_eq!(tokens, [Some("prime".into()), Some("minister".into()), None, None, None, None, Some("plan".into())]);
/// ```
pub fn tokens(text: &str) -> impl Iterator<Item = Option<String>> + '_ {
    text.split_whitespace().flat_map(|raw| {
        let core = raw.trim_end_matches(|c: char| c.is_ascii_punctuation());
        let bare = core.trim_start_matches(|c: char| c.is_ascii_punctuation());
        // Punctuation around a word ends a phrase: emit a break on that side.
        let break_before = bare.len() != core.len();
        let break_after = core.len() != raw.len();
        let word = bare.to_ascii_lowercase();
        let searchable = word.len() >= MIN_LETTERS
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !is_stop_word(&word);
        break_before
            .then_some(None)
            .into_iter()
            .chain(std::iter::once(searchable.then_some(word)))
            .chain(break_after.then_some(None))
    })
}

/// The distinct searchable words of a text, in order of first appearance.
pub fn distinct_words(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tokens(text)
        .flatten()
        .filter(|word| seen.insert(word.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_plain_words_and_break_on_punctuation() {
        let got: Vec<_> = tokens("Prime Minister, the BBC's 2005 \"budget\" plan.").collect();
        let word = |w: &str| Some(w.to_string());
        assert_eq!(
            got,
            vec![
                word("prime"),
                word("minister"),
                None,
                None,
                None,
                None,
                None,
                word("budget"),
                None,
                word("plan"),
                None
            ]
        );
    }

    #[test]
    fn distinct_words_skip_stop_words_and_repeats() {
        assert_eq!(
            distinct_words("The bank and the Bank of England raised rates"),
            vec!["bank", "england", "raised", "rates"]
        );
        assert!(is_stop_word("the") && !is_stop_word("bank"));
    }
}
