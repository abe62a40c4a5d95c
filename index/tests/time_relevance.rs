//! Ranking quality on the TIME test collection (dev half), through the public API.
//!
//! Indexes `docs.jsonl`, runs every dev query exactly as written (all capitals,
//! with words such as IN, TO, AND, OR inside), prints MAP, nDCG@10 and P@10, and
//! asserts MAP ≥ 0.70. Skipped (visibly) when ../shared is absent.

use std::path::PathBuf;

use gazette_article::Article;
use gazette_index::relevance::{Qrels, evaluate};
use gazette_index::{ArchiveIndex, SearchRequest};

fn collection_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/relevance/time"
    ))
}

#[test]
fn time_dev_queries_reach_the_map_target() {
    let dir = collection_dir();
    let Ok(docs) = std::fs::read_to_string(dir.join("docs.jsonl")) else {
        eprintln!("SKIP: {} not found", dir.display());
        return;
    };
    let queries =
        std::fs::read_to_string(dir.join("queries-dev.jsonl")).expect("queries-dev.jsonl");
    let qrels = Qrels::parse(&std::fs::read_to_string(dir.join("qrels-dev.tsv")).expect("qrels"))
        .expect("qrels parse");

    let index = ArchiveIndex::open_in_memory().expect("index");
    let mut writer = index.writer().expect("writer");
    for line in docs.lines().filter(|l| !l.trim().is_empty()) {
        let article: Article = serde_json::from_str(line).expect("article");
        writer.upsert(&article).expect("upsert");
    }
    writer.commit().expect("commit");

    let mut run = Vec::new();
    for line in queries.lines().filter(|l| !l.trim().is_empty()) {
        let query: serde_json::Value = serde_json::from_str(line).expect("query");
        let qid = query["qid"].as_str().expect("qid").to_string();
        let mut request = SearchRequest::new(query["query"].as_str().expect("query text"));
        request.per_page = 1000;
        let results = index
            .search(&request)
            .expect("search must accept every dev query");
        run.push((
            qid,
            results.hits.into_iter().map(|h| h.id).collect::<Vec<_>>(),
        ));
    }
    let scores = evaluate(&run, &qrels);
    println!(
        "TIME dev: {} queries  MAP {:.4}  nDCG@10 {:.4}  P@10 {:.4}",
        scores.queries, scores.map, scores.ndcg_10, scores.p_10
    );
    assert_eq!(scores.queries, 42);
    assert!(scores.map >= 0.70, "MAP {:.4} is below 0.70", scores.map);
}
