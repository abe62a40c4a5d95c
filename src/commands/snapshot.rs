//! `gazette snapshot DIR`: a consistent copy of the data dir (index, crawl state,
//! WARC archive), safe to take while `gazette serve` runs and crawls.
//!
//! The parts are copied in the order that keeps the copy consistent with itself:
//! 1. the crawl state first: the crawler commits it only after the index, so an
//!    index copied later holds at least everything this state counts;
//! 2. the index as of one commit: `meta.json` is read once and only the segment
//!    files it names are copied (tantivy never changes a segment file once
//!    written); if a merge deletes one of them mid-copy, the index copy starts
//!    again from the newer `meta.json`; that `meta.json` is written last;
//! 3. the WARC files last (append-only), so every record an indexed article names
//!    is in the copy; a record being appended while copied is cut off at the last
//!    whole record.
//!
//! redb allows one process only to open a database, so the crawl state cannot be
//! read through a transaction while the server holds it. It is copied as a file,
//! at a moment when no write is in progress: the file must have been quiet for a
//! while before the copy and unchanged (size and modification time) after it,
//! otherwise the copy is taken again. The finished copy is checked with
//! [`super::check::check_data_dir`], and only a copy that passes is moved to DIR.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};

use super::check::{check_data_dir, print, scan_file, warc_files};
use super::{Env, UsageError};

/// How long the crawl state file must have gone unmodified before it is copied.
const QUIET_BEFORE_COPY: Duration = Duration::from_millis(200);
/// Attempts at copying a part that keeps changing under the copy.
const ATTEMPTS: usize = 50;
/// Pause between two attempts.
const RETRY_PAUSE: Duration = Duration::from_millis(100);
/// tantivy's lock files: never part of a copy.
const INDEX_LOCKS: [&str; 2] = [".tantivy-writer.lock", ".tantivy-meta.lock"];

pub fn run(env: &Env, target: &Path) -> anyhow::Result<()> {
    let source = env.data_dir();
    if !source.join("index").join("meta.json").is_file()
        && !source.join("crawl-state.redb").is_file()
    {
        return Err(UsageError(format!(
            "{} holds no gazette archive to copy",
            source.display()
        ))
        .into());
    }
    if target.exists() {
        return Err(UsageError(format!(
            "{} already exists; name a new directory",
            target.display()
        ))
        .into());
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Built beside the target and renamed into place, so DIR only ever holds a whole, checked copy.
    let staging = tempfile::Builder::new()
        .prefix(".gazette-snapshot-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a directory in {}", parent.display()))?;
    copy_state(source, staging.path())?;
    let segments = copy_index(source, staging.path())?;
    let warc = copy_warc(source, staging.path())?;
    let findings = check_data_dir(staging.path());
    if !findings.problems.is_empty() {
        print(&findings);
        bail!(
            "the copy of {} is not consistent; nothing was written to {}",
            source.display(),
            target.display()
        );
    }
    let staged = staging.keep();
    fs::rename(&staged, target).with_context(|| {
        format!(
            "cannot move the finished copy {} to {}",
            staged.display(),
            target.display()
        )
    })?;
    println!(
        "snapshot of {} written to {}: index ({segments} segments), crawl state, {warc} WARC files",
        source.display(),
        target.display()
    );
    print(&findings);
    Ok(())
}

/// Copies `crawl-state.redb` at a moment when no write is in progress.
fn copy_state(source: &Path, target: &Path) -> anyhow::Result<()> {
    let from = source.join("crawl-state.redb");
    if !from.is_file() {
        return Ok(());
    }
    let to = target.join("crawl-state.redb");
    for _ in 0..ATTEMPTS {
        let before = stamp(&from)?;
        let quiet_for = SystemTime::now()
            .duration_since(before.1)
            .unwrap_or_default();
        if quiet_for < QUIET_BEFORE_COPY {
            std::thread::sleep(QUIET_BEFORE_COPY - quiet_for);
            continue;
        }
        fs::copy(&from, &to).with_context(|| format!("cannot copy {}", from.display()))?;
        if stamp(&from)? == before {
            return Ok(());
        }
        std::thread::sleep(RETRY_PAUSE);
    }
    bail!(
        "{} kept changing for {} attempts (a crawl is writing it); try again when the crawl finishes",
        from.display(),
        ATTEMPTS
    )
}

/// Size and modification time: any write changes one of them.
fn stamp(path: &Path) -> anyhow::Result<(u64, SystemTime)> {
    let meta = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((meta.len(), meta.modified()?))
}

