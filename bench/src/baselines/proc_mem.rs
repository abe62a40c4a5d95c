//! Resident-memory figures from `/proc` (Linux): our own peak for the in-process
//! SQLite load, and the PostgreSQL server's processes for the server figures.
//!
//! Everything here is best-effort: on a system without `/proc` the figures are `None`.

use std::fs;

/// One `/proc/<pid>/status` field in bytes (the kernel reports kB).
fn status_field(pid: &str, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line
        .get(field.len()..)?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Resets this process's peak RSS (`VmHWM`) so that the next reading covers only
/// what follows, e.g. one engine's load (Linux ≥ 4.0; ignored elsewhere).
pub fn reset_own_peak() {
    // Failure only means the peak also covers earlier work; the figure stays an upper bound.
    let _ = fs::write("/proc/self/clear_refs", "5");
}

/// This process's peak RSS since start or the last [`reset_own_peak`].
pub fn own_peak_rss() -> Option<u64> {
    status_field("self", "VmHWM:")
}

/// Process ids whose parent is `parent`.
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| parent_of(*pid) == Some(parent))
        .collect()
}

/// The parent pid from `/proc/<pid>/stat` (the field after the parenthesised command).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_command = stat.get(stat.rfind(')')? + 1..)?;
    after_command.split_whitespace().nth(1)?.parse().ok()
}

/// A server (a parent process and its children) as seen in `/proc`.
pub struct ProcessTree {
    pids: Vec<String>,
}

impl ProcessTree {
    /// The process `root` and its direct children (PostgreSQL's backends and workers).
    pub fn of(root: u32) -> Self {
        let mut pids = vec![root.to_string()];
        pids.extend(children_of(root).into_iter().map(|p| p.to_string()));
        ProcessTree { pids }
    }

    /// Physical memory the tree holds now: every process's private memory
    /// (`RssAnon` + `RssFile`) plus the largest `RssShmem`, so that shared
    /// buffers, mapped by every process, count once.
    pub fn resident_bytes(&self) -> Option<u64> {
        let mut private = 0;
        let mut shared_max = 0;
        let mut seen = false;
        for pid in &self.pids {
            let (Some(anon), Some(file), Some(shmem)) = (
                status_field(pid, "RssAnon:"),
                status_field(pid, "RssFile:"),
                status_field(pid, "RssShmem:"),
            ) else {
                continue;
            };
            seen = true;
            private += anon + file;
            shared_max = shared_max.max(shmem);
        }
        seen.then_some(private + shared_max)
    }

    /// The largest peak RSS (`VmHWM`) of any process of the tree.
    pub fn max_peak_rss(&self) -> Option<u64> {
        self.pids
            .iter()
            .filter_map(|pid| status_field(pid, "VmHWM:"))
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_figures_are_read_from_proc() {
        if fs::metadata("/proc/self/status").is_err() {
            eprintln!("SKIP: no /proc");
            return;
        }
        let peak = own_peak_rss().unwrap_or(0);
        assert!(peak > 0, "VmHWM should be positive");
        let me = std::process::id();
        let tree = ProcessTree::of(me);
        assert!(tree.resident_bytes().unwrap_or(0) > 0);
        assert_eq!(parent_of(me), Some(std::os::unix::process::parent_id()));
    }
}
