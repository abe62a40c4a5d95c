//! What the bench measures outside the engines: memory of processes (Linux `/proc` and
//! `wait4`), bytes on disk, and the machine the figures come from.

use std::path::Path;
use std::process::{Child, ExitStatus};

use serde::Serialize;

/// The machine a report was measured on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu_model: String,
    pub cores: usize,
    pub memory_bytes: u64,
    pub kernel: String,
}

impl Machine {
    /// Reads `/proc`; fields it cannot read are left as "unknown" or 0.
    pub fn detect() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name"))
            .and_then(|rest| rest.split_once(':'))
            .map(|(_, model)| model.trim().to_string())
            .unwrap_or_else(|| "unknown".to_string());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_bytes = status_kib(&meminfo, "MemTotal:").map_or(0, |kib| kib * 1024);
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|k| k.trim().to_string())
            .unwrap_or_else(|_| "unknown".to_string());
        Machine {
            cpu_model,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_bytes,
            kernel,
        }
    }
}

/// Resident memory of a running process (`VmRSS`), `None` once it is gone.
pub fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_kib(&status, "VmRSS:").map(|kib| kib * 1024)
}

/// Private (anonymous) resident memory of a running process (`RssAnon`): `VmRSS`
/// without the pages of memory-mapped files, which belong to the page cache.
pub fn anon_rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_kib(&status, "RssAnon:").map(|kib| kib * 1024)
}

/// The `kB` value of a `Key:   1234 kB` line.
fn status_kib(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Waits for a child and returns its exit status with its peak resident memory.
///
/// `wait4` reports the peak of exactly this child, with nothing missed between samples
/// (sampling `/proc` would miss a peak in the last moments, e.g. a final merge).
/// The child must not have been waited for; `Child::wait` must not be called afterwards.
pub fn wait_with_peak_rss(child: Child) -> std::io::Result<(ExitStatus, u64)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = libc::pid_t::try_from(child.id()).map_err(std::io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the types wait4 expects.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let peak_kib = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    Ok((ExitStatus::from_raw(status), peak_kib * 1024))
}

/// Asks a process to stop (SIGTERM), as an operator would, so it can shut down cleanly.
pub fn terminate(child: &Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill has no memory effects; at worst the pid is gone and it fails (ESRCH).
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
}

/// Bytes a directory tree occupies on disk (allocated blocks, as `du` counts them).
pub fn disk_usage(path: &Path) -> std::io::Result<u64> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::symlink_metadata(path)?;
    if !metadata.is_dir() {
        return Ok(metadata.blocks() * 512);
    }
    let mut total = metadata.blocks() * 512;
    for entry in std::fs::read_dir(path)? {
        total += disk_usage(&entry?.path())?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_memory_and_the_machine() {
        let own = std::process::id();
        let rss = rss_bytes(own).unwrap();
        assert!(rss > 1024 * 1024, "{rss}");
        let anon = anon_rss_bytes(own).unwrap();
        assert!(anon > 0 && anon <= rss, "private {anon} of {rss}");
        let machine = Machine::detect();
        assert!(machine.cores >= 1 && machine.memory_bytes > 0);
        assert_eq!(status_kib("VmRSS:\t  2048 kB\n", "VmRSS:"), Some(2048));
    }

    #[test]
    fn child_peak_memory_and_status() {
        let child = std::process::Command::new("sh")
            .args(["-c", "exit 3"])
            .spawn()
            .unwrap();
        let (status, peak) = wait_with_peak_rss(child).unwrap();
        assert_eq!(status.code(), Some(3));
        assert!(peak > 0);
    }

    #[test]
    fn disk_usage_counts_files_below() {
        let dir = std::env::temp_dir().join(format!("gazette-bench-du-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/a"), vec![1u8; 100_000]).unwrap();
        let used = disk_usage(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(used >= 100_000, "{used}");
    }
}
