//! `GET /api/export`: every match of a search, streamed as NDJSON or CSV, resumable.
//!
//! The index's export iterator runs on the blocking pool and hands chunks of encoded
//! records through a small bounded channel, so memory stays constant however many
//! articles match, a slow client slows the iterator down instead of filling memory,
//! and a client that disconnects stops it. Every record carries the cursor that
//! resumes the export just after it: to continue an interrupted download, pass the
//! last complete record's cursor as `cursor`. NDJSON lines are articles in the import
//! shape (plus `cursor`), so an export can be imported elsewhere as is. The order is
//! the index's stable export order (oldest first), which is what makes cursors work.

use super::error::ApiError;
use super::params::QueryParams;
use super::requests::SEARCH_PARAMS;
use super::search::search_request;
use super::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gazette_article::Article;
use gazette_index::ExportRecord;
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc, oneshot};

/// Chunks in flight between the iterator and the client: the memory bound.
const CHANNEL_CHUNKS: usize = 8;
/// A chunk is sent once it holds at least this many bytes.
const CHUNK_BYTES: usize = 64 * 1024;

/// The export's serialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Ndjson,
    Csv,
}

/// The exports that may stream at once. A slot is held until the export's last byte
/// is sent (or the client leaves), not just until the response head, which is all a
/// request-level concurrency limit would cover.
#[derive(Clone)]
pub struct ExportSlots(Arc<Semaphore>);

impl ExportSlots {
    pub fn new(slots: usize) -> Self {
        ExportSlots(Arc::new(Semaphore::new(slots.max(1))))
    }
}

/// `GET /api/export?format=ndjson|csv[&cursor=...]` plus any search parameter.
pub async fn export(
    State(state): State<AppState>,
    params: QueryParams,
    slots: ExportSlots,
) -> Result<Response, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["format", "cursor"]].concat())?;
    let format = match params.choice("format", &["ndjson", "csv"])? {
        Some("csv") => Format::Csv,
        _ => Format::Ndjson,
    };
    let request = search_request(&params, &state)?;
    let cursor = params.single("cursor")?.map(str::to_owned);
    let slot = Arc::clone(&slots.0)
        .try_acquire_owned()
        .map_err(|_| ApiError::overloaded())?;
    let (started_tx, started_rx) = oneshot::channel();
    let (chunks_tx, mut chunks_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(CHANNEL_CHUNKS);
    let index = Arc::clone(&state.index);
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let records = match index.export(&request, cursor.as_deref()) {
            Ok(records) => {
                let _ = started_tx.send(Ok(()));
                records
            }
            Err(err) => {
                let _ = started_tx.send(Err(err));
                return;
            }
        };
        pump(records, format, &chunks_tx);
    });
    match started_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return Err(ApiError::from(err)),
        Err(_) => {
            tracing::error!("BUG: the export task ended before starting");
            return Err(ApiError::internal());
        }
    }
    let body = Body::from_stream(futures::stream::poll_fn(move |cx| chunks_rx.poll_recv(cx)));
    let (content_type, filename) = match format {
        Format::Ndjson => (
            "application/x-ndjson; charset=utf-8",
            "gazette-export.ndjson",
        ),
        Format::Csv => ("text/csv; charset=utf-8", "gazette-export.csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Encodes records into chunks and sends them until the records end, one fails, or
/// the client goes away. A failing record aborts the body, so the client sees an
/// incomplete transfer (and can resume from its last cursor) rather than a short file
/// that looks whole.
fn pump<I>(records: I, format: Format, chunks: &mpsc::Sender<Result<Bytes, std::io::Error>>)
where
    I: Iterator<Item = Result<ExportRecord, gazette_index::IndexError>>,
{
    let mut encoder = Encoder::new(format);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                tracing::error!(error = %err, "export stopped by an index failure");
                let _ = chunks.blocking_send(Err(std::io::Error::other("export interrupted")));
                return;
            }
        };
        if let Err(err) = encoder.push(&record) {
            tracing::error!(error = %err, "export record could not be encoded");
            let _ = chunks.blocking_send(Err(std::io::Error::other("export interrupted")));
            return;
        }
        if encoder.buffer.len() >= CHUNK_BYTES && chunks.blocking_send(Ok(encoder.take())).is_err()
        {
            return;
        }
    }
    if !encoder.buffer.is_empty() {
        let _ = chunks.blocking_send(Ok(encoder.take()));
    }
}

/// An NDJSON line: the article in the import shape plus its resume cursor.
#[derive(Serialize)]
struct NdjsonLine<'a> {
    #[serde(flatten)]
    article: &'a Article,
    cursor: &'a str,
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 13] = [
    "id",
    "url",
    "title",
    "source",
    "published",
    "byline",
    "section",
    "language",
    "countries",
    "topics",
    "experts",
    "text",
    "cursor",
];

/// Accumulates encoded records until a chunk is worth sending.
struct Encoder {
    format: Format,
    buffer: Vec<u8>,
    header_written: bool,
}

impl Encoder {
    fn new(format: Format) -> Self {
        Encoder {
            format,
            buffer: Vec::with_capacity(CHUNK_BYTES * 2),
            header_written: false,
        }
    }

    fn take(&mut self) -> Bytes {
        Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES * 2),
        ))
    }

    fn push(
        &mut self,
        record: &ExportRecord,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        match self.format {
            Format::Ndjson => {
                serde_json::to_writer(
                    &mut self.buffer,
                    &NdjsonLine {
                        article: &record.article,
                        cursor: &record.cursor,
                    },
                )?;
                self.buffer.push(b'\n');
            }
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(&mut self.buffer);
                if !self.header_written {
                    writer.write_record(CSV_HEADER)?;
                    self.header_written = true;
                }
                writer.write_record(csv_row(&record.article, &record.cursor))?;
                writer.flush()?;
            }
        }
        Ok(())
    }
}

/// One CSV row; lists are joined with `; ` (tags by code, experts by name).
fn csv_row(article: &Article, cursor: &str) -> [String; 13] {
    let join = |values: Vec<&str>| values.join("; ");
    [
        article.id.clone(),
        article.url.clone().unwrap_or_default(),
        article.title.clone(),
        article.source.clone().unwrap_or_default(),
        article
            .published
            .map(|published| published.to_rfc3339())
            .unwrap_or_default(),
        join(article.byline.iter().map(String::as_str).collect()),
        article.section.clone().unwrap_or_default(),
        article.language.clone().unwrap_or_default(),
        join(article.country_codes().collect()),
        join(
            article
                .topics
                .iter()
                .map(|topic| topic.code.as_str())
                .collect(),
        ),
        join(article.experts()),
        article.text.clone(),
        cursor.to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_quote_what_needs_quoting() {
        let mut article = Article::new("Say \"no\", again", "line one\n\nline two");
        article.id = "a1".into();
        let mut encoder = Encoder::new(Format::Csv);
        encoder
            .push(&ExportRecord {
                article: article.clone(),
                cursor: "c1".into(),
            })
            .unwrap();
        encoder
            .push(&ExportRecord {
                article,
                cursor: "c2".into(),
            })
            .unwrap();
        let text = String::from_utf8(encoder.take().to_vec()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 2, "one header, two rows: {text}");
        assert_eq!(&rows[0][2], "Say \"no\", again");
        assert_eq!(&rows[0][11], "line one\n\nline two");
        assert_eq!(&rows[1][12], "c2");
    }
}
