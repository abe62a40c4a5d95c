//! `gazette check`: verifies the index, the crawl state and the WARC archive
//! against each other, and exits 1 naming what is inconsistent and where.
//!
//! What is checked, and why each direction:
//! - the index opens, every stored article deserialises, and no id appears twice;
//! - every WARC file reads to its end; a torn last record (a crash mid-write) is
//!   reported as such, and only damage elsewhere counts as corruption;
//! - every indexed article that names a WARC record (`warc_record`) finds it in the
//!   archive, since `reindex` must be able to rebuild it;
//! - the crawl state opens, and the articles its job history counts as crawled are
//!   all in the index (the crawler commits its state only after the index, so the
//!   state never claims more than the index holds).
//!
//! The archive may hold *more* than the index (pages fetched after the last
//! checkpoint of a killed crawl, which the next crawl resumes): that is not reported.
//! The crawl state is locked by a running `gazette serve`; the check then skips it
//! and says so (check a `gazette snapshot` instead).

mod warc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gazette_crawler::{CrawlError, Crawler, CrawlerSettings, JobStatus};
use gazette_index::ArchiveIndex;

pub use self::warc::scan_file;
use super::Env;

/// The findings of one check.
#[derive(Debug, Default)]
pub struct Findings {
    /// Inconsistencies: what and where. Any of them makes the check fail.
    pub problems: Vec<String>,
    /// Facts worth knowing that are not inconsistencies (torn tails, skipped parts).
    pub notes: Vec<String>,
    /// One line per part checked.
    pub summary: Vec<String>,
}

pub fn run(env: &Env) -> anyhow::Result<()> {
    let findings = check_data_dir(env.data_dir());
    println!("checked {}", env.data_dir().display());
    print(&findings);
    if findings.problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} inconsistencies found in {}",
            findings.problems.len(),
            env.data_dir().display()
        )
    }
}

/// Prints the summary, notes and problems.
pub fn print(findings: &Findings) {
    for line in &findings.summary {
        println!("  {line}");
    }
    for note in &findings.notes {
        println!("  note: {note}");
    }
    for problem in &findings.problems {
        println!("  PROBLEM: {problem}");
    }
    match findings.problems.len() {
        0 => println!("result: consistent"),
        n => println!("result: {n} inconsistencies"),
    }
}

/// Runs every check on a data dir. Never creates or changes anything in it, except
/// that opening the crawl state lets redb recover an unclean shutdown.
pub fn check_data_dir(data_dir: &Path) -> Findings {
    let mut findings = Findings::default();
    if !data_dir.is_dir() {
        findings.problems.push(format!(
            "the data dir {} does not exist",
            data_dir.display()
        ));
        return findings;
    }
    let indexed = check_index(data_dir, &mut findings);
    let responses = check_archive(data_dir, &mut findings);
    if let (Some(indexed), Some(responses)) = (&indexed, &responses) {
        for (id, record) in &indexed.warc_records {
            if !responses.contains_key(record.as_str()) {
                findings.problems.push(format!(
                    "article {id} was extracted from WARC record {record}, which the archive in {} lacks",
                    data_dir.join("warc").display()
                ));
            }
        }
    }
    check_state(data_dir, indexed.as_ref(), &mut findings);
    findings
}

/// What the index holds, for the cross-checks.
struct Indexed {
    articles: usize,
    /// Article id -> the WARC record it was extracted from.
    warc_records: BTreeMap<String, String>,
}

fn check_index(data_dir: &Path, findings: &mut Findings) -> Option<Indexed> {
    let dir = data_dir.join("index");
    if !dir.join("meta.json").is_file() {
        findings
            .summary
            .push("index: none yet (an empty archive)".into());
        return Some(Indexed {
            articles: 0,
            warc_records: BTreeMap::new(),
        });
    }
    let index = match ArchiveIndex::open(&dir) {
        Ok(index) => index,
        Err(e) => {
            findings.problems.push(format!(
                "the index in {} does not open: {}",
                dir.display(),
                chain(&e)
            ));
            return None;
        }
    };
    let ids = match index.ids() {
        Ok(ids) => ids,
        Err(e) => {
            findings.problems.push(format!(
                "the article ids of {} cannot be read: {}",
                dir.display(),
                chain(&e)
            ));
            return None;
        }
    };
    let mut indexed = Indexed {
        articles: 0,
        warc_records: BTreeMap::new(),
    };
    let mut unreadable = 0;
    for (position, id) in ids.iter().enumerate() {
        if position > 0 && ids.get(position - 1) == Some(id) {
            findings.problems.push(format!(
                "article id {id:?} appears more than once in {}",
                dir.display()
            ));
            continue;
        }
        indexed.articles += 1;
        match index.article(id) {
            Ok(Some(article)) if article.id == *id => {
                if let Some(record) = article.warc_record {
                    indexed.warc_records.insert(article.id, record);
                }
            }
            Ok(Some(article)) => findings.problems.push(format!(
                "the stored record of article {id:?} carries another id, {:?}",
                article.id
            )),
            Ok(None) => findings.problems.push(format!(
                "article {id:?} is listed but cannot be found by id"
            )),
            Err(e) => {
                unreadable += 1;
                findings.problems.push(format!(
                    "article {id:?} does not deserialise: {}",
                    chain(&e)
                ));
            }
        }
    }
    findings.summary.push(format!(
        "index: {} articles ({} from the WARC archive), {} unreadable",
        indexed.articles,
        indexed.warc_records.len(),
        unreadable
    ));
    Some(indexed)
}

