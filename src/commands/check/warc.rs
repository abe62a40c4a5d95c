//! Reading a WARC file gzip member by gzip member, to tell a healthy archive, a
//! torn last record (a crash mid-write, harmless) and real corruption apart.
//!
//! The crawler writes every record as its own gzip member and starts a new file
//! each run, so a crash can only cut the *last* member of a file short: its bytes
//! end before the gzip trailer. Any other member that does not decode, or decodes
//! to something that is not a WARC record, is corruption, and the records after it
//! are found again by looking for the next gzip header.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The first bytes of every gzip member written with deflate (RFC 1952).
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];
/// Largest record accepted when reading back (the crawler caps bodies far lower).
const MAX_RECORD_BYTES: u64 = 1 << 30;

/// What one WARC file holds, and where it is damaged.
#[derive(Debug, Default)]
pub struct FileScan {
    /// Complete records by `WARC-Type`.
    pub records: usize,
    /// `WARC-Record-ID`s of the complete `response` records.
    pub response_ids: Vec<String>,
    /// Byte offset of a last member cut short by a crash, if any.
    pub torn_tail_at: Option<u64>,
    /// Where the file is damaged: byte offset and what is wrong there.
    pub corrupt: Vec<(u64, String)>,
    /// Records readable after the first damage (found again by resynchronising).
    pub records_after_damage: usize,
    /// End of the last complete member: the file's clean length.
    pub clean_len: u64,
}

/// A `BufRead` that counts what its consumer took, so member offsets are known.
struct Counting<R> {
    inner: R,
    position: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.position += amount as u64;
        self.inner.consume(amount);
    }
}

/// Reads every member of `path`. I/O errors (the file cannot be read at all) are returned;
/// damage inside the file is reported in the [`FileScan`].
pub fn scan_file(path: &Path) -> io::Result<FileScan> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut reader = Counting {
        inner: BufReader::with_capacity(1 << 16, file),
        position: 0,
    };
    let mut scan = FileScan::default();
    // A member cut short by the end of the file: a torn tail if nothing readable follows.
    let mut cut_short: Option<(u64, usize)> = None;
    loop {
        if reader.fill_buf()?.is_empty() {
            break;
        }
        let start = reader.position;
        let mut member = Vec::new();
        let decoded = flate2::bufread::GzDecoder::new(&mut reader)
            .take(MAX_RECORD_BYTES)
            .read_to_end(&mut member);
        match decoded {
            Ok(_) => match parse_record(&member) {
                Ok(record) => {
                    if !scan.corrupt.is_empty() || cut_short.is_some() {
                        scan.records_after_damage += 1;
                    }
                    scan.records += 1;
                    if record.kind == "response" {
                        scan.response_ids.push(record.id);
                    }
                    if scan.corrupt.is_empty() && cut_short.is_none() {
                        scan.clean_len = reader.position;
                    }
                }
                Err(what) => {
                    scan.corrupt.push((start, what));
                    resync(&mut reader, start)?;
                }
            },
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && reader.position >= len => {
                // Damage can also make a member swallow the rest of the file: look on.
                if cut_short.is_none() {
                    cut_short = Some((start, scan.records));
                }
                resync(&mut reader, start)?;
            }
            Err(e) => {
                scan.corrupt
                    .push((start, format!("gzip member does not decode ({e})")));
                resync(&mut reader, start)?;
            }
        }
    }
    if let Some((start, records_before)) = cut_short {
        if scan.records == records_before {
            scan.torn_tail_at = Some(start);
        } else {
            scan.corrupt.push((
                start,
                "gzip member is cut short, yet readable records follow it".into(),
            ));
            scan.corrupt.sort();
        }
    }
    Ok(scan)
}