/// Copies the index as of one commit; returns how many segments it has.
fn copy_index(source: &Path, target: &Path) -> anyhow::Result<usize> {
    let from = source.join("index");
    let meta_path = from.join("meta.json");
    if !meta_path.is_file() {
        return Ok(0);
    }
    let to = target.join("index");
    for _ in 0..ATTEMPTS {
        let meta =
            fs::read(&meta_path).with_context(|| format!("cannot read {}", meta_path.display()))?;
        let segments = segment_ids(&meta)
            .with_context(|| format!("{} is not a tantivy meta.json", meta_path.display()))?;
        fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
        match copy_segments(&from, &to, &segments) {
            Ok(()) => {
                let staged = to.join("meta.json.partial");
                fs::write(&staged, &meta)
                    .with_context(|| format!("cannot write {}", staged.display()))?;
                fs::rename(&staged, to.join("meta.json"))?;
                return Ok(segments.len());
            }
            // A merge or garbage collection removed a file of this commit: take the newer one.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::thread::sleep(RETRY_PAUSE),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot copy the index {}", from.display()));
            }
        }
    }
    bail!(
        "the index in {} kept changing for {} attempts; try again",
        from.display(),
        ATTEMPTS
    )
}

/// The segment ids named by a tantivy `meta.json`, as they appear in file names (no dashes).
fn segment_ids(meta: &[u8]) -> anyhow::Result<BTreeSet<String>> {
    let meta: serde_json::Value = serde_json::from_slice(meta)?;
    let segments = meta["segments"].as_array().context("no segments list")?;
    segments
        .iter()
        .map(|segment| {
            segment["segment_id"]
                .as_str()
                .map(|id| id.replace('-', ""))
                .context("a segment without an id")
        })
        .collect()
}

/// Copies every file of the named segments (files of other segments are left out).
fn copy_segments(from: &Path, to: &Path, segments: &BTreeSet<String>) -> std::io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stem = name.split('.').next().unwrap_or_default();
        if INDEX_LOCKS.contains(&name.as_ref()) || !segments.contains(stem) {
            continue;
        }
        let destination = to.join(name.as_ref());
        if !destination.exists() {
            fs::copy(entry.path(), destination)?;
        }
    }
    // Every segment must have reached the copy, or the commit changed under us.
    let copied: BTreeSet<String> = fs::read_dir(to)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .split('.')
                .next()
                .map(str::to_owned)
        })
        .collect();
    match segments.iter().find(|s| !copied.contains(*s)) {
        Some(missing) => Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("segment {missing} is gone"),
        )),
        None => Ok(()),
    }
}

/// Copies the WARC files, each up to its last whole record; returns how many.
fn copy_warc(source: &Path, target: &Path) -> anyhow::Result<usize> {
    let files = warc_files(source)
        .with_context(|| format!("cannot list {}", source.join("warc").display()))?;
    if files.is_empty() {
        return Ok(0);
    }
    let to = target.join("warc");
    fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
    for file in &files {
        let Some(name) = file.file_name() else {
            continue;
        };
        let destination = to.join(name);
        fs::copy(file, &destination).with_context(|| format!("cannot copy {}", file.display()))?;
        // A record being written as the file was copied: keep the whole ones before it.
        let scan = scan_file(&destination)
            .with_context(|| format!("cannot read {}", destination.display()))?;
        if scan.torn_tail_at.is_some() && scan.corrupt.is_empty() {
            fs::OpenOptions::new()
                .write(true)
                .open(&destination)
                .and_then(|f| f.set_len(scan.clean_len))
                .with_context(|| format!("cannot trim {}", destination.display()))?;
        }
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_segments_of_the_commit_are_copied() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        let meta =
            br#"{"segments":[{"segment_id":"0b911da5-de1b-4c67-ba6a-0ae28e2ca0e6","max_doc":3}]}"#;
        let segments = segment_ids(meta).unwrap();
        assert_eq!(
            segments.iter().collect::<Vec<_>>(),
            ["0b911da5de1b4c67ba6a0ae28e2ca0e6"]
        );
        for name in [
            "0b911da5de1b4c67ba6a0ae28e2ca0e6.idx",
            "0b911da5de1b4c67ba6a0ae28e2ca0e6.12.del",
            "ffffffffffffffffffffffffffffffff.idx",
            ".tantivy-writer.lock",
        ] {
            fs::write(from.path().join(name), name).unwrap();
        }
        copy_segments(from.path(), to.path(), &segments).unwrap();
        let mut copied: Vec<String> = fs::read_dir(to.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        copied.sort();
        assert_eq!(
            copied,
            [
                "0b911da5de1b4c67ba6a0ae28e2ca0e6.12.del",
                "0b911da5de1b4c67ba6a0ae28e2ca0e6.idx"
            ]
        );
    }

    #[test]
    fn a_segment_gone_before_the_copy_asks_for_a_retry() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        let segments = segment_ids(br#"{"segments":[{"segment_id":"aa"}]}"#).unwrap();
        let error = copy_segments(from.path(), to.path(), &segments).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        assert!(segment_ids(b"{}").is_err());
    }
}
