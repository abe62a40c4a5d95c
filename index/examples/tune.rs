use gazette_article::Article;
use gazette_index::relevance::{Qrels, evaluate};
use gazette_index::{ArchiveIndex, IndexOptions, RankingTuning, SearchRequest};
fn main() {
    let dir = std::path::PathBuf::from("/work/shared/data/relevance/time");
    let docs = std::fs::read_to_string(dir.join("docs.jsonl")).unwrap();
    let queries = std::fs::read_to_string(dir.join("queries-dev.jsonl")).unwrap();
    let qrels = Qrels::parse(&std::fs::read_to_string(dir.join("qrels-dev.tsv")).unwrap()).unwrap();
    let args: Vec<f32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let tuning = RankingTuning {
        title_boost: args[0],
        proximity_boost: args[1],
        proximity_slop: args[2] as u32,
        relax_threshold: args[3] as usize,
        phrased_threshold: std::env::var("PHR")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3),
        relax_fraction: args[4],
    };
    let tmp = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::open_with(
        tmp.path(),
        IndexOptions {
            tuning,
            ..Default::default()
        },
    )
    .unwrap();
    let mut w = index.writer().unwrap();
    for l in docs.lines() {
        let a: Article = serde_json::from_str(l).unwrap();
        w.upsert(&a).unwrap();
    }
    w.commit().unwrap();
    let mut run = Vec::new();
    for l in queries.lines() {
        let q: serde_json::Value = serde_json::from_str(l).unwrap();
        let mut r = SearchRequest::new(q["query"].as_str().unwrap());
        r.per_page = 1000;
        let res = index.search(&r).unwrap();
        run.push((
            q["qid"].as_str().unwrap().to_string(),
            res.hits.into_iter().map(|h| h.id).collect::<Vec<String>>(),
        ));
    }
    if std::env::var("PERQ").is_ok() {
        for (q, r) in &run {
            println!(
                "{q} AP {:.3} rel {} found@1000 {}",
                gazette_index::relevance::average_precision(&qrels, q, r),
                qrels.relevant_count(q),
                r.iter().filter(|d| qrels.grade(q, d) > 0).count()
            );
        }
    }
    let s = evaluate(&run, &qrels);
    println!(
        "{:?} MAP {:.4} nDCG {:.4} P10 {:.4}",
        args, s.map, s.ndcg_10, s.p_10
    );
}
