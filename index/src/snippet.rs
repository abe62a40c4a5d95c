//! Snippets: the best passage of the text with the query's words in `<mark>`.
//!
//! [`Snippeter`] finds the passage and the ranges to highlight as tantivy's
//! snippet generator does, only cheaper. The HTML is made here: the text is
//! escaped (so `<script>` in an article shows as text) and the only markup added
//! is `<mark>…</mark>`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::{Field, FieldType};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use crate::IndexError;
use crate::schema::{ENGLISH, english_analyzer};
use crate::stemmer::InitialsStemmer;

/// Longest snippet, in characters of source text.
pub const SNIPPET_CHARS: usize = 220;

/// The query's terms on `field` that occur in the index, weighted as tantivy's
/// `SnippetGenerator::create` weighs them (rarer terms make better passages).
fn term_weights(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
) -> Result<BTreeMap<String, Score>, IndexError> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weights = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            weights.insert(text.to_owned(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    Ok(weights)
}

/// Escapes the five HTML-special characters.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// `text` escaped, with each byte range in `marks` wrapped in `<mark>`.
/// Ranges that are out of bounds, overlapping or not on character boundaries are skipped.
pub fn mark(text: &str, marks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for range in marks {
        let (Some(before), Some(inside)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if range.start < at {
            continue;
        }
        out.push_str(&escape_html(before));
        out.push_str("<mark>");
        out.push_str(&escape_html(inside));
        out.push_str("</mark>");
        at = range.end;
    }
    out.push_str(&escape_html(text.get(at..).unwrap_or("")));
    out
}

/// The opening of a text cut at a word boundary, escaped (the snippet of an empty query).
pub fn lead(text: &str, max_chars: usize) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() <= max_chars {
        return escape_html(trimmed);
    }
    let cut: String = trimmed.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > max_chars / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{} …", escape_html(cut.trim_end()))
}

/// Makes snippets of one field for one query.
///
/// The passage search is tantivy's (`tantivy::snippet`): the text is cut into
/// windows of at most `max_chars` as its tokens come, each window scores the
/// weights of the query terms it holds, and the first best window wins. It is done
/// here so that the analyzer can skip work ([`InitialsStemmer`]) and a token costs
/// no allocation or ordered-map look-up: a search shows twenty texts and reads each
/// in full.
pub struct Snippeter {
    /// The query's terms with their weights (a handful: a linear scan is fastest).
    terms: Vec<(String, Score)>,
    analyzer: TextAnalyzer,
    max_chars: usize,
}

/// A window of the text with the byte ranges of its matching tokens.
struct Passage {
    range: Range<usize>,
    score: Score,
    marks: Vec<Range<usize>>,
}

impl Passage {
    fn starting_at(start: usize) -> Self {
        Passage {
            range: start..start,
            score: 0.0,
            marks: Vec::new(),
        }
    }
}

impl Snippeter {
    /// Snippets of `field` for the terms of `query`. The text is analysed as the field
    /// is; on English fields only tokens that may match a term are stemmed.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> Result<Self, IndexError> {
        let terms = term_weights(searcher, query, field)?;
        let english = match searcher.schema().get_field_entry(field).field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .is_some_and(|indexing| indexing.tokenizer() == ENGLISH),
            _ => false,
        };
        let analyzer = if english {
            english_analyzer(InitialsStemmer::for_terms(terms.keys().map(String::as_str)))
        } else {
            searcher.index().tokenizer_for_field(field)?
        };
        Ok(Snippeter {
            terms: terms.into_iter().collect(),
            analyzer,
            max_chars,
        })
    }

    /// The best passage with marks, or the lead when no query word occurs in the text.
    pub fn snippet(&self, text: &str) -> String {
        let Some(passage) = self.best_passage(text) else {
            return lead(text, SNIPPET_CHARS);
        };
        let fragment = text.get(passage.range.clone()).unwrap_or("");
        let start = passage.range.start;
        let marks: Vec<Range<usize>> = passage
            .marks
            .iter()
            .map(|m| m.start - start..m.end - start)
            .collect();
        let mut html = mark(fragment, &marks);
        if start > 0 {
            html.insert_str(0, "… ");
        }
        if passage.range.end < text.len() {
            html.push_str(" …");
        }
        html
    }

    /// The whole text with marks (for short texts such as quotes; build the
    /// snippeter with a `max_chars` above the text length).
    pub fn highlight_all(&self, text: &str) -> String {
        let marks = self.best_passage(text).map(|p| p.marks).unwrap_or_default();
        mark(text, &marks)
    }

    /// The first window with the highest score, if any window holds a query term.
    fn best_passage(&self, text: &str) -> Option<Passage> {
        let mut analyzer = self.analyzer.clone();
        let mut tokens = analyzer.token_stream(text);
        let mut best: Option<Passage> = None;
        let mut current = Passage::starting_at(0);
        let mut keep = |passage: Passage| {
            if passage.score > best.as_ref().map_or(0.0, |b| b.score) {
                best = Some(passage);
            }
        };
        while let Some(token) = tokens.next() {
            if token.offset_to - current.range.start > self.max_chars {
                keep(std::mem::replace(
                    &mut current,
                    Passage::starting_at(token.offset_from),
                ));
            }
            current.range.end = token.offset_to;
            if let Some(weight) = self.weight(&token.text) {
                current.score += weight;
                current.marks.push(token.offset_from..token.offset_to);
            }
        }
        keep(current);
        best
    }

    fn weight(&self, token: &str) -> Option<Score> {
        if token.is_empty() {
            return None;
        }
        self.terms
            .iter()
            .find(|(term, _)| term == token)
            .map(|(_, weight)| *weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped_and_marks_are_added() {
        let text = "<script>alert(1)</script> Iran & Israel";
        let start = text.find("Iran").unwrap();
        let marks: Vec<Range<usize>> = std::iter::once(start..start + 4).collect();
        let html = mark(text, &marks);
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Iran</mark> &amp; Israel"
        );
    }

    #[test]
    fn bad_ranges_are_skipped_without_panicking() {
        let text = "Ålesund";
        assert_eq!(mark(text, &[1..2, 50..60]), "Ålesund");
    }

    #[test]
    fn lead_cuts_at_a_word() {
        assert_eq!(lead("one two three four", 9), "one two …");
        assert_eq!(lead("short", 9), "short");
    }

    /// Snippets through [`InitialsStemmer`] equal those of tantivy's own generator with
    /// the field's full analyzer, on every text and query tried.
    #[test]
    fn snippets_match_tantivys_generator() {
        use crate::schema::{build_schema, register_tokenizers};
        use tantivy::query::QueryParser;
        use tantivy::snippet::SnippetGenerator;
        use tantivy::{Index, TantivyDocument};

        let corpus = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/corpus/bbc.jsonl"
        );
        let mut texts: Vec<String> = std::fs::read_to_string(corpus)
            .unwrap_or_else(|_| {
                eprintln!("SKIP (corpus part): {corpus} is absent; crafted texts only");
                String::new()
            })
            .lines()
            .take(300)
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
            .collect();
        texts.push(
            "The skies cleared. Ministers were negotiating; negotiations on the yearly \
             budget dragged on, and generously funded hopes were dying."
                .to_owned(),
        );
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in &texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.text, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = QueryParser::for_index(&index, vec![fields.text]);
        let queries = [
            "negotiating",
            "sky",
            "yearly budget",
            "\"profits rose\"",
            "government tax plans",
            "economy growth",
            "election",
            "Yukos oil",
            "music awards",
            "dying generously",
        ];
        let mut compared = 0;
        for query in queries {
            let query = parser.parse_query(query).unwrap();
            let ours = Snippeter::new(&searcher, &*query, fields.text, SNIPPET_CHARS).unwrap();
            let mut theirs = SnippetGenerator::create(&searcher, &*query, fields.text).unwrap();
            theirs.set_max_num_chars(SNIPPET_CHARS);
            for text in &texts {
                let (a, b) = (ours.best_passage(text), theirs.snippet(text));
                let range = a.as_ref().map_or(0..0, |p| p.range.clone());
                let marks: Vec<Range<usize>> = a.map_or_else(Vec::new, |p| {
                    p.marks
                        .iter()
                        .map(|m| m.start - p.range.start..m.end - p.range.start)
                        .collect()
                });
                assert_eq!(range, b.fragment_range(), "{query:?}");
                assert_eq!(marks, b.highlighted(), "{query:?}");
                compared += usize::from(!b.highlighted().is_empty());
            }
        }
        assert!(compared > 0, "no snippet had a highlighted term");
    }
}