/// Reads every WARC file; returns the response record ids with the file holding each.
fn check_archive(data_dir: &Path, findings: &mut Findings) -> Option<BTreeMap<String, PathBuf>> {
    let files = match warc_files(data_dir) {
        Ok(files) => files,
        Err(e) => {
            findings
                .problems
                .push(format!("the WARC directory cannot be listed: {e}"));
            return None;
        }
    };
    let mut responses = BTreeMap::new();
    let (mut records, mut torn) = (0, 0);
    for path in &files {
        let scan = match scan_file(path) {
            Ok(scan) => scan,
            Err(e) => {
                findings
                    .problems
                    .push(format!("{} cannot be read: {e}", path.display()));
                continue;
            }
        };
        records += scan.records;
        if let Some(offset) = scan.torn_tail_at {
            torn += 1;
            findings.notes.push(format!(
                "{}: the last record, at byte {offset}, was cut short by a crash; the {} records before it are intact",
                path.display(),
                scan.records
            ));
        }
        for (offset, what) in &scan.corrupt {
            findings.problems.push(format!(
                "{}: corrupt at byte {offset}: {what}",
                path.display()
            ));
        }
        if !scan.corrupt.is_empty() {
            findings.notes.push(format!(
                "{}: {} records are still readable after the damage",
                path.display(),
                scan.records_after_damage
            ));
        }
        for id in scan.response_ids {
            if let Some(first) = responses.insert(id.clone(), path.clone()) {
                findings.problems.push(format!(
                    "WARC record id {id} appears twice ({} and {})",
                    first.display(),
                    path.display()
                ));
            }
        }
    }
    findings.summary.push(format!(
        "warc: {} files, {records} records ({} responses), {torn} torn tails",
        files.len(),
        responses.len()
    ));
    Some(responses)
}

/// The `*.warc.gz` files under `data_dir/warc/`, sorted (oldest first).
pub fn warc_files(data_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = data_dir.join("warc");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.is_file() && path.to_string_lossy().ends_with(".warc.gz") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn check_state(data_dir: &Path, indexed: Option<&Indexed>, findings: &mut Findings) {
    let path = data_dir.join("crawl-state.redb");
    if !path.is_file() {
        findings
            .summary
            .push("crawl state: none (nothing crawled yet)".into());
        return;
    }
    let crawler = match Crawler::open(CrawlerSettings::default(), data_dir) {
        Ok(crawler) => crawler,
        Err(CrawlError::State(e)) if e.to_string().to_lowercase().contains("already open") => {
            findings.summary.push("crawl state: not checked".into());
            findings.notes.push(format!(
                "{} is held open by another process (a running `gazette serve` or crawl); \
                 check a `gazette snapshot` of the data dir to include it",
                path.display()
            ));
            return;
        }
        Err(e) => {
            findings.problems.push(format!(
                "the crawl state {} does not open: {}",
                path.display(),
                chain(&e)
            ));
            return;
        }
    };
    let jobs = match crawler.job_history(None) {
        Ok(jobs) => jobs,
        Err(e) => {
            findings.problems.push(format!(
                "the job history in {} cannot be read: {}",
                path.display(),
                chain(&e)
            ));
            return;
        }
    };
    let crawled: u64 = jobs.iter().map(|job| job.stats.articles_new).sum();
    for job in jobs.iter().filter(|job| job.status == JobStatus::Running) {
        findings.notes.push(format!(
            "crawl job {} of source {:?} was interrupted; the next crawl resumes it",
            job.id, job.source
        ));
    }
    findings.summary.push(format!(
        "crawl state: {} jobs, {crawled} articles crawled",
        jobs.len()
    ));
    if let Some(indexed) = indexed
        && (indexed.warc_records.len() as u64) < crawled
    {
        findings.problems.push(format!(
            "the crawl state ({}) counts {crawled} crawled articles, but the index holds only {} articles \
             from the archive; `gazette reindex` rebuilds them from the WARC files",
            path.display(),
            indexed.warc_records.len()
        ));
    }
}

/// An error with its causes, for messages an operator can act on.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
