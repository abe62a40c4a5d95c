//! `SyntheticArchive`: N plausible news articles built from a real corpus's paragraphs.
//!
//! Scale tests need millions of articles; the corpus has a few thousand. Each synthetic
//! article takes a corpus headline and a run of 4–12 paragraphs, mostly consecutive ones
//! from that same corpus article with a few from other articles of its section, so it
//! reads as one story and the tagger finds the countries, topics and speakers a real
//! story would have. Dates cover ten years with volume growing over time and quieter
//! weekends; sources follow Zipf's law. Everything is drawn from [`BenchRng`] streams,
//! so the same seed gives the same archive, byte for byte.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use gazette_article::Article;
use gazette_enrich::Enricher;

use crate::corpus::Corpus;
use crate::outlets::{self, FIRST_NAMES, OUTLETS, SURNAMES, TITLE_PREFIXES};
use crate::rng::{BenchRng, Purpose, Weighted};
use crate::workload::TaggedArticle;

/// The archive spans 2016-01-01 up to (not including) 2026-01-01, fixed so that the
/// archive does not depend on the day the bench runs.
const FIRST_DAY: (i32, u32, u32) = (2016, 1, 1);
const DAYS: i64 = 3653;
/// Publication volume at the end of the span relative to the start is `1 + GROWTH`.
const GROWTH: f64 = 2.0;
/// A weekend day keeps this share of a weekday's volume.
const WEEKEND_SHARE: f64 = 0.35;
/// Chance that the next paragraph continues the seed article rather than coming from
/// another article of the same section.
const CONTINUE_STORY: f64 = 0.8;

/// A deterministic generator of `len` articles; [`SyntheticArchive::article`] builds any
/// one of them independently, so they can be generated in parallel.
///
/// ```ignore
/// let archive = SyntheticArchive::new(&corpus, 1000, 42);
/// assert_eq!(archive.article(7).title, SyntheticArchive::new(&corpus, 1000, 42).article(7).title);
/// ```
pub struct SyntheticArchive<'a> {
    corpus: &'a Corpus,
    seed: u64,
    /// Publication times in ascending order: article `i` gets `dates[i]`, so the archive
    /// is chronological, as an archive grown by crawling is.
    dates: Vec<DateTime<Utc>>,
    outlets: Weighted,
}

