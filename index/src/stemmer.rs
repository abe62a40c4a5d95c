//! [`CachedStemmer`]: tantivy's English Snowball stemming, memoised per thread.
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

/// English Snowball stemming with a per-thread memo (see the module docs). Tokens are
/// expected to be lower-cased beforehand, as for tantivy's `Stemmer`; it goes last in
/// the English analyzer of [`crate::schema`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CachedStemmer`] wraps around the chain before it.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            spare: String::new(),
        }
    }
}

/// Stems each token of the stream below it.
pub struct CachedStemmerStream<T> {
    tail: T,
    spare: String,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        STEMS.with(|table| table.borrow_mut().stem_in_place(word, &mut self.spare));
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
            .filter(CachedStemmer)
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
}
