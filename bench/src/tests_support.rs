//! Helpers shared by the unit tests: the real corpus when present, scratch directories.

use std::path::PathBuf;

/// `../shared/data/corpus/bbc.jsonl` relative to the workspace root, or `None` (with a
/// visible SKIP line) when the shared data is absent.
pub fn shared_corpus() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/corpus/bbc.jsonl"
    ));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("SKIP: {} is absent", path.display());
        None
    }
}

/// A fresh, empty directory under the system temp dir, unique to this process and `name`.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gazette-bench-{name}-{}", std::process::id()));
    if dir.exists() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::create_dir_all(&dir);
    dir
}
