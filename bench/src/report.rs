//! The one table the bench prints, as text, Markdown and JSON, with the issue's targets
//! marked ✓ or ✗.

use serde::Serialize;

use crate::load::{Latencies, RunReport};
use crate::system::Machine;
use crate::table::{GIB, aligned, bytes, markdown, ms};

/// Issue 9's targets, set for 1,000,000 articles on 2 cores at 8 clients.
pub const TARGET_ARTICLES: usize = 1_000_000;
const TARGET_IMPORT_PER_S: f64 = 3000.0;
const TARGET_P50_MS: f64 = 10.0;
const TARGET_P99_MS: f64 = 100.0;
const TARGET_RSS_BYTES: f64 = GIB;
/// Required throughput multiple over each baseline, by engine name.
const TARGET_RATIOS: [(&str, f64); 2] = [("postgresql", 50.0), ("sqlite-fts5", 25.0)];

/// One engine's figures.
#[derive(Debug, Clone, Serialize)]
pub struct EngineFigures {
    pub name: String,
    pub articles: u64,
    pub load_seconds: f64,
    pub load_per_second: f64,
    pub load_peak_rss_bytes: Option<u64>,
    pub size_on_disk_bytes: u64,
    pub server_rss_bytes: Option<u64>,
    pub server_anon_bytes: Option<u64>,
    pub queries: RunReport,
    /// The engine's own remarks on the run (see [`crate::engine::Engine::notes`]).
    pub notes: Vec<String>,
}

/// gazette's throughput over a baseline's, and how often their totals agree.
#[derive(Debug, Clone, Serialize)]
pub struct Ratio {
    pub baseline: String,
    pub throughput_ratio: f64,
    /// Requests both answered, and among them those with the same total.
    pub compared: usize,
    pub same_total: usize,
}

/// One target of the issue and whether this run meets it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCheck {
    pub target: String,
    pub measured: String,
    pub met: bool,
}

/// Everything one run reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub date: String,
    pub machine: Machine,
    pub articles: usize,
    pub seed: u64,
    pub clients: usize,
    pub duration_s: u64,
    pub mix: String,
    pub engines: Vec<EngineFigures>,
    pub ratios: Vec<Ratio>,
    pub targets: Vec<TargetCheck>,
    /// Engines that could not be measured, with the reason.
    pub failed: Vec<String>,
}

impl Report {
    /// Derives the ratios against gazette and the target checks from the figures.
    pub fn new(
        machine: Machine,
        articles: usize,
        seed: u64,
        clients: usize,
        duration_s: u64,
        mix: String,
        engines: Vec<EngineFigures>,
    ) -> Report {
        let gazette = engines.iter().find(|e| e.name == "gazette");
        let ratios: Vec<Ratio> = gazette
            .map(|g| {
                engines
                    .iter()
                    .filter(|e| e.name != "gazette")
                    .map(|baseline| ratio(g, baseline))
                    .collect()
            })
            .unwrap_or_default();
        let targets = gazette.map(|g| targets(g, &ratios)).unwrap_or_default();
        Report {
            date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            machine,
            articles,
            seed,
            clients,
            duration_s,
            mix,
            engines,
            ratios,
            targets,
            failed: Vec::new(),
        }
    }

    /// The main table: one row per engine.
    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            [
                "engine",
                "load art/s",
                "load s",
                "size on disk",
                "load peak RSS",
                "queries/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "errors",
                "server RSS",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for e in &self.engines {
            let q = &e.queries;
            rows.push(vec![
                e.name.clone(),
                format!("{:.0}", e.load_per_second),
                format!("{:.1}", e.load_seconds),
                bytes(Some(e.size_on_disk_bytes)),
                bytes(e.load_peak_rss_bytes),
                format!("{:.1}", q.per_second),
                ms(q.latencies.p50_ms),
                ms(q.latencies.p95_ms),
                ms(q.latencies.p99_ms),
                ms(q.latencies.max_ms),
                q.errors.to_string(),
                bytes(e.server_rss_bytes),
            ]);
        }
        rows
    }

    /// Latency by request class, per engine.
    fn class_table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            [
                "engine", "class", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for e in &self.engines {
            for (class, l) in &e.queries.by_class {
                rows.push(class_row(&e.name, class, l));
            }
        }
        rows
    }

