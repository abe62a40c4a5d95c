//! SIGTERM to `gazette serve` while requests are in flight: the requests already
//! being answered complete in full, new connections are refused, and the process
//! exits 0.

mod common;
mod hardening_support;

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use common::Server;
use hardening_support::{KillOnDrop, import_generated, sigterm, wait_for_exit};

const ARTICLES: usize = 2000;
const EXPORTS: usize = 4;

#[test]
fn sigterm_lets_requests_in_flight_finish_then_exits_0() {
    let work = tempfile::tempdir().expect("tempdir");
    import_generated(work.path(), "archive.jsonl", "sig", ARTICLES);
    let server = Server::start(
        work.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    let base = server.base.clone();
    let mut serve = KillOnDrop(server.into_child());

    // Long responses: whole-archive exports (several MB), read slowly so they are
    // still streaming when the signal arrives.
    let (headers_tx, headers_rx) = mpsc::channel();
    let readers: Vec<_> = (0..EXPORTS)
        .map(|_| {
            let url = format!("{base}/api/export?format=ndjson");
            let headers_tx = headers_tx.clone();
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(120))
                    .build()
                    .expect("client");
                let mut response = client.get(&url).send().expect("export starts");
                let status = response.status().as_u16();
                headers_tx.send(()).expect("main thread waits");
                let mut body = Vec::new();
                let mut chunk = [0u8; 16 * 1024];
                loop {
                    match response.read(&mut chunk) {
                        Ok(0) => break,
                        Ok(n) => body.extend_from_slice(&chunk[..n]),
                        Err(e) => panic!("the export was cut off after {} bytes: {e}", body.len()),
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                (status, body)
            })
        })
        .collect();
    for _ in 0..EXPORTS {
        headers_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("every export has started");
    }

    sigterm(&serve.0);
    // The listener closes at once: a new request is refused rather than served.
    std::thread::sleep(Duration::from_millis(300));
    let late = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .get(format!("{base}/healthz"))
        .send();
    assert!(
        late.is_err(),
        "a request after SIGTERM must not be accepted"
    );

    for reader in readers {
        let (status, body) = reader.join().expect("reader thread");
        assert_eq!(status, 200);
        let text = String::from_utf8(body).expect("utf-8 export");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.len(),
            ARTICLES,
            "an export in flight must complete in full"
        );
        for line in lines {
            serde_json::from_str::<serde_json::Value>(line)
                .expect("every exported line is whole JSON");
        }
    }
    let status = wait_for_exit(&mut serve.0, Duration::from_secs(40))
        .expect("gazette serve exits after SIGTERM");
    assert_eq!(
        status.code(),
        Some(0),
        "gazette serve must exit 0 on SIGTERM, got {status}"
    );
}
