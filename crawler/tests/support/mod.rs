//! Test support: an adversarial news site on loopback (axum) that logs every request, and
//! a sink that records what the crawler delivers.
#![allow(dead_code)]

pub mod bulk;
pub mod site;
pub mod static_site;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gazette_crawler::{Article, ArticleSink, SinkError};

/// Records puts and flushes; clones share the same record.
#[derive(Clone, Default)]
pub struct RecordingSink {
    pub inner: Arc<Mutex<SinkLog>>,
}

#[derive(Default)]
pub struct SinkLog {
    pub puts: Vec<Article>,
    pub flushes: usize,
    /// Articles made durable by a flush (what an index would hold), by id.
    pub durable: BTreeMap<String, Article>,
    pending: Vec<Article>,
}

impl RecordingSink {
    pub fn puts(&self) -> Vec<Article> {
        self.inner.lock().unwrap().puts.clone()
    }

    pub fn durable(&self) -> BTreeMap<String, Article> {
        self.inner.lock().unwrap().durable.clone()
    }
}

impl ArticleSink for RecordingSink {
    fn put(&mut self, article: Article) -> Result<(), SinkError> {
        let mut log = self.inner.lock().unwrap();
        log.puts.push(article.clone());
        log.pending.push(article);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        let mut log = self.inner.lock().unwrap();
        log.flushes += 1;
        for a in std::mem::take(&mut log.pending) {
            log.durable.insert(a.id.clone(), a);
        }
        Ok(())
    }
}

/// Deterministic, story-specific prose: different stories share few word 3-shingles, so
/// they are never near-duplicates of each other.
pub fn prose(seed: &str, paragraphs: usize) -> Vec<String> {
    const WORDS: &[&str] = &[
        "minister",
        "treaty",
        "border",
        "election",
        "parliament",
        "ceasefire",
        "sanctions",
        "pipeline",
        "budget",
        "coalition",
        "embassy",
        "refugees",
        "tariff",
        "summit",
        "negotiators",
        "opposition",
        "referendum",
        "militia",
        "province",
        "governor",
        "reform",
        "inflation",
        "exports",
        "drought",
        "harvest",
        "protest",
        "verdict",
        "court",
        "constitution",
        "envoy",
        "delegation",
        "corridor",
        "reservoir",
        "garrison",
        "frontier",
        "ministry",
        "council",
        "charter",
        "accord",
        "mandate",
        "observers",
        "monitors",
        "ballot",
        "turnout",
        "quota",
        "subsidy",
        "grain",
        "fuel",
        "power",
        "grid",
        "port",
        "railway",
        "highway",
        "airport",
        "hospital",
        "school",
        "teachers",
        "doctors",
        "farmers",
        "miners",
        "workers",
        "students",
        "veterans",
        "exiles",
        "donors",
        "lenders",
    ];
    let mut state: u64 = seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..paragraphs)
        .map(|_| {
            let words: Vec<&str> = (0..40)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect();
            let mut p = words.join(" ");
            p.push('.');
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
