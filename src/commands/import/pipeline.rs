//! The parallel half of an import: lines are parsed and tagged on every core and come
//! back in file order.
//!
//! Tagging costs more than indexing, so a sequential import leaves cores idle. Here a
//! reader thread cuts the input into numbered batches of lines, tagging workers turn
//! each batch into articles, and [`TaggedLines`] hands them to the single index writer
//! in the order of the file: the writer sees exactly what a sequential import would
//! (a later line with the same id still replaces an earlier one), and line numbers in
//! messages stay right. Channels are bounded, so memory stays flat on any input size.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender, bounded};
use gazette_article::Article;
use gazette_enrich::Enricher;

use super::record::parse_line;

/// Lines per batch: large enough to amortise channel hand-offs, small enough to keep
/// every worker busy near the end of the input.
const BATCH_LINES: usize = 64;
/// Batches in flight per worker (bounds memory).
const BATCHES_PER_WORKER: usize = 4;

/// What became of one line of the input.
#[derive(Debug)]
pub(super) enum LineOutcome {
    /// A blank line (ignored).
    Blank,
    /// A parsed and tagged article.
    Article(Box<Article>),
    /// A line that is not an article, with a message a person can act on.
    Skipped(String),
}

/// A line as read: its bytes, or the note that it was longer than the limit.
enum RawLine {
    Bytes(Vec<u8>),
    TooLong,
}

type Batch<T> = (u64, Vec<(usize, T)>);
/// A tagged batch, or the read error that ended the input at that point of the file.
type TaggedBatch = (u64, Result<Vec<(usize, LineOutcome)>, std::io::Error>);

/// The tagged lines of an input, in file order, as `(line number, outcome)`.
pub(super) struct TaggedLines {
    results: Receiver<TaggedBatch>,
    ready: BTreeMap<u64, Result<Vec<(usize, LineOutcome)>, std::io::Error>>,
    next_batch: u64,
    current: std::vec::IntoIter<(usize, LineOutcome)>,
    threads: Vec<JoinHandle<()>>,
}

impl TaggedLines {
    /// Starts reading `input` and tagging its lines on `workers` threads.
    pub(super) fn start(
        input: Box<dyn Read + Send>,
        max_line_bytes: usize,
        enricher: Arc<Enricher>,
        workers: usize,
    ) -> Self {
        let workers = workers.max(1);
        let (raw_tx, raw_rx) = bounded::<Batch<RawLine>>(workers * BATCHES_PER_WORKER);
        let (result_tx, results) = bounded(workers * BATCHES_PER_WORKER);
        let mut threads = Vec::with_capacity(workers + 1);
        let reader_results = result_tx.clone();
        threads.push(std::thread::spawn(move || {
            if let Err((seq, error)) = read_batches(input, max_line_bytes, &raw_tx) {
                let _ = reader_results.send((seq, Err(error)));
            }
        }));
        for _ in 0..workers {
            let (raw_rx, result_tx, enricher) =
                (raw_rx.clone(), result_tx.clone(), enricher.clone());
            threads.push(std::thread::spawn(move || {
                for (seq, lines) in raw_rx {
                    let tagged = lines
                        .into_iter()
                        .map(|(number, line)| (number, tag_line(&enricher, line, max_line_bytes)))
                        .collect();
                    if result_tx.send((seq, Ok(tagged))).is_err() {
                        return;
                    }
                }
            }));
        }
        TaggedLines {
            results,
            ready: BTreeMap::new(),
            next_batch: 0,
            current: Vec::new().into_iter(),
            threads,
        }
    }
}

impl Iterator for TaggedLines {
    type Item = Result<(usize, LineOutcome), std::io::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(line) = self.current.next() {
                return Some(Ok(line));
            }
            match self.ready.remove(&self.next_batch) {
                Some(Ok(batch)) => {
                    self.next_batch += 1;
                    self.current = batch.into_iter();
                    continue;
                }
                Some(Err(error)) => return Some(Err(error)),
                None => {}
            }
            match self.results.recv() {
                Ok((seq, batch)) => {
                    self.ready.insert(seq, batch);
                }
                // Every sender is gone: the reader reached the end and the workers drained.
                Err(_) => return None,
            }
        }
    }
}

