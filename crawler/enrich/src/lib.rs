//! Enrichment: the countries, IPTC topics and quoted experts of a news article.
//!
//! [`Enricher`] loads the embedded data once (gazetteer, taxonomy subset, cue words) and then
//! tags any number of articles from many threads. The rules follow the annotation guideline of
//! the project's gold data (`shared/data/enrichment/GUIDELINE.md`); [`benchmark`] scores the
//! tagger against it.
//!
//! ```
//! use gazette_enrich::Enricher;
//!
//! let enricher = Enricher::new();
//! let tags = enricher.enrich(
//!     "Azerbaijan weighs a Gaza role",
//!     "Joseph Epstein, director of the Turan Research Center in Washington, said Baku \
//!      \u{201C}would strengthen Israel\u{201D} in the war.",
//! );
//! let codes: Vec<&str> = tags.countries.iter().map(|c| c.code.as_str()).collect();
//! assert!(codes.contains(&"AZ") && codes.contains(&"IL") && codes.contains(&"US"));
//! assert_eq!(tags.quotes[0].speaker, "Joseph Epstein");
//! assert_eq!(tags.quotes[0].affiliation, "director of the Turan Research Center in Washington");
//! ```

pub mod benchmark;
mod country_tagger;
mod fold;
mod gazetteer;
mod lexicon;
mod place_context;
mod quotes;
mod taxonomy;
mod topic_tagger;
mod words;

use gazette_article::{CountryTag, Quote, TopicTag};
use serde::{Deserialize, Serialize};

pub use country_tagger::CountryTagger;
pub use gazetteer::Gazetteer;
pub use quotes::{QuoteExtractor, expert_key};
pub use taxonomy::Taxonomy;
pub use topic_tagger::TopicTagger;

/// The tags of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tags {
    /// Countries mentioned, most mentioned first.
    pub countries: Vec<CountryTag>,
    /// IPTC topics, each followed by its ancestors; top-level topics carry score and evidence.
    pub topics: Vec<TopicTag>,
    /// Every attributed quotation in text order (several per speaker possible).
    pub quotes: Vec<Quote>,
}

impl Tags {
    /// Drops the quotes attributed to the article's own authors: a byline author is not
    /// a quoted expert (GUIDELINE.md §3), whatever the body's attribution patterns say.
    ///
    /// ```
    /// use gazette_article::Quote;
    /// let quote = |speaker: &str| Quote { speaker: speaker.into(), affiliation: String::new(), text: "x".into() };
    /// let tags = gazette_enrich::Tags { quotes: vec![quote("Jane Doe"), quote("Zeev Khanin")], ..Default::default() };
    /// let tags = tags.without_authors(&["JANE DOE".to_string()]);
    /// assert_eq!(tags.quotes.len(), 1);
    /// assert_eq!(tags.quotes[0].speaker, "Zeev Khanin");
    /// ```
    pub fn without_authors(mut self, byline: &[String]) -> Self {
        let authors: Vec<String> = byline.iter().map(|name| expert_key(name)).collect();
        self.quotes
            .retain(|quote| !authors.contains(&expert_key(&quote.speaker)));
        self
    }
}

/// Tags articles with countries, topics and quoted experts. Cheap to share: `Send + Sync`,
/// build it once and call [`Enricher::enrich`] from any thread.
#[derive(Debug)]
pub struct Enricher {
    gazetteer: Gazetteer,
    taxonomy: Taxonomy,
    topic_tagger: TopicTagger,
}

impl Default for Enricher {
    fn default() -> Self {
        Self::new()
    }
}

impl Enricher {
    /// Loads the embedded gazetteer and taxonomy and compiles the matchers (tens of ms).
    pub fn new() -> Self {
        let gazetteer = Gazetteer::load();
        let taxonomy = Taxonomy::load();
        let topic_tagger = TopicTagger::new(&taxonomy);
        Enricher {
            gazetteer,
            taxonomy,
            topic_tagger,
        }
    }

    /// Tags one article. `text` is the body, paragraphs separated by blank lines.
    pub fn enrich(&self, title: &str, text: &str) -> Tags {
        Tags {
            countries: CountryTagger.tag(&self.gazetteer, title, text),
            topics: self.topic_tagger.tag(&self.taxonomy, title, text),
            quotes: QuoteExtractor.extract(&self.gazetteer, text),
        }
    }

    /// The country gazetteer (for resolving filter values such as "Ivory Coast" or "ci").
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The IPTC taxonomy subset (for resolving topic codes and labels).
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enricher_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Enricher>();
    }

    #[test]
    fn empty_text_gives_empty_tags() {
        let tags = Enricher::new().enrich("", "");
        assert_eq!(tags, Tags::default());
    }
}