    fn header(&self) -> String {
        let m = &self.machine;
        format!(
            "{} articles (seed {}), {} clients, {} s per engine; {}\n\
             machine: {}, {} cores, {:.1} GiB RAM, Linux {}",
            self.articles,
            self.seed,
            self.clients,
            self.duration_s,
            self.date,
            m.cpu_model,
            m.cores,
            m.memory_bytes as f64 / GIB,
            m.kernel
        )
    }

    fn footer(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for e in &self.engines {
            let q = &e.queries;
            let mut notes = vec![format!(
                "{}: {} requests in {:.1} s, {} with no match{}",
                e.name,
                q.requests,
                q.seconds,
                q.zero_hits,
                if q.mix_exhausted {
                    ", mix exhausted before the duration"
                } else {
                    ""
                }
            )];
            notes.extend(q.error_samples.iter().map(|m| format!("  error: {m}")));
            notes.extend(e.notes.iter().cloned());
            lines.extend(notes);
        }
        lines.extend(self.failed.iter().map(|f| format!("not measured: {f}")));
        for r in &self.ratios {
            lines.push(format!(
                "gazette / {}: {:.1}x the throughput; same total on {} of {} requests both answered",
                r.baseline, r.throughput_ratio, r.same_total, r.compared
            ));
        }
        if !self.targets.is_empty() {
            let scale = if self.articles == TARGET_ARTICLES && self.clients == 8 {
                String::new()
            } else {
                format!(" (set for {TARGET_ARTICLES} articles at 8 clients; this run differs)")
            };
            lines.push(format!("targets{scale}:"));
            for t in &self.targets {
                let mark = if t.met { "✓" } else { "✗" };
                lines.push(format!("  {mark} {}: {}", t.target, t.measured));
            }
        }
        lines
    }

    /// The report for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n\n{}\n", self.header(), aligned(&self.table()));
        out += &format!("\n{}\n", aligned(&self.class_table()));
        out += &format!("\n{}\n\n{}\n", self.mix, self.footer().join("\n"));
        out
    }

    /// The same report as Markdown, for the docs.
    pub fn to_markdown(&self) -> String {
        let header = self.header().replace('\n', "  \n");
        let footer: Vec<String> = self
            .footer()
            .iter()
            .map(|line| match line.strip_prefix("  ") {
                Some(item) => format!("- {item}"),
                None => format!("\n{line}\n"),
            })
            .collect();
        format!(
            "{header}\n\n{}\n{}\n```\n{}\n```\n{}\n",
            markdown(&self.table()),
            markdown(&self.class_table()),
            self.mix,
            footer.join("\n")
        )
    }
}

fn ratio(gazette: &EngineFigures, baseline: &EngineFigures) -> Ratio {
    let pairs = gazette.queries.totals.iter().zip(&baseline.queries.totals);
    let both: Vec<(u64, u64)> = pairs.filter_map(|(a, b)| Some(((*a)?, (*b)?))).collect();
    Ratio {
        baseline: baseline.name.clone(),
        throughput_ratio: gazette.queries.per_second / baseline.queries.per_second.max(1e-9),
        compared: both.len(),
        same_total: both.iter().filter(|(a, b)| a == b).count(),
    }
}

