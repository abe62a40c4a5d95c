//! The seed article of the project (title on the first line, then the body): the tags the
//! annotation guideline's worked example gives it.

use gazette_enrich::Enricher;

const SEED: &str = include_str!("fixtures/seed_article.txt");

fn seed() -> (&'static str, &'static str) {
    SEED.split_once("\n\n").unwrap_or(("", SEED))
}

#[test]
fn seed_countries() {
    let (title, text) = seed();
    let tags = Enricher::new().enrich(title, text);
    let mut codes: Vec<&str> = tags.countries.iter().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["AZ", "IL", "IR", "PS", "US"]);
    let azerbaijan = tags.countries.iter().find(|c| c.code == "AZ");
    assert!(
        azerbaijan.is_some_and(|c| c.mentions >= 10 && c.name == "Azerbaijan"),
        "{azerbaijan:?}"
    );
}

#[test]
fn seed_topics_are_politics_and_conflict() {
    let (title, text) = seed();
    let enricher = Enricher::new();
    let tags = enricher.enrich(title, text);
    let top: Vec<&str> = tags
        .topics
        .iter()
        .map(|t| t.code.as_str())
        .filter(|c| enricher.taxonomy().parent(c).is_none())
        .collect();
    assert!(top.contains(&"medtop:11000000"), "{top:?}");
    assert!(top.contains(&"medtop:16000000"), "{top:?}");
    assert!(top.len() <= 3);
}

#[test]
fn seed_experts_and_affiliations() {
    let (title, text) = seed();
    let tags = Enricher::new().enrich(title, text);
    let mut experts: Vec<(&str, &str)> = Vec::new();
    for q in &tags.quotes {
        if !experts.iter().any(|(s, _)| *s == q.speaker) {
            experts.push((q.speaker.as_str(), q.affiliation.as_str()));
        }
    }
    assert_eq!(
        experts,
        [
            (
                "Joseph Epstein",
                "director of the Turan Research Center in Washington"
            ),
            (
                "Zeev Khanin",
                "Professor; Bar-Ilan University's Begin-Sadat Center"
            ),
        ]
    );
    let epstein = tags.quotes.iter().find(|q| q.speaker == "Joseph Epstein");
    assert!(
        epstein.is_some_and(|q| q.text.starts_with("would strengthen Israel")),
        "{epstein:?}"
    );
    assert!(
        tags.quotes
            .iter()
            .all(|q| !q.speaker.to_lowercase().contains("analyst"))
    );
}
