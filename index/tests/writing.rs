//! Writing: upsert replaces, delete removes, commits persist, one writer at a time.

mod common;

use common::{article, fixture_index};
use gazette_index::{ArchiveIndex, IndexError, QuoteRequest, SearchRequest};

#[test]
fn upsert_replaces_the_article_and_its_quotes() {
    let index = fixture_index();
    let before = index.count().unwrap();
    let mut replacement = article(
        "gaza-aid",
        "Convoys halted at the border",
        "Trucks waited at Rafah.",
    );
    replacement.quotes = vec![common::quote("Lena Park", "", "we are waiting at Rafah")];
    let mut writer = index.writer().unwrap();
    writer.upsert(&replacement).unwrap();
    writer.commit().unwrap();

    assert_eq!(index.count().unwrap(), before);
    assert_eq!(
        index.article("gaza-aid").unwrap().unwrap().title,
        "Convoys halted at the border"
    );
    assert_eq!(
        index
            .search(&SearchRequest::new("humanitarian"))
            .unwrap()
            .total,
        0
    );
    assert_eq!(index.search(&SearchRequest::new("rafah")).unwrap().total, 1);
    let quotes = index
        .quotes(&QuoteRequest {
            q: "passage".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(quotes.total, 0, "the old article's quotes must be gone");
}

#[test]
fn delete_removes_an_article() {
    let index = fixture_index();
    let mut writer = index.writer().unwrap();
    writer.delete("iran-sanctions");
    writer.commit().unwrap();
    assert!(index.article("iran-sanctions").unwrap().is_none());
    assert!(!index.ids().unwrap().contains(&"iran-sanctions".to_string()));
}

#[test]
fn uncommitted_writes_are_invisible_and_rollback_drops_them() {
    let index = fixture_index();
    let mut writer = index.writer().unwrap();
    writer
        .upsert(&article("draft", "Draft", "unpublished words"))
        .unwrap();
    assert!(index.article("draft").unwrap().is_none());
    writer.rollback().unwrap();
    writer.commit().unwrap();
    assert!(index.article("draft").unwrap().is_none());
}

#[test]
fn a_second_writer_is_refused_while_the_first_is_open() {
    let index = fixture_index();
    let first = index.writer().unwrap();
    let second = index.writer();
    assert!(matches!(second, Err(IndexError::WriterBusy)));
    drop(first);
    assert!(index.writer().is_ok());
}

#[test]
fn articles_and_labels_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = ArchiveIndex::open(dir.path()).unwrap();
        let mut writer = index.writer().unwrap();
        for a in common::fixture_articles() {
            writer.upsert(&a).unwrap();
        }
        writer.commit().unwrap();
    }
    let index = ArchiveIndex::open(dir.path()).unwrap();
    assert_eq!(index.count().unwrap(), 5);
    let results = index.search(&SearchRequest::new("")).unwrap();
    let az = results
        .facets
        .country
        .iter()
        .find(|v| v.value == "AZ")
        .unwrap();
    assert_eq!(az.label, "Azerbaijan");
    assert_eq!(az.count, 3);
}

#[test]
fn an_article_without_id_gets_one_from_its_url() {
    let index = ArchiveIndex::open_in_memory().unwrap();
    let mut a = article("", "Untitled", "body");
    a.url = Some("https://news.example/x".into());
    let mut writer = index.writer().unwrap();
    let id = writer.upsert(&a).unwrap();
    writer.commit().unwrap();
    assert_eq!(id, gazette_article::id_from_url("https://news.example/x"));
    assert_eq!(index.ids().unwrap(), vec![id]);

    let mut nameless = article("", "No URL", "body");
    nameless.url = None;
    assert!(writer.upsert(&nameless).unwrap_err().is_caller_error());
}

#[test]
fn an_index_with_another_schema_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("body", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
    match ArchiveIndex::open(dir.path()) {
        Err(err @ IndexError::SchemaMismatch { .. }) => {
            assert!(err.to_string().contains("gazette reindex"));
            assert!(!err.to_string().contains(&dir.path().display().to_string()));
        }
        other => panic!("expected a schema mismatch, got {other:?}"),
    }
}

#[test]
fn the_index_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let index = fixture_index();
    shareable(&index);
    let handle = {
        let index = index.clone();
        std::thread::spawn(move || index.search(&SearchRequest::new("gaza")).map(|r| r.total))
    };
    assert_eq!(handle.join().unwrap().unwrap(), 1);
}

#[test]
fn control_characters_in_names_do_not_split_facets() {
    let index = ArchiveIndex::open_in_memory().unwrap();
    let mut a = article("odd", "Odd names", "text about odd names");
    a.source = Some("Wire\u{0}/Desk".into());
    a.quotes = vec![common::quote("Ann\u{0}Lee", "", "odd names happen")];
    let mut writer = index.writer().unwrap();
    writer.upsert(&a).unwrap();
    writer.commit().unwrap();
    let results = index.search(&SearchRequest::new("odd")).unwrap();
    assert_eq!(results.facets.source.len(), 1);
    assert_eq!(results.facets.source[0].value, "Wire/Desk");
    assert_eq!(results.facets.expert[0].value, "AnnLee");
}

#[test]
fn commits_of_another_handle_appear_after_reload_or_when_followed() {
    let dir = tempfile::tempdir().unwrap();
    let manual = ArchiveIndex::open(dir.path()).unwrap();
    let options = gazette_index::IndexOptions {
        follow_commits: true,
        ..Default::default()
    };
    let following = ArchiveIndex::open_with(dir.path(), options).unwrap();
    let other_process = ArchiveIndex::open(dir.path()).unwrap();
    let mut writer = other_process.writer().unwrap();
    let mut a = article("late", "Late news", "Baku news");
    a.countries = vec![common::country("AZ", "Azerbaijan")];
    writer.upsert(&a).unwrap();
    writer.commit().unwrap();

    assert_eq!(
        manual.count().unwrap(),
        0,
        "a manual handle keeps its snapshot"
    );
    manual.reload().unwrap();
    assert_eq!(manual.count().unwrap(), 1);
    assert_eq!(manual.labels().country_label("AZ"), "Azerbaijan");

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while following.count().unwrap() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(following.count().unwrap(), 1);
    assert_eq!(following.labels().country_label("AZ"), "Azerbaijan");
}