fn targets(gazette: &EngineFigures, ratios: &[Ratio]) -> Vec<TargetCheck> {
    let l = &gazette.queries.latencies;
    let mut checks = vec![
        TargetCheck {
            target: format!("import ≥ {TARGET_IMPORT_PER_S:.0} articles/s with tagging"),
            measured: format!("{:.0}/s", gazette.load_per_second),
            met: gazette.load_per_second >= TARGET_IMPORT_PER_S,
        },
        TargetCheck {
            target: format!("p50 ≤ {TARGET_P50_MS:.0} ms"),
            measured: format!("{} ms", ms(l.p50_ms)),
            met: l.count > 0 && l.p50_ms <= TARGET_P50_MS,
        },
        TargetCheck {
            target: format!("p99 ≤ {TARGET_P99_MS:.0} ms"),
            measured: format!("{} ms", ms(l.p99_ms)),
            met: l.count > 0 && l.p99_ms <= TARGET_P99_MS,
        },
    ];
    for (baseline, wanted) in TARGET_RATIOS {
        if let Some(r) = ratios.iter().find(|r| r.baseline == baseline) {
            checks.push(TargetCheck {
                target: format!("≥ {wanted:.0}x {baseline}'s throughput"),
                measured: format!("{:.1}x", r.throughput_ratio),
                met: r.throughput_ratio >= wanted,
            });
        }
    }
    checks.push(TargetCheck {
        target: "server RSS ≤ 1 GiB".to_string(),
        measured: match gazette.server_anon_bytes {
            Some(anon) => format!(
                "{} (private {}; the rest is the memory-mapped index, i.e. page cache)",
                bytes(gazette.server_rss_bytes),
                bytes(Some(anon))
            ),
            None => bytes(gazette.server_rss_bytes),
        },
        met: gazette
            .server_rss_bytes
            .is_some_and(|b| b as f64 <= TARGET_RSS_BYTES),
    });
    checks
}

fn class_row(engine: &str, class: &str, l: &Latencies) -> Vec<String> {
    vec![
        engine.to_string(),
        class.to_string(),
        l.count.to_string(),
        ms(l.p50_ms),
        ms(l.p95_ms),
        ms(l.p99_ms),
        ms(l.max_ms),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(name: &str, per_second: f64, totals: Vec<Option<u64>>) -> EngineFigures {
        EngineFigures {
            name: name.into(),
            articles: 1000,
            load_seconds: 0.5,
            load_per_second: 4000.0,
            load_peak_rss_bytes: Some(300 << 20),
            size_on_disk_bytes: 50 << 20,
            server_rss_bytes: Some(2 << 30),
            server_anon_bytes: None,
            queries: RunReport {
                requests: 10,
                errors: 0,
                error_samples: Vec::new(),
                seconds: 1.0,
                per_second,
                latencies: Latencies::from_micros(vec![5000, 8000, 150_000]),
                by_class: vec![("word".into(), Latencies::from_micros(vec![5000]))],
                zero_hits: 1,
                mix_exhausted: false,
                totals,
            },
            notes: vec![format!("{name}: a remark")],
        }
    }

    #[test]
    fn ratios_and_targets_follow_the_figures() {
        let machine = Machine {
            cpu_model: "Test CPU".into(),
            cores: 2,
            memory_bytes: 8 << 30,
            kernel: "6.1".into(),
        };
        let report = Report::new(
            machine,
            1000,
            42,
            8,
            60,
            "query mix: 10".into(),
            vec![
                figures("gazette", 300.0, vec![Some(5), Some(7), None]),
                figures("sqlite-fts5", 10.0, vec![Some(5), Some(6), Some(1)]),
            ],
        );
        assert_eq!(report.ratios.len(), 1);
        let r = &report.ratios[0];
        assert!((r.throughput_ratio - 30.0).abs() < 1e-9);
        assert_eq!((r.compared, r.same_total), (2, 1));
        let met: Vec<(String, bool)> = report
            .targets
            .iter()
            .map(|t| (t.target.clone(), t.met))
            .collect();
        assert!(met.contains(&("import ≥ 3000 articles/s with tagging".into(), true)));
        assert!(met.contains(&("p50 ≤ 10 ms".into(), true)));
        assert!(met.contains(&("p99 ≤ 100 ms".into(), false)));
        assert!(met.contains(&("≥ 25x sqlite-fts5's throughput".into(), true)));
        assert!(met.contains(&("server RSS ≤ 1 GiB".into(), false)));

        let text = report.to_text();
        assert!(text.contains("Test CPU, 2 cores"));
        assert!(text.contains("✓ p50 ≤ 10 ms: 8.0 ms"), "{text}");
        assert!(text.contains("gazette: a remark"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("gazette ") && l.contains("300.0")),
            "{text}"
        );
        let markdown = report.to_markdown();
        assert!(
            markdown.contains("| gazette | 4000 | 0.5 | 50 MiB | 300 MiB | 300.0 |"),
            "{markdown}"
        );
        assert!(
            markdown.contains("- ✗ server RSS ≤ 1 GiB: 2.00 GiB"),
            "{markdown}"
        );
    }
}
