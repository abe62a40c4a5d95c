//! English Snowball stemming, made cheap for the two places that run it on every
//! token: [`CachedStemmer`] (indexing and queries) and [`InitialsStemmer`] (snippets).
//!
//! Stemming was a tenth of an import's CPU: every token of every title, body and
//! quote runs the Snowball algorithm, yet news text is Zipfian and a few tens of
//! thousands of distinct words make up nearly all tokens. Each thread (tantivy's
//! indexing workers, the server's search threads) keeps a table from word to stem,
//! so a repeated word costs one hash look-up. The stems are those of
//! `tantivy::tokenizer::Stemmer` for English, computed by the same `frostem`
//! algorithm, so an index written with either analyzer reads the same.
//!
//! The table lives in a thread-local rather than in the filter because tantivy
//! clones analyzers per field and per query; it is cleared when it reaches
//! [`MAX_CACHED_WORDS`], so memory stays bounded whatever the text.
//!
//! Snippets re-analyse the whole text of every hit shown (twenty bodies a search)
//! only to find the query's terms; there the memo's look-ups, one cache miss each,
//! cost as much as stemming. [`InitialsStemmer`] stems only the tokens whose first
//! byte starts some query term and empties the others. That is exact because the
//! Snowball English algorithm never changes a word's first letter: it only rewrites
//! suffixes inside the regions R1/R2, which start after at least one vowel and one
//! consonant, and its special forms (`skies` → `sky`, `dying` → `die`, …) keep it
//! too. The analyzer before it has already lower-cased and folded the token.

use std::borrow::Cow;
use std::cell::RefCell;
use std::mem;

use frostem::Algorithm;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words kept per thread before the table is cleared (a few MB at most).
pub const MAX_CACHED_WORDS: usize = 100_000;

thread_local! {
    static STEMS: RefCell<StemTable> = RefCell::new(StemTable::new());
}

/// Word → stem, with the stemmer that fills it.
struct StemTable {
    stemmer: frostem::Stemmer,
    stems: FxHashMap<Box<str>, Box<str>>,
}

impl StemTable {
    fn new() -> Self {
        StemTable {
            stemmer: frostem::Stemmer::new(Algorithm::English),
            stems: FxHashMap::default(),
        }
    }

    /// Replaces `word` by its stem, reusing `spare` as the new string's buffer.
    fn stem_in_place(&mut self, word: &mut String, spare: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = match self.stemmer.stem(word) {
            Cow::Borrowed(stem) => stem.into(),
            Cow::Owned(stem) => stem.into_boxed_str(),
        };
        if self.stems.len() >= MAX_CACHED_WORDS {
            self.stems.clear();
        }
        spare.clear();
        spare.push_str(&stem);
        self.stems.insert(word.as_str().into(), stem);
        mem::swap(word, spare);
    }
}

/// What a stemming token filter does to each word (see [`StemFilter`]).
pub trait WordStemmer: Clone + Send + Sync + 'static {
    /// Replaces `word` (lower-cased and folded) by its stem.
    fn stem(&mut self, word: &mut String);
}

/// English Snowball stemming with a per-thread memo (see the module docs). Tokens are
/// expected to be lower-cased beforehand, as for tantivy's `Stemmer`; it goes last in
/// the English analyzer of [`crate::schema`].
#[derive(Debug, Clone, Default)]
pub struct CachedStemmer {
    /// The buffer a stem is written to before it is swapped into the token.
    spare: String,
}

impl WordStemmer for CachedStemmer {
    fn stem(&mut self, word: &mut String) {
        STEMS.with(|table| table.borrow_mut().stem_in_place(word, &mut self.spare));
    }
}

/// English Snowball stemming of only the tokens that can match a query term (see the
/// module docs); the others become empty, which no term is. Snippets build it with
/// the stems of the query's terms.
#[derive(Clone, Copy)]
pub struct InitialsStemmer {
    /// Bit `b` is set when some term starts with byte `b`.
    initials: [u64; 4],
    snowball: frostem::Stemmer,
}

impl InitialsStemmer {
    /// A stemmer for the given query terms (their stems, as the index holds them).
    pub fn for_terms<'t>(terms: impl IntoIterator<Item = &'t str>) -> Self {
        let mut initials = [0u64; 4];
        for byte in terms.into_iter().filter_map(|t| t.as_bytes().first()) {
            if let Some(word) = initials.get_mut(usize::from(byte / 64)) {
                *word |= 1 << (byte % 64);
            }
        }
        InitialsStemmer {
            initials,
            snowball: frostem::Stemmer::new(Algorithm::English),
        }
    }

    fn may_match(&self, word: &str) -> bool {
        word.as_bytes().first().is_some_and(|&byte| {
            self.initials
                .get(usize::from(byte / 64))
                .is_some_and(|bits| bits & (1 << (byte % 64)) != 0)
        })
    }
}

impl WordStemmer for InitialsStemmer {
    fn stem(&mut self, word: &mut String) {
        if !self.may_match(word) {
            word.clear();
            return;
        }
        let stem = match self.snowball.stem(word) {
            Cow::Owned(stem) => Some(stem),
            Cow::Borrowed(stem) if stem != word.as_str() => Some(stem.to_owned()),
            Cow::Borrowed(_) => None,
        };
        if let Some(stem) = stem {
            *word = stem;
        }
    }
}

