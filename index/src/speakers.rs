//! One name per person within an article.
//!
//! Articles name a speaker in full once and by surname afterwards ("Zeev Khanin
//! said …", "Khanin added …"). Within one article, a speaker name whose words are
//! the trailing words of exactly one longer speaker name is that person, and takes
//! the longer name. Names that differ only in case or spacing are one name too.
//! Merging is never done across articles: two articles' "Smith" may be different
//! people.

use gazette_article::Article;

/// The canonical speaker of each of the article's quotes, in quote order.
pub fn canonical_speakers(article: &Article) -> Vec<String> {
    let names: Vec<String> = article.quotes.iter().map(|q| tidy(&q.speaker)).collect();
    names
        .iter()
        .map(|name| {
            let words: Vec<&str> = name.split(' ').collect();
            let mut longer = names.iter().filter(|other| {
                let other_words: Vec<&str> = other.split(' ').collect();
                other_words.len() > words.len()
                    && other_words[other_words.len() - words.len()..]
                        .iter()
                        .zip(&words)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            });
            let first = longer.next();
            let unique = first.is_some() && longer.all(|other| Some(other) == first);
            match first {
                Some(full) if unique => full.clone(),
                _ => names
                    .iter()
                    .find(|other| other.eq_ignore_ascii_case(name))
                    .cloned()
                    .unwrap_or_else(|| name.clone()),
            }
        })
        .collect()
}

/// The distinct canonical speakers of an article, in order of first quote.
pub fn distinct_speakers(article: &Article) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for name in canonical_speakers(article) {
        if !name.is_empty() && !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen
}

fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_article::Quote;

    fn article(speakers: &[&str]) -> Article {
        let mut a = Article::new("t", "x");
        for s in speakers {
            a.quotes.push(Quote {
                speaker: (*s).into(),
                affiliation: String::new(),
                text: "q".into(),
            });
        }
        a
    }

    #[test]
    fn surname_joins_the_full_name() {
        let a = article(&["Zeev Khanin", "Khanin", "Joseph Epstein"]);
        assert_eq!(
            canonical_speakers(&a),
            ["Zeev Khanin", "Zeev Khanin", "Joseph Epstein"]
        );
        assert_eq!(distinct_speakers(&a), ["Zeev Khanin", "Joseph Epstein"]);
    }

    #[test]
    fn an_ambiguous_surname_stays_as_it_is() {
        let a = article(&["Anna Smith", "John Smith", "Smith"]);
        assert_eq!(canonical_speakers(&a)[2], "Smith");
    }

    #[test]
    fn case_and_spacing_variants_are_one_name() {
        let a = article(&["Zeev  Khanin", "zeev khanin"]);
        assert_eq!(distinct_speakers(&a), ["Zeev Khanin"]);
    }
}
