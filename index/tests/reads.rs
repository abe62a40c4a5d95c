//! Timelines, quotes, the experts directory, facet browsing, similar articles, export.

mod common;

use common::{article, day, fixture_index, ids};
use gazette_index::{
    EXPORT_BATCH, ExpertRequest, FacetField, IndexError, Interval, QuoteRequest, SearchRequest,
};

#[test]
fn timeline_counts_calendar_months_with_totals_and_gaps() {
    let index = fixture_index();
    let timeline = index
        .timeline(&SearchRequest::new("azerbaijan"), Interval::Month)
        .unwrap();
    let keys: Vec<&str> = timeline.buckets.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["2023-12", "2024-01", "2024-02", "2024-03"]);
    let march = &timeline.buckets[3];
    assert_eq!(
        (march.count, march.total),
        (1, 2),
        "one match of two March articles"
    );
    assert_eq!(timeline.buckets[1].count, 0);
    assert_eq!(timeline.undated, 1);
    let years = index
        .timeline(&SearchRequest::new(""), Interval::Year)
        .unwrap();
    assert_eq!(
        years.buckets.iter().map(|b| b.count).collect::<Vec<_>>(),
        [1, 3]
    );
}

/// Facet ids, dense dates and the all-article day counts are cached per segment and
/// per searcher generation: a commit must show in all three at once.
#[test]
fn cached_counts_and_dates_follow_a_commit() {
    let index = fixture_index();
    let year_total = |index: &gazette_index::ArchiveIndex| {
        let years = index
            .timeline(&SearchRequest::new("azerbaijan"), Interval::Year)
            .unwrap();
        years.buckets.iter().map(|b| b.total).sum::<u64>()
    };
    let totals_before = year_total(&index);
    let mut late = article("late-wire", "Late wire", "Azerbaijan budget talks resumed.");
    late.published = Some(day(2024, 5, 1));
    late.source = Some("Late Wire Service".into());
    let mut writer = index.writer().unwrap();
    writer.upsert(&late).unwrap();
    writer.commit().unwrap();
    drop(writer);

    assert_eq!(year_total(&index), totals_before + 1);
    let mut newest = SearchRequest::new("azerbaijan");
    newest.sort = gazette_index::SortOrder::Newest;
    let results = index.search(&newest).unwrap();
    assert_eq!(ids(&results.hits).first(), Some(&"late-wire"));
    let late_source = results
        .facets
        .source
        .iter()
        .find(|v| v.value == "Late Wire Service")
        .map(|v| v.count);
    assert_eq!(late_source, Some(1));
}

#[test]
fn quotes_are_records_filtered_by_expert() {
    let index = fixture_index();
    let mut req = QuoteRequest {
        q: "iran".into(),
        ..Default::default()
    };
    req.filters.experts = vec!["joseph epstein".into()];
    let results = index.quotes(&req).unwrap();
    assert_eq!(results.total, 2);
    assert!(results.quotes.iter().all(|q| q.speaker == "Joseph Epstein"));
    assert!(
        results.quotes.iter().any(
            |q| q.article_id == "iran-sanctions" && q.highlighted.contains("<mark>Iran</mark>")
        )
    );

    let everything = index.quotes(&QuoteRequest::default()).unwrap();
    assert_eq!(everything.total, 5);
    assert_eq!(
        everything.quotes[0].article_id, "gaza-aid",
        "newest first without q"
    );
    let khanin = everything
        .quotes
        .iter()
        .filter(|q| q.speaker == "Zeev Khanin")
        .count();
    assert_eq!(khanin, 2, "the surname-only quote carries the full name");
}

#[test]
fn experts_directory_merges_variants_and_counts() {
    let index = fixture_index();
    let directory = index.experts(&ExpertRequest::default()).unwrap();
    assert_eq!(directory.total, 3);
    let epstein = &directory.experts[0];
    assert_eq!(epstein.name, "Joseph Epstein");
    assert_eq!((epstein.articles, epstein.quotes), (2, 2));
    assert_eq!(epstein.affiliations, ["Turan Research Center"]);
    assert_eq!(epstein.first_seen, Some(common::day(2024, 3, 5)));
    assert_eq!(epstein.last_seen, Some(common::day(2024, 3, 20)));
    assert_eq!(epstein.topics[0].value, common::POLITICS);
    let khanin = directory
        .experts
        .iter()
        .find(|e| e.name == "Zeev Khanin")
        .unwrap();
    assert_eq!(khanin.variants, ["Khanin"]);
    assert_eq!(khanin.quotes, 2);

    let mut by_country = ExpertRequest::default();
    by_country.filters.countries = vec!["PS".into()];
    let names: Vec<String> = index
        .experts(&by_country)
        .unwrap()
        .experts
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["Anna Smith"]);
    let by_q = index
        .experts(&ExpertRequest {
            q: "bar-ilan".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_q.experts.len(), 1);
    assert_eq!(by_q.experts[0].name, "Zeev Khanin");
}