impl Drop for TaggedLines {
    fn drop(&mut self) {
        // Closing the result channel stops the workers and then the reader at their next send.
        let (_, closed) = bounded(0);
        drop(std::mem::replace(&mut self.results, closed));
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Reads `input` line by line into numbered batches. A read error comes back with the
/// number of the batch it takes the place of, so it is reported after the lines before it.
fn read_batches(
    input: Box<dyn Read + Send>,
    max_line_bytes: usize,
    batches: &Sender<Batch<RawLine>>,
) -> Result<(), (u64, std::io::Error)> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let mut batch = Vec::with_capacity(BATCH_LINES);
    let mut seq = 0u64;
    for number in 1usize.. {
        let mut line = Vec::new();
        let read = reader
            .by_ref()
            .take(max_line_bytes as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| {
                let error =
                    std::io::Error::new(e.kind(), format!("read error at line {number}: {e}"));
                fail_after(seq, &mut batch, batches, error)
            })?;
        if read == 0 {
            break;
        }
        if line.len() > max_line_bytes && !line.ends_with(b"\n") {
            // Skip the rest of an over-long line so the next line is read whole.
            reader
                .skip_until(b'\n')
                .map_err(|e| fail_after(seq, &mut batch, batches, e))?;
            batch.push((number, RawLine::TooLong));
        } else {
            batch.push((number, RawLine::Bytes(line)));
        }
        if batch.len() == BATCH_LINES {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_LINES));
            if batches.send((seq, full)).is_err() {
                return Ok(());
            }
            seq += 1;
        }
    }
    if !batch.is_empty() {
        let _ = batches.send((seq, batch));
    }
    Ok(())
}

/// Sends the lines read before an error, and numbers the error after them.
fn fail_after(
    seq: u64,
    batch: &mut Vec<(usize, RawLine)>,
    batches: &Sender<Batch<RawLine>>,
    error: std::io::Error,
) -> (u64, std::io::Error) {
    if batch.is_empty() {
        return (seq, error);
    }
    let _ = batches.send((seq, std::mem::take(batch)));
    (seq + 1, error)
}

fn tag_line(enricher: &Enricher, line: RawLine, max_line_bytes: usize) -> LineOutcome {
    let bytes = match line {
        RawLine::Bytes(bytes) => bytes,
        RawLine::TooLong => {
            return LineOutcome::Skipped(format!("line longer than {max_line_bytes} bytes"));
        }
    };
    match parse_line(&bytes) {
        Ok(None) => LineOutcome::Blank,
        Ok(Some(mut article)) => {
            tag(enricher, &mut article);
            LineOutcome::Article(Box::new(article))
        }
        Err(message) => LineOutcome::Skipped(message),
    }
}

/// Runs enrichment on an article, replacing any tags it came with (its authors are never its experts).
fn tag(enricher: &Enricher, article: &mut Article) {
    let tags = enricher
        .enrich(&article.title, &article.text)
        .without_authors(&article.byline);
    article.countries = tags.countries;
    article.topics = tags.topics;
    article.quotes = tags.quotes;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(input: &str, workers: usize) -> Vec<(usize, String)> {
        let lines = TaggedLines::start(
            Box::new(std::io::Cursor::new(input.to_owned().into_bytes())),
            200,
            Arc::new(Enricher::new()),
            workers,
        );
        lines
            .map(|line| {
                let (number, outcome) = line.expect("reading from memory cannot fail");
                let text = match outcome {
                    LineOutcome::Blank => "blank".to_owned(),
                    LineOutcome::Article(article) => article.title,
                    LineOutcome::Skipped(message) => format!("skipped: {message}"),
                };
                (number, text)
            })
            .collect()
    }

    #[test]
    fn lines_come_back_in_file_order_whatever_the_workers() {
        let input: String = (0..500)
            .map(|i| format!("{{\"title\":\"T{i}\",\"text\":\"Body {i}\"}}\n"))
            .collect();
        let expected: Vec<(usize, String)> = (0..500).map(|i| (i + 1, format!("T{i}"))).collect();
        assert_eq!(outcomes(&input, 1), expected);
        assert_eq!(outcomes(&input, 3), expected);
    }

    #[test]
    fn bad_blank_and_over_long_lines_keep_their_numbers() {
        let long = format!("{{\"title\":\"{}\",\"text\":\"x\"}}", "a".repeat(300));
        let input = format!(
            "{{\"title\":\"A\",\"text\":\"x\"}}\n\n{{oops\n{long}\n{{\"title\":\"B\",\"text\":\"y\"}}"
        );
        let got = outcomes(&input, 2);
        assert_eq!(got[0], (1, "A".to_owned()));
        assert_eq!(got[1], (2, "blank".to_owned()));
        assert!(got[2].1.contains("not an article object"), "{got:?}");
        assert_eq!(got[2].0, 3);
        assert!(got[3].1.contains("longer than 200 bytes"), "{got:?}");
        assert_eq!(got[4], (5, "B".to_owned()));
    }
}
