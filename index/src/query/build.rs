//! From the parsed tree to a tantivy query.
//!
//! Words are analysed with the target field's own analyzer (so stop words drop
//! out and stems match the index). A word that analyses into several tokens
//! (`U.S.`, `newly-created`) becomes a phrase of them, as in tantivy's parser.
//!
//! **Long queries.** The top-level plain words form a bag. A keyword query is
//! strict: every word must match. A natural-language query (a pasted sentence,
//! a headline, a question) is relaxed like Elasticsearch's
//! `minimum_should_match`: a document must match at least
//! `ceil(n × relax_fraction)` of the `n` words, and BM25 ranks documents that
//! match more (and rarer) words first. A query counts as natural language when
//! its bag has at least [`RankingTuning::relax_threshold`] words, or at least
//! [`RankingTuning::phrased_threshold`] words and also function words (stop
//! words such as "of", "to", "the"), which keyword queries do not have:
//! `iran oil sanctions` is strict, `successor to premier khrushchev` is relaxed.
//! Phrases, fielded terms, ranges and negations always keep their operator;
//! only bare words are relaxed.
//!
//! **Proximity.** Each pair of neighbouring bag words also adds an optional
//! sloppy phrase on `text` and `title`, so documents where the words stand close
//! together rank above documents that merely contain them.
//!
//! **Negations.** Every `-x` / `NOT x` becomes a clause of
//! [`super::exclusion::must_not`], which keeps phrases under `must_not` within
//! tantivy's seek contract (see there why).

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Term};

use super::ast::{Node, QueryField};
use super::exclusion::must_not;
pub use super::fielded::date_range_query;
use super::limits::MAX_PHRASE_WORDS;
pub use super::tuning::RankingTuning;
use crate::IndexError;
use crate::labels::Labels;
use crate::schema::Fields;

/// Which documents a query targets; decides the default fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Articles: words search `title` and `text`.
    Articles,
    /// Quotes: words search the quote text.
    Quotes,
    /// The experts directory: words search names, affiliations and quote text.
    Experts,
}

/// How the top-level bag of words is combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relax {
    /// Strict below the threshold, relaxed from it.
    Auto,
    /// At least one word must match, whatever the length (fallback after no hits).
    Any,
}

/// A query ready to run.
pub struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// The positive text terms, for highlighting.
    pub highlight: Box<dyn Query>,
    /// Whether the bag was relaxed.
    pub relaxed: bool,
    /// Plain words in the top-level bag (0 for match-all).
    pub bag_len: usize,
}

pub struct Builder<'a> {
    pub index: &'a Index,
    pub fields: &'a Fields,
    pub labels: &'a Labels,
    pub tuning: &'a RankingTuning,
    pub target: Target,
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// A compiled bag word and its tokens (for proximity pairs).
type BagWord = (Box<dyn Query>, Vec<String>);