#[test]
fn facet_values_browse_with_prefix_and_filters() {
    let index = fixture_index();
    let all = index
        .facet_values(FacetField::Country, &SearchRequest::new(""), None, 100)
        .unwrap();
    assert_eq!(all.total, 6);
    assert_eq!(all.values[0].value, "AZ");
    let prefixed = index
        .facet_values(
            FacetField::Country,
            &SearchRequest::new(""),
            Some("is"),
            100,
        )
        .unwrap();
    assert_eq!(
        prefixed
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>(),
        ["IL"]
    );
    let mut req = SearchRequest::new("");
    req.filters.sources = vec!["Global Desk".into()];
    let experts = index
        .facet_values(FacetField::Expert, &req, None, 10)
        .unwrap();
    assert_eq!(experts.values.len(), 1);
    assert_eq!(
        (experts.values[0].value.as_str(), experts.values[0].count),
        ("Joseph Epstein", 1)
    );
    assert!("nope".parse::<FacetField>().unwrap_err().is_caller_error());
}

#[test]
fn similar_articles_exclude_the_article_itself() {
    let index = fixture_index();
    let similar = index.similar("armenia-talks", 3).unwrap().unwrap();
    assert!(
        !similar.is_empty(),
        "the Baku and peace-talks articles share words with it"
    );
    assert!(!ids(&similar).contains(&"armenia-talks"));
    assert!(index.similar("missing", 3).unwrap().is_none());
}

fn many_articles(n: usize) -> gazette_index::ArchiveIndex {
    let index = gazette_index::ArchiveIndex::open_in_memory().unwrap();
    let mut writer = index.writer().unwrap();
    for i in 0..n {
        let mut a = common::article(&format!("doc-{i:04}"), "Market report", "grain prices");
        if i % 7 != 0 {
            a.published = Some(common::day(2020, 1, 1) + chrono::Duration::days((i % 50) as i64));
        }
        writer.upsert(&a).unwrap();
    }
    writer.commit().unwrap();
    index
}

#[test]
fn export_yields_every_match_once_and_resumes_from_a_cursor() {
    let n = EXPORT_BATCH * 2 + 37;
    let index = many_articles(n);
    let req = SearchRequest::new("grain");
    let full: Vec<_> = index
        .export(&req, None)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(full.len(), n);
    let mut seen: Vec<&str> = full.iter().map(|r| r.article.id.as_str()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n, "no duplicates");
    let dates: Vec<_> = full.iter().map(|r| r.article.published).collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "published ascending, undated first"
    );

    let cut = EXPORT_BATCH + 5;
    let resumed: Vec<_> = index
        .export(&req, Some(&full[cut - 1].cursor))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected: Vec<&str> = full[cut..].iter().map(|r| r.article.id.as_str()).collect();
    assert_eq!(
        resumed
            .iter()
            .map(|r| r.article.id.as_str())
            .collect::<Vec<_>>(),
        expected
    );

    assert!(matches!(
        index.export(&req, Some("not-a-cursor")),
        Err(IndexError::BadCursor)
    ));
}

#[test]
fn a_topic_parent_function_builds_deep_topic_paths_in_any_list_order() {
    use std::sync::Arc;
    let parent_of: gazette_index::TopicParentFn = Arc::new(|code: &str| match code {
        "medtop:20000639" => Some(common::INTERNATIONAL_RELATIONS.to_string()),
        common::INTERNATIONAL_RELATIONS => Some(common::POLITICS.to_string()),
        _ => None,
    });
    let dir = tempfile::tempdir().unwrap();
    let options = gazette_index::IndexOptions {
        topic_parent: Some(parent_of),
        ..Default::default()
    };
    let index = gazette_index::ArchiveIndex::open_with(dir.path(), options).unwrap();
    let mut a = common::article("envoys", "Envoys meet", "diplomats met");
    a.topics = vec![
        common::topic("medtop:20000639", "diplomacy"),
        common::topic(common::INTERNATIONAL_RELATIONS, "international relations"),
        common::topic(common::POLITICS, "politics and government"),
    ];
    let mut writer = index.writer().unwrap();
    writer.upsert(&a).unwrap();
    writer.commit().unwrap();
    let topics = index.search(&SearchRequest::new("")).unwrap().facets.topic;
    let parents: Vec<(&str, Option<&str>)> = topics
        .iter()
        .map(|v| (v.value.as_str(), v.parent.as_deref()))
        .collect();
    assert_eq!(
        parents,
        [
            (common::POLITICS, None),
            (common::INTERNATIONAL_RELATIONS, Some(common::POLITICS)),
            ("medtop:20000639", Some(common::INTERNATIONAL_RELATIONS)),
        ]
    );
    assert!(topics.iter().all(|v| v.count == 1));
}