/// A tantivy token filter that hands each token's text to a [`WordStemmer`].
#[derive(Clone)]
pub struct StemFilter<S> {
    stemmer: S,
}

impl<S: WordStemmer> StemFilter<S> {
    /// The filter for an analyzer chain, e.g. `StemFilter::new(CachedStemmer::default())`.
    pub fn new(stemmer: S) -> Self {
        StemFilter { stemmer }
    }
}

impl<S: WordStemmer> TokenFilter for StemFilter<S> {
    type Tokenizer<T: Tokenizer> = StemTokenizer<S, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<S, T> {
        StemTokenizer {
            stemmer: self.stemmer,
            inner: tokenizer,
        }
    }
}

/// The tokenizer a [`StemFilter`] wraps around the chain before it.
#[derive(Clone)]
pub struct StemTokenizer<S, T> {
    stemmer: S,
    inner: T,
}

impl<S: WordStemmer, T: Tokenizer> Tokenizer for StemTokenizer<S, T> {
    type TokenStream<'a> = StemStream<S, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer.clone(),
        }
    }
}

/// Stems each token of the stream below it.
pub struct StemStream<S, T> {
    tail: T,
    stemmer: S,
}

impl<S: WordStemmer, T: TokenStream> TokenStream for StemStream<S, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stemmer.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t: &Token| out.push(t.text.clone()));
        out
    }

    #[test]
    fn stems_like_tantivys_english_stemmer_on_first_and_repeated_words() {
        let text = "Ministers were negotiating; the negotiations continued, ministers said. \
                    Generously generous generations running runs ran happy happily";
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StemFilter::new(CachedStemmer::default()))
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = tokens(plain, text);
        assert!(expected.contains(&"negoti".to_string()), "{expected:?}");
        // Twice: the first pass fills the table, the second reads from it.
        assert_eq!(tokens(cached.clone(), text), expected);
        assert_eq!(tokens(cached, text), expected);
    }

    #[test]
    fn the_table_is_cleared_when_full_and_stems_stay_right() {
        let mut table = StemTable::new();
        let mut spare = String::new();
        for n in 0..MAX_CACHED_WORDS + 10 {
            let mut word = format!("word{n}ing");
            table.stem_in_place(&mut word, &mut spare);
        }
        assert!(table.stems.len() <= MAX_CACHED_WORDS);
        let mut word = String::from("negotiations");
        table.stem_in_place(&mut word, &mut spare);
        assert_eq!(word, "negoti");
    }

    /// Words whose stems Snowball rewrites most, its special forms among them.
    const TRICKY: &[&str] = &[
        "skis",
        "skies",
        "sky",
        "dying",
        "lying",
        "tying",
        "idly",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "news",
        "howe",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "ies",
        "ied",
        "aing",
        "eing",
        "ying",
        "yes",
        "y",
        "eed",
        "sses",
        "generously",
        "communism",
        "arsenal",
        "cries",
        "ties",
        "happy",
        "yelled",
        "yearly",
        "ational",
        "ization",
        "1990s",
        "e",
        "ee",
        "ing",
        "ed",
        "s",
        "ss",
        "agreed",
        "feed",
        "hoping",
        "ourselves",
    ];

    #[test]
    fn snowball_keeps_the_first_letter_which_initials_stemming_relies_on() {
        let text = [
            include_str!("lib.rs"),
            include_str!("schema.rs"),
            include_str!("search.rs"),
            include_str!("snippet.rs"),
            include_str!("stemmer.rs"),
        ]
        .concat();
        let snowball = frostem::Stemmer::new(Algorithm::English);
        let words = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .chain(TRICKY.iter().map(|w| (*w).to_string()));
        let mut checked = 0;
        for word in words {
            let stem = snowball.stem(&word);
            assert_eq!(
                stem.as_bytes().first(),
                word.as_bytes().first(),
                "{word} → {stem}"
            );
            checked += 1;
        }
        assert!(checked > 500, "only {checked} words checked");
    }

    #[test]
    fn initials_stemming_matches_full_stemming_where_a_term_may_match() {
        let text = "Skies over Yerevan: ministers were negotiating, generously, the early \
                    negotiations; dying hopes, happy yearly cries of the agreed communism";
        let full = tokens(
            crate::schema::english_analyzer(CachedStemmer::default()),
            text,
        );
        let terms = ["negoti", "sky", "happi", "year"];
        let initials = InitialsStemmer::for_terms(terms);
        let partial = tokens(crate::schema::english_analyzer(initials), text);
        assert_eq!(full.len(), partial.len());
        for (whole, part) in full.iter().zip(&partial) {
            if terms
                .iter()
                .any(|t| t.as_bytes().first() == whole.as_bytes().first())
            {
                assert_eq!(part, whole);
            } else {
                assert_eq!(part, "", "{whole} should be skipped");
            }
        }
        let found: Vec<&String> = partial
            .iter()
            .filter(|t| terms.contains(&t.as_str()))
            .collect();
        assert_eq!(found, ["sky", "negoti", "negoti", "happi", "year"]);
    }
}