impl Builder<'_> {
    /// Builds the tree; `None` for a tree with no positive searchable term left
    /// (e.g. only stop words), which matches nothing.
    pub fn build(&self, node: &Node, relax: Relax) -> Result<BuiltQuery, IndexError> {
        let mut highlight: Vec<Box<dyn Query>> = Vec::new();
        let items: Vec<&Node> = match node {
            Node::And(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut clauses: Clauses = Vec::new();
        let mut bag: Vec<BagWord> = Vec::new();
        let mut function_words = 0usize;
        for item in items {
            match item {
                Node::Word { text, field: None } => {
                    match self.default_word(text, &mut highlight)? {
                        Some(compiled) => bag.push(compiled),
                        None if text.chars().any(char::is_alphabetic) => function_words += 1,
                        None => {}
                    }
                }
                Node::Not(inner) => {
                    if let Some(q) = self.compile(inner, &mut Vec::new())? {
                        clauses.push(must_not(q));
                    }
                }
                other => {
                    if let Some(q) = self.compile(other, &mut highlight)? {
                        clauses.push((Occur::Must, q));
                    }
                }
            }
        }
        let bag_len = bag.len();
        let relaxed = match relax {
            Relax::Any => bag_len > 1,
            Relax::Auto => {
                bag_len >= self.tuning.relax_threshold.max(2)
                    || (function_words > 0 && bag_len >= self.tuning.phrased_threshold.max(2))
            }
        };
        let proximity = self.proximity(&bag);
        if relaxed {
            let minimum = match relax {
                Relax::Any => 1,
                Relax::Auto => ((bag_len as f32 * self.tuning.relax_fraction).ceil() as usize)
                    .clamp(1, bag_len),
            };
            let words: Clauses = bag.into_iter().map(|(q, _)| (Occur::Should, q)).collect();
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(words, minimum)),
            ));
        } else {
            clauses.extend(bag.into_iter().map(|(q, _)| (Occur::Must, q)));
        }
        let has_positive = clauses.iter().any(|(o, _)| *o == Occur::Must);
        if !has_positive {
            let typed_nothing = matches!(node, Node::And(items) if items.is_empty());
            if clauses.is_empty() && !typed_nothing {
                return Ok(self.nothing(relaxed, bag_len));
            }
            // Score 0 everywhere: a browse (`-iran`, or the empty query) ranks by the
            // tie-break (newest first) in every segment alike, instead of by whether a
            // segment happened to contain the excluded term.
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        clauses.extend(proximity.into_iter().map(|q| (Occur::Should, q)));
        Ok(BuiltQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            highlight: Box::new(BooleanQuery::new(
                highlight.into_iter().map(|q| (Occur::Should, q)).collect(),
            )),
            relaxed,
            bag_len,
        })
    }

    fn nothing(&self, relaxed: bool, bag_len: usize) -> BuiltQuery {
        BuiltQuery {
            query: Box::new(EmptyQuery),
            highlight: Box::new(EmptyQuery),
            relaxed,
            bag_len,
        }
    }

    fn default_fields(&self) -> Vec<(Field, f32)> {
        match self.target {
            Target::Articles => vec![
                (self.fields.title, self.tuning.title_boost),
                (self.fields.text, 1.0),
            ],
            Target::Quotes => vec![(self.fields.quote_text, 1.0)],
            Target::Experts => {
                vec![
                    (self.fields.people, 2.0),
                    (self.fields.affiliation, 1.0),
                    (self.fields.quote_text, 1.0),
                ]
            }
        }
    }

    fn analyzer(&self, field: Field) -> Result<TextAnalyzer, IndexError> {
        Ok(self.index.tokenizer_for_field(field)?)
    }

    /// `(position, token)` pairs of `text` under `field`'s analyzer.
    fn tokens(&self, field: Field, text: &str) -> Result<Vec<(usize, String)>, IndexError> {
        let mut analyzer = self.analyzer(field)?;
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.position, token.text.clone()));
        }
        Ok(tokens)
    }

    /// A word or phrase on one analysed field; `None` if nothing survives analysis.
    pub(super) fn text_query(
        &self,
        field: Field,
        text: &str,
        slop: u32,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        let tokens = self.tokens(field, text)?;
        if tokens.len() > MAX_PHRASE_WORDS {
            return Err(IndexError::bad_query(format!(
                "the phrase \"{}\" has more than {MAX_PHRASE_WORDS} words",
                text.chars().take(40).collect::<String>()
            )));
        }
        Ok(match tokens.as_slice() {
            [] => None,
            [(_, token)] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, token),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let first = tokens[0].0;
                let terms = tokens
                    .iter()
                    .map(|(p, t)| (p - first, Term::from_field_text(field, t)))
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        })
    }

    /// A bare word over the default fields, with its tokens (for proximity).
    fn default_word(
        &self,
        text: &str,
        highlight: &mut Vec<Box<dyn Query>>,
    ) -> Result<Option<BagWord>, IndexError> {
        let Some(query) = self.over_default_fields(text, 0, highlight)? else {
            return Ok(None);
        };
        let field = self.default_fields()[0].0;
        let tokens = self
            .tokens(field, text)?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        Ok(Some((query, tokens)))
    }

    fn over_default_fields(
        &self,
        text: &str,
        slop: u32,
        highlight: &mut Vec<Box<dyn Query>>,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        let mut per_field: Clauses = Vec::new();
        for (field, boost) in self.default_fields() {
            if let Some(q) = self.text_query(field, text, slop)? {
                if (field == self.fields.text || field == self.fields.quote_text)
                    && let Some(h) = self.text_query(field, text, slop)?
                {
                    highlight.push(h);
                }
                let q: Box<dyn Query> = if (boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(q, boost))
                } else {
                    q
                };
                per_field.push((Occur::Should, q));
            }
        }
        Ok(match per_field.len() {
            0 => None,
            1 => per_field.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        })
    }

    /// Sloppy phrases over neighbouring bag words.
    fn proximity(&self, bag: &[BagWord]) -> Vec<Box<dyn Query>> {
        if self.target != Target::Articles || self.tuning.proximity_boost <= 0.0 {
            return Vec::new();
        }
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for pair in bag.windows(2) {
            let (Some(left), Some(right)) = (pair[0].1.last(), pair[1].1.first()) else {
                continue;
            };
            if left == right {
                continue;
            }
            for (field, weight) in [
                (self.fields.text, 1.0),
                (self.fields.title, self.tuning.title_boost),
            ] {
                let terms = vec![
                    (0, Term::from_field_text(field, left)),
                    (1, Term::from_field_text(field, right)),
                ];
                let phrase =
                    PhraseQuery::new_with_offset_and_slop(terms, self.tuning.proximity_slop);
                clauses.push(Box::new(BoostQuery::new(
                    Box::new(phrase),
                    self.tuning.proximity_boost * weight,
                )));
            }
        }
        clauses
    }

    fn compile(
        &self,
        node: &Node,
        highlight: &mut Vec<Box<dyn Query>>,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        match node {
            Node::Word { text, field: None } => self.over_default_fields(text, 0, highlight),
            Node::Phrase {
                text,
                slop,
                field: None,
            } => self.over_default_fields(text, *slop, highlight),
            Node::Word {
                text,
                field: Some(field),
            }
            | Node::Phrase {
                text,
                field: Some(field),
                ..
            } => {
                let slop = if let Node::Phrase { slop, .. } = node {
                    *slop
                } else {
                    0
                };
                let query = self.fielded(*field, text, slop)?;
                if *field == QueryField::Text
                    && let Some(h) = self.fielded(*field, text, slop)?
                {
                    highlight.push(h);
                }
                Ok(query)
            }
            Node::DateRange { from, to } => Ok(Some(self.date_range(*from, *to))),
            Node::Not(inner) => Ok(self.compile(inner, &mut Vec::new())?.map(|q| {
                let clauses: Clauses = vec![(Occur::Must, Box::new(AllQuery)), must_not(q)];
                Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
            })),
            Node::And(items) => {
                let mut clauses: Clauses = Vec::new();
                for item in items {
                    match item {
                        Node::Not(inner) => {
                            if let Some(q) = self.compile(inner, &mut Vec::new())? {
                                clauses.push(must_not(q));
                            }
                        }
                        other => {
                            if let Some(q) = self.compile(other, highlight)? {
                                clauses.push((Occur::Must, q));
                            }
                        }
                    }
                }
                Ok(finish(clauses))
            }
            Node::Or(items) => {
                let mut clauses: Clauses = Vec::new();
                for item in items {
                    if let Some(q) = self.compile(item, highlight)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                Ok(match clauses.len() {
                    0 => None,
                    1 => clauses.pop().map(|(_, q)| q),
                    _ => Some(Box::new(BooleanQuery::new(clauses))),
                })
            }
        }
    }
}

/// A conjunction, made matchable when it has only negative clauses.
fn finish(mut clauses: Clauses) -> Option<Box<dyn Query>> {
    if clauses.is_empty() {
        return None;
    }
    if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    if clauses.len() == 1 {
        return clauses.pop().map(|(_, q)| q);
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}