impl<'a> SyntheticArchive<'a> {
    pub fn new(corpus: &'a Corpus, len: usize, seed: u64) -> Self {
        let mut rng = BenchRng::new(seed, Purpose::Dates, 0);
        let mut dates: Vec<DateTime<Utc>> = (0..len).map(|_| publication_time(&mut rng)).collect();
        dates.sort_unstable();
        SyntheticArchive {
            corpus,
            seed,
            dates,
            outlets: Weighted::zipf(OUTLETS.len(), 1.0),
        }
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Article `index` without tags (the tag lists are empty; see [`tag`]).
    pub fn article(&self, index: usize) -> TaggedArticle {
        let mut rng = BenchRng::new(self.seed, Purpose::Article, index as u64);
        let articles = &self.corpus.articles;
        let seed_index = rng.below(articles.len());
        let seed_article = &articles[seed_index];
        let section = seed_article.section.clone();
        let neighbours = self.corpus.section_articles(&section);

        let title = if rng.chance(0.2) {
            let prefix = rng.pick(&TITLE_PREFIXES).copied().unwrap_or_default();
            format!("{prefix}{}", seed_article.title)
        } else {
            seed_article.title.clone()
        };

        let wanted = rng.between(4, 12);
        let mut next = rng.below(seed_article.paragraphs.len());
        let mut paragraphs: Vec<&str> = Vec::with_capacity(wanted);
        while paragraphs.len() < wanted {
            let continue_story = next < seed_article.paragraphs.len() && rng.chance(CONTINUE_STORY);
            let paragraph = if continue_story {
                next += 1;
                seed_article.paragraphs.get(next - 1)
            } else {
                let other = neighbours.get(rng.below(neighbours.len())).copied();
                other
                    .and_then(|i| articles.get(i))
                    .and_then(|a| a.paragraphs.get(rng.below(a.paragraphs.len())))
            };
            if let Some(paragraph) = paragraph {
                paragraphs.push(paragraph);
            }
        }

        let source = OUTLETS[self.outlets.sample(&mut rng).unwrap_or(0)];
        let bylines = match rng.unit() {
            u if u < 0.3 => 0,
            u if u < 0.85 => 1,
            _ => 2,
        };
        let mut byline: Vec<String> = Vec::with_capacity(bylines);
        while byline.len() < bylines {
            let name = format!(
                "{} {}",
                FIRST_NAMES[rng.below(FIRST_NAMES.len())],
                SURNAMES[rng.below(SURNAMES.len())]
            );
            if !byline.contains(&name) {
                byline.push(name);
            }
        }

        let published = self.dates[index];
        let id = format!("syn{}-{index:08}", self.seed);
        let url = format!(
            "https://{}/{section}/{}/{}-{index}",
            outlets::domain(source),
            published.format("%Y/%m/%d"),
            outlets::slug(&title)
        );
        TaggedArticle {
            id,
            url,
            title,
            text: paragraphs.join("\n\n"),
            published,
            source: source.to_string(),
            byline,
            section,
            countries: Vec::new(),
            topics: Vec::new(),
            experts: Vec::new(),
        }
    }
}

/// Fills the tag lists exactly as gazette's import would: enrichment over title and
/// text, the byline's authors removed from the speakers, topics with their ancestors,
/// speakers merged to one name per person as the index does.
pub fn tag(enricher: &Enricher, article: &mut TaggedArticle) {
    let tags = enricher
        .enrich(&article.title, &article.text)
        .without_authors(&article.byline);
    article.countries = tags.countries.iter().map(|c| c.code.clone()).collect();
    article.topics = Vec::with_capacity(tags.topics.len());
    for topic in &tags.topics {
        if !article.topics.contains(&topic.code) {
            article.topics.push(topic.code.clone());
        }
    }
    let mut speaking = Article::new(String::new(), String::new());
    speaking.quotes = tags.quotes;
    article.experts = gazette_index::distinct_speakers(&speaking);
}

/// A publication time: the day from a linearly growing density with quieter weekends,
/// the hour mostly within the working day.
fn publication_time(rng: &mut BenchRng) -> DateTime<Utc> {
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    loop {
        // Inverse CDF of the density 1 + GROWTH * t on [0, 1).
        let u = rng.unit();
        let t = ((1.0 + 2.0 * GROWTH * u * (1.0 + GROWTH / 2.0)).sqrt() - 1.0) / GROWTH;
        let day = ((t * DAYS as f64) as i64).clamp(0, DAYS - 1);
        let date = first + Duration::days(day);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend && !rng.chance(WEEKEND_SHARE) {
            continue;
        }
        let hour = if rng.chance(0.85) {
            rng.between(5, 19)
        } else {
            rng.below(24)
        };
        let seconds = hour * 3600 + rng.below(3600);
        return date + Duration::seconds(seconds as i64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::CorpusArticle;

    pub(crate) fn tiny_corpus() -> Corpus {
        let article = |title: &str, section: &str, paragraphs: &[&str]| CorpusArticle {
            title: title.into(),
            section: section.into(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        };
        Corpus::from_articles(
            vec![
                article(
                    "Trade talks resume in Brussels",
                    "business",
                    &[
                        "Ministers from France and Germany met in Brussels on Monday.",
                        "\"We expect a deal soon,\" said Maria Keller, an economist at the Kiel Institute.",
                        "Exports to China rose by 4% last year.",
                    ],
                ),
                article(
                    "Cup final ends in a draw",
                    "sport",
                    &[
                        "The final in Madrid ended 1-1.",
                        "Fans travelled from Italy.",
                    ],
                ),
                article(
                    "Budget vote delayed",
                    "business",
                    &[
                        "Parliament delayed the budget vote.",
                        "Markets in Japan fell.",
                    ],
                ),
            ],
            0,
        )
        .unwrap()
    }

    #[test]
    fn same_seed_same_articles_other_seed_other_articles() {
        let corpus = tiny_corpus();
        let render = |seed| {
            let archive = SyntheticArchive::new(&corpus, 50, seed);
            (0..50)
                .map(|i| serde_json::to_string(&archive.article(i)).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(render(7), render(7));
        assert_ne!(render(7), render(8));
    }

    #[test]
    fn articles_have_the_promised_shape() {
        let corpus = tiny_corpus();
        let archive = SyntheticArchive::new(&corpus, 400, 1);
        let mut ids = std::collections::HashSet::new();
        let mut previous = None;
        for i in 0..archive.len() {
            let article = archive.article(i);
            let paragraphs = article.text.split("\n\n").count();
            assert!((4..=12).contains(&paragraphs), "{paragraphs} paragraphs");
            assert!(article.byline.len() <= 2);
            assert!(OUTLETS.contains(&article.source.as_str()));
            assert!(article.published.year() >= 2016 && article.published.year() <= 2025);
            assert!(previous <= Some(article.published), "chronological");
            previous = Some(article.published);
            assert!(ids.insert(article.id.clone()), "ids are unique");
            assert!(article.url.starts_with("https://www."));
        }
    }

    #[test]
    fn volume_grows_and_weekends_are_quieter() {
        let mut rng = BenchRng::new(5, Purpose::Dates, 0);
        let dates: Vec<_> = (0..20_000).map(|_| publication_time(&mut rng)).collect();
        let early = dates.iter().filter(|d| d.year() == 2016).count();
        let late = dates.iter().filter(|d| d.year() == 2025).count();
        assert!(late > 2 * early, "2016: {early}, 2025: {late}");
        let weekend = dates
            .iter()
            .filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .count();
        // Without the weekend dip a weekend would hold 2/7 of the articles.
        assert!(weekend * 7 < dates.len(), "{weekend} of {}", dates.len());
    }

    #[test]
    fn tagging_fills_countries_topics_and_experts() {
        let mut article = SyntheticArchive::new(&tiny_corpus(), 1, 0).article(0);
        article.title = "Trade talks resume in Brussels".into();
        article.text = "Ministers from France and Germany met in Brussels.\n\n\"We expect a deal on \
                        tariffs and trade soon,\" said Maria Keller, an economist at the Kiel Institute."
            .into();
        tag(&Enricher::new(), &mut article);
        assert!(
            article.countries.contains(&"FR".to_string()),
            "{:?}",
            article.countries
        );
        assert_eq!(article.experts, vec!["Maria Keller".to_string()]);
        assert!(!article.topics.is_empty());
    }
}
