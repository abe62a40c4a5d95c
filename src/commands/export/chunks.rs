//! NDJSON files cut under a byte limit: `articles-00001.ndjson`, `articles-00002.ndjson`, ...
//!
//! Quickwit's ingest API refuses a request body over its limit (10 MB by default,
//! <https://quickwit.io/docs/reference/rest-api>, "Ingest API"), so each file is one
//! request that fits. A line is never split across files; a single document larger
//! than the limit gets a file of its own, reported by [`ChunkWriter::write`].

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes NDJSON lines into numbered files of at most `limit` bytes each.
pub struct ChunkWriter {
    dir: PathBuf,
    limit: u64,
    current: Option<OpenChunk>,
    files: Vec<PathBuf>,
}

/// The file being filled: its writer and the bytes written so far.
struct OpenChunk {
    out: BufWriter<File>,
    used: u64,
    path: PathBuf,
}

/// Where a line went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Into a file within the limit.
    Fits,
    /// Alone in a file, and still over the limit: that file needs a larger ingest limit.
    Oversized,
}

/// The file name of chunk `number` (from 1).
pub fn chunk_name(number: usize) -> String {
    format!("articles-{number:05}.ndjson")
}

/// True for a file name [`chunk_name`] produces.
pub fn is_chunk_name(name: &str) -> bool {
    name.strip_prefix("articles-")
        .and_then(|rest| rest.strip_suffix(".ndjson"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

impl ChunkWriter {
    /// Chunks go into `dir`, each at most `limit` bytes (newlines included).
    pub fn new(dir: &Path, limit: u64) -> Self {
        ChunkWriter {
            dir: dir.to_owned(),
            limit,
            current: None,
            files: Vec::new(),
        }
    }

    /// Appends one JSON document (without its newline) as a line.
    pub fn write(&mut self, json: &[u8]) -> anyhow::Result<Placement> {
        let size = json.len() as u64 + 1;
        if self
            .current
            .as_ref()
            .is_some_and(|chunk| chunk.used + size > self.limit)
        {
            self.close_current()?;
        }
        let chunk = match self.current.as_mut() {
            Some(chunk) => chunk,
            None => {
                let path = self.dir.join(chunk_name(self.files.len() + 1));
                let file = File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                self.files.push(path.clone());
                self.current.insert(OpenChunk {
                    out: BufWriter::new(file),
                    used: 0,
                    path,
                })
            }
        };
        chunk
            .out
            .write_all(json)
            .and_then(|()| chunk.out.write_all(b"\n"))
            .with_context(|| format!("cannot write {}", chunk.path.display()))?;
        chunk.used += size;
        Ok(if size > self.limit {
            Placement::Oversized
        } else {
            Placement::Fits
        })
    }

    /// Flushes the last file and returns every file written, in order.
    pub fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        self.close_current()?;
        Ok(self.files)
    }

    fn close_current(&mut self) -> anyhow::Result<()> {
        if let Some(chunk) = self.current.take() {
            let path = chunk.path;
            let file = chunk
                .out
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.sync_all()
                .with_context(|| format!("cannot sync {}", path.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_into_files_under_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut writer = ChunkWriter::new(dir.path(), 10);
        for line in ["aaaa", "bbbb", "cc", "dddddddddddddd"] {
            let placement = writer.write(line.as_bytes()).expect("writes");
            assert_eq!(placement == Placement::Oversized, line.len() + 1 > 10);
        }
        let files = writer.finish().expect("finishes");
        let contents: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("readable"))
            .collect();
        assert_eq!(contents, ["aaaa\nbbbb\n", "cc\n", "dddddddddddddd\n"]);
        assert!(files[0].ends_with("articles-00001.ndjson"));
    }

    #[test]
    fn chunk_names_are_recognised() {
        assert!(is_chunk_name(&chunk_name(12)));
        assert!(!is_chunk_name("articles-.ndjson"));
        assert!(!is_chunk_name("articles-0001.ndjson.bak"));
        assert!(!is_chunk_name("notes.ndjson"));
    }
}
