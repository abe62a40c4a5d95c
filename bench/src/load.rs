//! The closed-loop load runner: C clients, each sending its next request as soon as the
//! previous answer is complete, as a pool of busy users (or a front end) would.
//!
//! A warm-up phase runs the mix's warm-up requests (other queries than the measured
//! ones, so the measured answers are not cache hits the warm-up paid for) and is not
//! measured. The measured phase hands out the mix's requests in order, each exactly once,
//! until the duration is up or the mix is exhausted; every latency is kept, so the
//! percentiles are exact. The duration is checked before each request, so even an engine
//! that takes seconds per request still yields a figure.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::composition::classes;
use crate::engine::{Engine, EngineClient};
use crate::mix::QueryMix;

/// Errors kept verbatim for the report; the rest are only counted.
const ERRORS_KEPT: usize = 5;

/// How hard and how long to drive an engine.
#[derive(Debug, Clone, Copy)]
pub struct LoadSettings {
    pub clients: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// Latency percentiles of a set of requests, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Latencies {
    pub count: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latencies {
    /// From latencies in microseconds (any order).
    pub fn from_micros(mut micros: Vec<u64>) -> Latencies {
        micros.sort_unstable();
        let ms = |q: f64| percentile(&micros, q) as f64 / 1000.0;
        Latencies {
            count: micros.len(),
            p50_ms: ms(0.50),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            max_ms: ms(1.0),
        }
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least
/// `q` of all values at or below it (0 for no values).
pub fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What the measured phase gave.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// Requests answered successfully.
    pub requests: usize,
    pub errors: usize,
    /// The first few error messages.
    pub error_samples: Vec<String>,
    pub seconds: f64,
    pub per_second: f64,
    pub latencies: Latencies,
    /// Latencies by request class (`word`, `phrase`, `filtered`, `timeline`, …).
    pub by_class: Vec<(String, Latencies)>,
    /// Successful requests that matched nothing.
    pub zero_hits: usize,
    /// True when the mix ran out before the duration did.
    pub mix_exhausted: bool,
    /// Total matches per measured request, `None` where it was not run or failed
    /// (for comparing engines' answers request by request).
    #[serde(skip)]
    pub totals: Vec<Option<u64>>,
}

struct Outcome {
    query: usize,
    micros: u64,
    answer: Result<u64, String>,
}

/// Drives `engine` with `mix` under `settings`.
pub fn run(
    engine: &dyn Engine,
    mix: &QueryMix,
    settings: LoadSettings,
) -> anyhow::Result<RunReport> {
    let clients = (0..settings.clients.max(1))
        .map(|_| engine.client())
        .collect::<anyhow::Result<Vec<_>>>()?;
    let clients = warm_up(clients, mix, settings.warmup);

    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = clients
            .into_iter()
            .map(|mut client| {
                let next = &next;
                scope.spawn(move || {
                    let mut outcomes = Vec::new();
                    while started.elapsed() < settings.duration {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(query) = mix.measured.get(index) else {
                            break;
                        };
                        let sent = Instant::now();
                        let answer = client.run(query).map_err(|e| format!("{e:#}"));
                        outcomes.push(Outcome {
                            query: index,
                            micros: sent.elapsed().as_micros() as u64,
                            answer,
                        });
                    }
                    outcomes
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    Ok(summarise(
        mix,
        outcomes,
        seconds,
        next.load(Ordering::Relaxed) >= mix.measured.len(),
    ))
}

/// Runs the warm-up requests round-robin on every client until `warmup` has passed;
/// hands the clients back, connections open.
fn warm_up(
    clients: Vec<Box<dyn EngineClient>>,
    mix: &QueryMix,
    warmup: Duration,
) -> Vec<Box<dyn EngineClient>> {
    if mix.warmup.is_empty() || warmup.is_zero() {
        return clients;
    }
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        let handles: Vec<_> = clients
            .into_iter()
            .map(|mut client| {
                let next = &next;
                scope.spawn(move || {
                    while started.elapsed() < warmup {
                        let index = next.fetch_add(1, Ordering::Relaxed) % mix.warmup.len();
                        // Warm-up answers and errors are not measured; errors show in the measured phase.
                        let _ = client.run(&mix.warmup[index]);
                    }
                    client
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    })
}

fn summarise(
    mix: &QueryMix,
    outcomes: Vec<Outcome>,
    seconds: f64,
    mix_exhausted: bool,
) -> RunReport {
    let mut totals = vec![None; mix.measured.len()];
    let mut all = Vec::with_capacity(outcomes.len());
    let mut by_class: Vec<(String, Vec<u64>)> = Vec::new();
    let (mut errors, mut zero_hits) = (0, 0);
    let mut error_samples = Vec::new();
    for outcome in outcomes {
        match outcome.answer {
            Ok(total) => {
                all.push(outcome.micros);
                zero_hits += usize::from(total == 0);
                if let Some(slot) = totals.get_mut(outcome.query) {
                    *slot = Some(total);
                }
                for class in mix
                    .measured
                    .get(outcome.query)
                    .map(classes)
                    .unwrap_or_default()
                {
                    match by_class.iter_mut().find(|(name, _)| name == class) {
                        Some((_, micros)) => micros.push(outcome.micros),
                        None => by_class.push((class.to_string(), vec![outcome.micros])),
                    }
                }
            }
            Err(message) => {
                errors += 1;
                if error_samples.len() < ERRORS_KEPT {
                    error_samples.push(message);
                }
            }
        }
    }
    by_class.sort_by(|a, b| a.0.cmp(&b.0));
    let requests = all.len();
    RunReport {
        requests,
        errors,
        error_samples,
        seconds,
        per_second: requests as f64 / seconds.max(1e-9),
        latencies: Latencies::from_micros(all),
        by_class: by_class
            .into_iter()
            .map(|(name, micros)| (name, Latencies::from_micros(micros)))
            .collect(),
        zero_hits,
        mix_exhausted,
        totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::LoadReport;
    use crate::workload::{BenchQuery, TaggedArticle};

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 0.50), 50);
        assert_eq!(percentile(&values, 0.95), 95);
        assert_eq!(percentile(&values, 0.99), 99);
        assert_eq!(percentile(&values, 1.0), 100);
        assert_eq!(percentile(&values, 0.0), 1);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.5), 0);
        assert_eq!(percentile(&[10, 20, 30, 40], 0.5), 20);
        let latencies = Latencies::from_micros(vec![3000, 1000, 2000]);
        assert_eq!(
            (latencies.count, latencies.p50_ms, latencies.max_ms),
            (3, 2.0, 3.0)
        );
    }

    /// Answers with the number of words; fails on "fail"; takes a millisecond.
    struct FakeEngine;
    struct FakeClient;

    impl Engine for FakeEngine {
        fn name(&self) -> &'static str {
            "fake"
        }
        fn load(
            &mut self,
            _: &mut dyn Iterator<Item = anyhow::Result<TaggedArticle>>,
        ) -> anyhow::Result<LoadReport> {
            Ok(LoadReport::default())
        }
        fn client(&self) -> anyhow::Result<Box<dyn EngineClient>> {
            Ok(Box::new(FakeClient))
        }
        fn size_on_disk(&self) -> anyhow::Result<u64> {
            Ok(0)
        }
        fn server_rss_bytes(&self) -> Option<u64> {
            None
        }
    }

    impl EngineClient for FakeClient {
        fn run(&mut self, query: &BenchQuery) -> anyhow::Result<u64> {
            std::thread::sleep(Duration::from_millis(1));
            let BenchQuery::Timeline { words } = query else {
                anyhow::bail!("unexpected");
            };
            anyhow::ensure!(words[0] != "fail", "asked to fail");
            Ok(words.len() as u64)
        }
    }

    #[test]
    fn every_request_runs_once_until_the_mix_is_exhausted() {
        let timeline = |word: &str| BenchQuery::Timeline {
            words: vec![word.to_string()],
        };
        let mut measured: Vec<_> = (0..200).map(|i| timeline(&format!("w{i}"))).collect();
        measured[10] = timeline("fail");
        let mix = QueryMix {
            warmup: vec![timeline("warm")],
            measured,
        };
        let settings = LoadSettings {
            clients: 4,
            warmup: Duration::from_millis(20),
            duration: Duration::from_secs(30),
        };
        let report = run(&FakeEngine, &mix, settings).unwrap();
        assert!(report.mix_exhausted);
        assert_eq!((report.requests, report.errors), (199, 1));
        assert!(report.error_samples[0].contains("asked to fail"));
        assert_eq!(report.totals.iter().flatten().count(), 199);
        assert!(report.latencies.p50_ms >= 1.0);
        assert_eq!(report.by_class[0].0, "timeline");
        assert!(report.per_second > 0.0);
    }

    #[test]
    fn the_duration_stops_a_long_mix() {
        let mix = QueryMix {
            warmup: Vec::new(),
            measured: vec![
                BenchQuery::Timeline {
                    words: vec!["x".into()]
                };
                100_000
            ],
        };
        let settings = LoadSettings {
            clients: 2,
            warmup: Duration::ZERO,
            duration: Duration::from_millis(100),
        };
        let report = run(&FakeEngine, &mix, settings).unwrap();
        assert!(!report.mix_exhausted);
        assert!(
            report.requests > 10 && report.requests < 100_000,
            "{}",
            report.requests
        );
        assert!(report.seconds < 5.0);
    }
}