/// Moves the reader to the next gzip header after `damaged_at` (or to the end).
fn resync(reader: &mut Counting<BufReader<File>>, damaged_at: u64) -> io::Result<()> {
    let from = damaged_at + 1;
    reader.inner.seek(SeekFrom::Start(from))?;
    reader.position = from;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.len() < GZIP_MAGIC.len() {
            // Too short to hold a header: skip what is left.
            let rest = buffer.len();
            reader.consume(rest);
            return Ok(());
        }
        if let Some(at) = buffer
            .windows(GZIP_MAGIC.len())
            .position(|w| w == GZIP_MAGIC)
        {
            reader.consume(at);
            return Ok(());
        }
        // Keep the last bytes: a header may straddle two buffers.
        let skip = buffer.len() - (GZIP_MAGIC.len() - 1);
        reader.consume(skip);
        if reader.fill_buf()?.len() < GZIP_MAGIC.len() {
            let rest = reader.fill_buf()?.len();
            reader.consume(rest);
            return Ok(());
        }
    }
}

/// The headers of one record that the check needs.
struct RecordHead {
    kind: String,
    id: String,
}

/// Checks that a decoded member is one whole WARC record: version line, headers,
/// and a block of the declared `Content-Length`.
fn parse_record(member: &[u8]) -> Result<RecordHead, String> {
    if !member.starts_with(b"WARC/1.") {
        return Err("gzip member is not a WARC record (no WARC/1.x version line)".into());
    }
    let end = member
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("WARC record has no end of headers")?;
    let head = std::str::from_utf8(member.get(..end).unwrap_or_default())
        .map_err(|_| "WARC record headers are not UTF-8".to_string())?;
    let header = |name: &str| {
        head.split("\r\n")
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_string())
    };
    let kind = header("WARC-Type").ok_or("WARC record has no WARC-Type")?;
    let id = header("WARC-Record-ID").ok_or("WARC record has no WARC-Record-ID")?;
    let length: usize = header("Content-Length")
        .and_then(|l| l.parse().ok())
        .ok_or("WARC record has no valid Content-Length")?;
    let available = member.len().saturating_sub(end + 4);
    if available < length {
        return Err(format!(
            "WARC record {id} declares {length} bytes of content but holds {available}"
        ));
    }
    Ok(RecordHead { kind, id })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn member(kind: &str, id: &str, block: &str) -> Vec<u8> {
        let record = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {id}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(record.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    fn scan_bytes(bytes: &[u8]) -> FileScan {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc.gz");
        std::fs::write(&path, bytes).unwrap();
        scan_file(&path).unwrap()
    }

    #[test]
    fn a_healthy_file_reads_to_the_end() {
        let mut bytes = member("warcinfo", "<i>", "software: t");
        bytes.extend(member("response", "<r1>", "HTTP/1.1 200 OK\r\n\r\nbody"));
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.records, 2);
        assert_eq!(scan.response_ids, ["<r1>"]);
        assert!(scan.torn_tail_at.is_none() && scan.corrupt.is_empty());
        assert_eq!(scan.clean_len, bytes.len() as u64);
    }

    #[test]
    fn a_torn_last_member_is_not_corruption() {
        let mut bytes = member("response", "<r1>", "one");
        let whole = bytes.len() as u64;
        let second = member("response", "<r2>", "two two two two");
        bytes.extend_from_slice(&second[..second.len() / 2]);
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.response_ids, ["<r1>"]);
        assert_eq!(scan.torn_tail_at, Some(whole));
        assert!(scan.corrupt.is_empty());
        assert_eq!(scan.clean_len, whole);
    }

    #[test]
    fn damage_in_the_middle_is_located_and_later_records_still_count() {
        let first = member(
            "response",
            "<r1>",
            "first record body with some length to it",
        );
        let mut bytes = first.clone();
        bytes.extend(member("response", "<r2>", "second"));
        bytes.extend(member("response", "<r3>", "third"));
        // Flip bytes inside the first member's compressed data.
        for b in &mut bytes[12..20] {
            *b ^= 0x5a;
        }
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.corrupt.len(), 1, "{:?}", scan.corrupt);
        assert_eq!(scan.corrupt[0].0, 0);
        assert_eq!(scan.response_ids, ["<r2>", "<r3>"]);
        assert_eq!(scan.records_after_damage, 2);
        assert!(scan.torn_tail_at.is_none());
    }

    #[test]
    fn a_member_that_is_not_a_record_is_corruption() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(b"hello").unwrap();
        let scan = scan_bytes(&gz.finish().unwrap());
        assert_eq!(scan.corrupt.len(), 1);
        assert!(scan.corrupt[0].1.contains("not a WARC record"));
    }
}
