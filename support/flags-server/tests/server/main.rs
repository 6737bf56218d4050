//! The built-in server over real loopback HTTP: what it serves, what it refuses, its delays,
//! its seeded errors, and 1,000 requests held open at once.

mod errors;
mod served;
mod timing;

// Every test in it runs on Unix only, each with its own `cfg`; the module too, so that
// elsewhere it is not an empty module whose imports go unused.
#[cfg(unix)]
mod binary;

use std::time::{Duration, Instant};

use flags_server::{Config, Counters, Delay, Server, countries::COUNTRIES};
use futures::future::join_all;

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("a runtime")
}

fn start(config: Config) -> Server {
    Server::start(config).expect("the server starts")
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, String, Vec<u8>) {
    let resp = client.get(url).send().await.expect("an answer");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (
        status,
        content_type,
        resp.bytes().await.expect("a body").to_vec(),
    )
}

/// Sends `GET {path}` exactly as written (an HTTP client would normalise `..` away) and
/// returns the whole answer.
fn raw_get(server: &Server, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(server.addr()).expect("the server accepts connections");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("request sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answer read");
    String::from_utf8_lossy(&answer).into_owned()
}

/// Whether the system lets a listening socket hold `n` connections waiting to be
/// accepted: Linux says how many in /proc (`somaxconn`); elsewhere the test assumes not.
fn accept_queue_holds(n: u32) -> bool {
    std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|max| max.trim().parse::<u32>().ok())
        .is_some_and(|max| max >= n)
}

// `cargo xtask platforms` leaves this test out under Wine by its full name: it stays at the
// crate root.
#[test]
fn a_thousand_requests_are_held_open_at_once_and_all_served() {
    let _ = serving::open_files::raise_limit();
    let server = start(Config {
        // Long enough for all 1,000 to arrive before the first is answered, even in a
        // debug build on a busy machine. Where the system caps the accept queue below
        // 1,000 (macOS, and Linux before 5.4: 128), the connects it drops are tried again
        // a second later.
        delay: Delay::fixed(if accept_queue_holds(1000) {
            Duration::from_secs(1)
        } else {
            Duration::from_secs(2)
        }),
        ..Config::default()
    });
    let base = server.base_url();
    let statuses = runtime().block_on(async {
        let client = client();
        let requests = (0..1000).map(|i| {
            let cc = COUNTRIES[i % COUNTRIES.len()].iso_cc.to_lowercase();
            let url = format!("{base}/{cc}/{cc}.gif");
            let client = &client;
            async move { client.get(&url).send().await.map(|r| r.status().as_u16()) }
        });
        join_all(requests).await
    });
    let served = statuses.iter().filter(|s| matches!(s, Ok(200))).count();
    assert_eq!(
        served,
        1000,
        "refused or failed: {:?}",
        statuses.iter().find(|s| s.is_err())
    );
    let Counters {
        requests,
        peak_in_flight,
        in_flight,
        ..
    } = server.stop();
    assert_eq!((requests, peak_in_flight, in_flight), (1000, 1000, 0));
}
