//! The tantivy schema: one document per article plus one per attributed quote.
//!
//! Both kinds live in one index so that an article and its quotes are written,
//! replaced and deleted in the same commit (a kill can never leave quotes of an
//! article that is not there). They are told apart by the `kind` field, and every
//! read filters on it. Scoring statistics are computed per kind (see
//! [`crate::stats`]) so quote documents do not skew article BM25.
//!
//! Fields and why they exist:
//! - `kind`, `article_id`: raw keys; `article_id` is shared by an article and its
//!   quotes, so one `delete_term` replaces both.
//! - `title`, `text`, `quote_text`, `affiliation`: English analysis (ASCII folding,
//!   stop words, Snowball stemming memoised per thread: [`CachedStemmer`]) with
//!   positions for phrases and proximity.
//! - `people`, `source_name`: names, folded and lower-cased but not stemmed, for
//!   `expert:` and `source:` query terms.
//! - `facets`: hierarchical facet paths for counting (`/country/AZ`,
//!   `/topic/medtop:11000000/medtop:20000xxx`, `/expert/<name>`, `/source/<name>`).
//! - `tag`: exact keys for filtering (`country:AZ`, `topic:medtop:…`, `expert:<name
//!   lower-cased>`, `source:<name lower-cased>`).
//! - `published`: UTC seconds, indexed and fast, for ranges, sorting and timelines.
//!   Undated articles have no value.
//! - `idhash`: FNV hash of the id, fast, a stable tie-breaker for exports.
//! - `record`: the stored JSON (the whole [`gazette_article::Article`], or a quote record).

use tantivy::Index;
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer,
};

use crate::stemmer::{CachedStemmer, StemFilter, WordStemmer};

/// Bumped whenever the schema or the analyzers change incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// The English analyzer for article and quote text.
pub const ENGLISH: &str = "gazette_en";
/// The analyzer for names (no stemming, no stop words).
pub const NAMES: &str = "gazette_names";

/// `kind` value of article documents.
pub const KIND_ARTICLE: &str = "article";
/// `kind` value of quote documents.
pub const KIND_QUOTE: &str = "quote";

/// Handles of every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    pub article_id: Field,
    pub title: Field,
    pub text: Field,
    pub quote_text: Field,
    pub affiliation: Field,
    pub people: Field,
    pub source_name: Field,
    pub facets: Field,
    pub tag: Field,
    pub published: Field,
    pub idhash: Field,
    pub record: Field,
}

/// Builds the schema and the field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        kind: builder.add_text_field("kind", STRING),
        article_id: builder.add_text_field("article_id", STRING | FAST),
        title: builder.add_text_field("title", analysed(ENGLISH)),
        text: builder.add_text_field("text", analysed(ENGLISH)),
        quote_text: builder.add_text_field("quote_text", analysed(ENGLISH)),
        affiliation: builder.add_text_field("affiliation", analysed(ENGLISH)),
        people: builder.add_text_field("people", analysed(NAMES)),
        source_name: builder.add_text_field("source_name", analysed(NAMES)),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
        tag: builder.add_text_field("tag", STRING),
        published: builder.add_i64_field("published", INDEXED | FAST),
        idhash: builder.add_u64_field("idhash", FAST),
        record: builder.add_text_field("record", STORED),
    };
    (builder.build(), fields)
}

/// Registers gazette's analyzers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    let names = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index
        .tokenizers()
        .register(ENGLISH, english_analyzer(CachedStemmer::default()));
    index.tokenizers().register(NAMES, names);
}

/// The English analyzer with `stemmer` as its last step: [`CachedStemmer`] for
/// indexing and queries, [`crate::stemmer::InitialsStemmer`] for snippets, which
/// must find the same tokens.
pub(crate) fn english_analyzer<S: WordStemmer>(stemmer: S) -> TextAnalyzer {
    let stemmer = StemFilter::new(stemmer);
    let folded = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match StopWordFilter::new(Language::English) {
        Some(stop_words) => folded.filter(stop_words).filter(stemmer).build(),
        None => folded.filter(stemmer).build(),
    }
}

/// The stable 64-bit FNV-1a hash of an article id (export order tie-breaker).
pub fn id_hash(id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}
