//! The paragraph pool the synthetic archive is built from: a JSONL corpus in gazette's
//! import shape (by default the BBC corpus in `../shared/data/corpus/bbc.jsonl`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// One corpus article, split into paragraphs.
#[derive(Debug, Clone)]
pub struct CorpusArticle {
    pub title: String,
    pub section: String,
    pub paragraphs: Vec<String>,
}

/// Every usable corpus article, with the articles of each section listed together so a
/// synthetic article can stay on one subject.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub articles: Vec<CorpusArticle>,
    /// Section name to the indices of its articles (a `BTreeMap` so iteration order is stable).
    sections: BTreeMap<String, Vec<usize>>,
    /// Size of the corpus file, recorded in the cache so a changed corpus is noticed.
    pub file_bytes: u64,
}

#[derive(Deserialize)]
struct CorpusLine {
    title: String,
    text: String,
    #[serde(default)]
    section: Option<String>,
}

impl Corpus {
    /// Reads the corpus; lines that are not articles are skipped (the corpus is input),
    /// but a corpus with no usable article is an error.
    pub fn load(path: &Path) -> anyhow::Result<Corpus> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot open the corpus {}", path.display()))?;
        let file_bytes = file.metadata()?.len();
        let mut articles = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let Ok(record) = serde_json::from_str::<CorpusLine>(&line) else {
                continue;
            };
            let paragraphs = split_paragraphs(&record.text);
            let title = record.title.trim().to_string();
            if title.is_empty() || paragraphs.is_empty() {
                continue;
            }
            let section = record
                .section
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "news".to_string());
            articles.push(CorpusArticle {
                title,
                section,
                paragraphs,
            });
        }
        Corpus::from_articles(articles, file_bytes)
            .with_context(|| format!("{} holds no article with a title and text", path.display()))
    }

    /// Builds the section lists; articles without paragraphs are dropped, and a corpus
    /// left empty is an error, so every article has a paragraph and every section an article.
    pub fn from_articles(
        mut articles: Vec<CorpusArticle>,
        file_bytes: u64,
    ) -> anyhow::Result<Corpus> {
        articles.retain(|a| !a.paragraphs.is_empty());
        anyhow::ensure!(!articles.is_empty(), "the corpus is empty");
        let mut sections: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, article) in articles.iter().enumerate() {
            sections
                .entry(article.section.clone())
                .or_default()
                .push(index);
        }
        Ok(Corpus {
            articles,
            sections,
            file_bytes,
        })
    }

    /// The indices of the articles of `section` (never empty for a section of the corpus).
    pub fn section_articles(&self, section: &str) -> &[usize] {
        self.sections.get(section).map_or(&[], Vec::as_slice)
    }
}

/// Paragraphs are separated by blank lines; each is trimmed and inner line breaks kept.
fn split_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            split_paragraphs("One.\n\n\n Two\nlines. \r\n\r\nThree."),
            vec!["One.", "Two\nlines.", "Three."]
        );
        assert!(split_paragraphs(" \n\n ").is_empty());
    }

    #[test]
    fn load_skips_bad_lines_and_groups_sections() {
        let dir = std::env::temp_dir().join(format!("gazette-bench-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.jsonl");
        std::fs::write(
            &path,
            "{\"title\":\"A\",\"text\":\"p1\\n\\np2\",\"section\":\"Tech\"}\nnot json\n\
             {\"title\":\"\",\"text\":\"x\"}\n{\"title\":\"B\",\"text\":\"q\"}\n",
        )
        .unwrap();
        let corpus = Corpus::load(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(corpus.articles.len(), 2);
        assert_eq!(corpus.articles[0].paragraphs, vec!["p1", "p2"]);
        assert_eq!(corpus.section_articles("tech"), &[0]);
        assert_eq!(corpus.section_articles("news"), &[1]);
        assert!(corpus.section_articles("sport").is_empty());
        assert!(Corpus::from_articles(Vec::new(), 0).is_err());
    }
}
