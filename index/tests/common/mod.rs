//! Hand-written fixture articles shared by the integration tests.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use gazette_article::{Article, CountryTag, Quote, TopicTag};
use gazette_index::ArchiveIndex;

pub const POLITICS: &str = "medtop:11000000";
pub const INTERNATIONAL_RELATIONS: &str = "medtop:20000638";
pub const CONFLICT: &str = "medtop:16000000";
pub const PEACE_PROCESS: &str = "medtop:20000073";
pub const ECONOMY: &str = "medtop:04000000";

pub fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("valid date")
}

pub fn country(code: &str, name: &str) -> CountryTag {
    CountryTag {
        code: code.into(),
        name: name.into(),
        mentions: 1,
    }
}

pub fn topic(code: &str, label: &str) -> TopicTag {
    TopicTag {
        code: code.into(),
        label: label.into(),
        evidence: Vec::new(),
        score: None,
    }
}

pub fn quote(speaker: &str, affiliation: &str, text: &str) -> Quote {
    Quote {
        speaker: speaker.into(),
        affiliation: affiliation.into(),
        text: text.into(),
    }
}

pub fn article(id: &str, title: &str, text: &str) -> Article {
    let mut a = Article::new(title, text);
    a.id = id.into();
    a.url = Some(format!("https://news.example/{id}"));
    a
}

/// Five articles across countries, topics, sources and dates; one undated.
pub fn fixture_articles() -> Vec<Article> {
    let mut az = article(
        "az-israel",
        "Azerbaijan and Israel deepen energy ties",
        "Baku and Jerusalem signed a gas agreement on Tuesday. Azerbaijan supplies much of Israel's oil, \
         and the new deal extends cooperation on energy security.\n\nZeev Khanin said the partnership \
         would survive regional tension.",
    );
    az.published = Some(day(2024, 3, 5));
    az.source = Some("Policy Wire".into());
    az.countries = vec![country("AZ", "Azerbaijan"), country("IL", "Israel")];
    az.topics = vec![
        topic(POLITICS, "politics and government"),
        topic(INTERNATIONAL_RELATIONS, "international relations"),
    ];
    az.quotes = vec![
        quote(
            "Zeev Khanin",
            "Bar-Ilan University",
            "the partnership would survive regional tension",
        ),
        quote("Khanin", "", "Baku never froze cooperation"),
        quote(
            "Joseph Epstein",
            "Turan Research Center",
            "energy ties strengthen Israel against Iran",
        ),
    ];

    let mut iran = article(
        "iran-sanctions",
        "New sanctions target Iran's oil exports",
        "Washington announced sanctions on Iranian oil shippers. Officials in Tehran called the measures \
         economic warfare, while traders expect exports to Asia to continue.",
    );
    iran.published = Some(day(2024, 3, 20));
    iran.source = Some("Global Desk".into());
    iran.countries = vec![country("IR", "Iran"), country("US", "United States")];
    iran.topics = vec![
        topic(POLITICS, "politics and government"),
        topic(ECONOMY, "economy, business and finance"),
    ];
    iran.quotes = vec![quote(
        "Joseph Epstein",
        "Turan Research Center",
        "sanctions on Iran will not stop oil exports",
    )];

    let mut gaza = article(
        "gaza-aid",
        "Aid convoys reach northern Gaza",
        "Humanitarian convoys crossed into Gaza after days of talks. Israel said more crossings would open, \
         and the peace process remains stalled.",
    );
    gaza.published = Some(day(2024, 4, 2));
    gaza.source = Some("Policy Wire".into());
    gaza.countries = vec![country("PS", "Palestine"), country("IL", "Israel")];
    gaza.topics = vec![
        topic(CONFLICT, "conflict, war and peace"),
        topic(PEACE_PROCESS, "peace process"),
    ];
    gaza.quotes = vec![quote(
        "Anna Smith",
        "UN relief coordinator",
        "convoys need safe passage into Gaza",
    )];

    let mut note = article(
        "undated-note",
        "Editor's note on Azerbaijan coverage",
        "<script>alert(1)</script> Our Azerbaijan coverage continues & expands.",
    );
    note.source = Some("Policy Wire".into());
    note.countries = vec![country("AZ", "Azerbaijan")];

    let mut armenia = article(
        "armenia-talks",
        "Armenia and Azerbaijan resume peace talks",
        "Negotiators from Yerevan and Baku met in Geneva to resume peace talks over the border. \
         Both sides called the meeting constructive.",
    );
    armenia.published = Some(day(2023, 12, 30));
    armenia.source = Some("Global Desk".into());
    armenia.countries = vec![country("AM", "Armenia"), country("AZ", "Azerbaijan")];
    armenia.topics = vec![
        topic(POLITICS, "politics and government"),
        topic(INTERNATIONAL_RELATIONS, "international relations"),
        topic(CONFLICT, "conflict, war and peace"),
        topic(PEACE_PROCESS, "peace process"),
    ];

    vec![az, iran, gaza, note, armenia]
}

/// An in-memory index holding the fixture articles, committed.
pub fn fixture_index() -> ArchiveIndex {
    let index = ArchiveIndex::open_in_memory().expect("open");
    let mut writer = index.writer().expect("writer");
    for a in fixture_articles() {
        writer.upsert(&a).expect("upsert");
    }
    writer.commit().expect("commit");
    index
}

pub fn ids(hits: &[gazette_index::Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}
