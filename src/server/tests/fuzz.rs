//! Thousands of generated hostile requests, sent concurrently: every one gets a
//! well-formed answer (200, or a 4xx with the JSON error shape), none a 5xx, none hangs.
//!
//! The generator is seeded, so a failure names the request and reproduces exactly.

use super::{TestServer, assert_error_shape};
use futures::StreamExt;
use std::time::Duration;

/// Requests generated per run, and how many are in flight at once.
const REQUESTS: usize = 3000;
const IN_FLIGHT: usize = 24;

/// A small deterministic generator (xorshift64*), enough to pick among choices.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }
}

const PATHS: [&str; 16] = [
    "/api/search",
    "/api/search",
    "/api/search",
    "/api/search.atom",
    "/api/quotes",
    "/api/experts",
    "/api/facets/country",
    "/api/facets/topic",
    "/api/facets/%FF",
    "/api/timeline",
    "/api/export",
    "/api/articles/az-israel-gas",
    "/api/articles/%00%22",
    "/api/articles/x/similar",
    "/api/jobs",
    "/api/zzz",
];

const PARAMETERS: [&str; 20] = [
    "q", "q", "q", "mode", "country", "topic", "expert", "source", "from", "to", "sort", "page",
    "per_page", "interval", "format", "cursor", "prefix", "limit", "unknown", "q%FF",
];

/// Pieces of hostile query text, percent-encoded where a raw byte would be rewritten by
/// the client's URL parser: syntax errors, operators, fields, RTL and zero-width characters.
const QUERY_PIECES: [&str; 31] = [
    "israel",
    "%22unclosed",
    "(",
    ")",
    "((((",
    "))",
    "OR",
    "AND",
    "NOT",
    "-",
    "-gaza",
    "title:",
    "nosuchfield:x",
    "country:AZ",
    "topic:medtop:11000000",
    "[2020+TO",
    "2024]",
    "*",
    "?",
    "^2",
    "~3",
    "%E2%80%8B",
    "%E2%80%AE",
    "%D8%A8%D8%A7%D9%83%D9%88",
    "+",
    "&",
    "=",
    "%26",
    "%3D",
    "\\",
    "{}",
];

/// Pieces that are not valid encoded UTF-8 text at all (or carry a NUL byte).
const BROKEN_ENCODINGS: [&str; 5] = ["%00", "%FF", "%", "%2", "%C3%28"];

const VALUES: [&str; 24] = [
    "",
    "1",
    "-1",
    "0",
    "abc",
    "99999999999999999999",
    "1e3",
    "2024-01-01",
    "2024-13-45",
    "not-a-date",
    "newest",
    "sideways",
    "AZ",
    "Azerbaijan",
    "Atlantis",
    "politics",
    "day",
    "fortnight",
    "csv",
    "xml",
    "%FF%FE",
    "%00",
    "%E2%80%8F",
    "18446744073709551616",
];

const METHODS: [&str; 8] = ["GET", "GET", "GET", "GET", "POST", "PUT", "DELETE", "FROB"];

fn hostile_query(dice: &mut Dice, broken_encodings: bool) -> String {
    let terms = if dice.below(50) == 0 {
        2000
    } else {
        1 + dice.below(12)
    };
    (0..terms)
        .map(|_| {
            if broken_encodings && dice.below(8) == 0 {
                dice.pick(&BROKEN_ENCODINGS)
            } else {
                dice.pick(&QUERY_PIECES)
            }
        })
        .collect::<Vec<_>>()
        .join("+")
}

/// Endpoints that run a query, for the requests that put hostile text through the
/// query parser and the index with otherwise valid parameters.
const QUERY_PATHS: [&str; 6] = [
    "/api/search",
    "/api/search.atom",
    "/api/quotes",
    "/api/timeline",
    "/api/facets/topic",
    "/api/export",
];

/// One request: a third are a hostile `q` alone on a query endpoint; the rest mix
/// paths, methods, known and unknown parameters and hostile values freely.
fn request(dice: &mut Dice) -> (&'static str, String) {
    if dice.below(3) == 0 {
        return (
            "GET",
            format!(
                "{}?q={}",
                dice.pick(&QUERY_PATHS),
                hostile_query(dice, false)
            ),
        );
    }
    let method = dice.pick(&METHODS);
    let path = dice.pick(&PATHS);
    let pairs: Vec<String> = (0..dice.below(6))
        .map(|_| {
            let name = dice.pick(&PARAMETERS);
            let value = if name.starts_with('q') {
                hostile_query(dice, true)
            } else {
                dice.pick(&VALUES).to_owned()
            };
            format!("{name}={value}")
        })
        .collect();
    let query = if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    };
    (method, format!("{path}{query}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_never_get_a_5xx_or_hang() {
    // The query length limit is raised so that queries of thousands of terms reach the
    // query parser and the index instead of stopping at the gate.
    let server = TestServer::start(|settings| {
        settings.limits.max_concurrent_requests = 4 * IN_FLIGHT;
        settings.limits.max_query_len = 50_000;
    })
    .await;
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let requests: Vec<(&str, String)> = (0..REQUESTS).map(|_| request(&mut dice)).collect();
    let server = &server;
    let answers: Vec<Result<u16, String>> = futures::stream::iter(requests)
        .map(|(method, target)| async move {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let send = server
                .client
                .request(method.clone(), server.url(&target))
                .send();
            let response = match tokio::time::timeout(Duration::from_secs(15), send).await {
                Ok(Ok(response)) => response,
                Ok(Err(err)) => return Err(format!("{method} {target}: transport error {err}")),
                Err(_) => return Err(format!("{method} {target}: no answer within 15 s")),
            };
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            if status.is_server_error() {
                return Err(format!("{method} {target}: {status} {body}"));
            }
            if status.is_client_error() {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                if json["error"]["code"].as_str().is_none_or(str::is_empty) {
                    return Err(format!(
                        "{method} {target}: {status} without a JSON error: {body}"
                    ));
                }
                assert_error_shape(&json, &target);
            }
            Ok(status.as_u16())
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let failures: Vec<&String> = answers
        .iter()
        .filter_map(|answer| answer.as_ref().err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {REQUESTS} requests failed, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .map(|failure| failure.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The generator must reach the handlers, not only the gate: a fair share succeeds.
    let succeeded = answers
        .iter()
        .filter(|answer| matches!(answer, Ok(200)))
        .count();
    assert!(
        succeeded * 10 >= REQUESTS,
        "only {succeeded} of {REQUESTS} requests succeeded"
    );
}

#[test]
fn the_generator_covers_hostile_shapes() {
    let mut dice = Dice(7);
    let targets: Vec<String> = (0..REQUESTS).map(|_| request(&mut dice).1).collect();
    for shape in [
        "%22unclosed",
        "%FF",
        "%00",
        "%E2%80%8B",
        "page=-1",
        "per_page=99999999999999999999",
    ] {
        assert!(
            targets.iter().any(|target| target.contains(shape)),
            "never generated {shape}"
        );
    }
    assert!(
        targets
            .iter()
            .any(|target| target.matches('+').count() > 1000),
        "never a query of thousands of terms"
    );
}
