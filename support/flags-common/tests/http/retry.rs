//! The clients' retries, against the built-in server and against small fake servers that
//! misbehave on purpose: what is retried, what is not, how long it waits, when it gives up.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use flags_common::timeline::retries;
use flags_common::{FlagError, Job, RetryPolicy};
use flags_server::{Config, Server};

fn job(base_url: &str, timeout: f64, retry: RetryPolicy) -> Job {
    Job::new(
        vec![],
        base_url.into(),
        1,
        Duration::from_secs_f64(timeout),
        ".".into(),
    )
    .with_retry(retry)
}

fn with_status(codes: &[u16]) -> RetryPolicy {
    RetryPolicy {
        retry_status: codes.to_vec(),
        ..RetryPolicy::default()
    }
}

#[test]
fn a_404_and_a_418_are_answers_never_retried() {
    let server = Server::start(Config {
        error_rate: 1.0,
        ..Config::default()
    })
    .expect("starts");
    let job = job(&server.base_url(), 3.0, RetryPolicy::default());
    let client = job.blocking_client().expect("a client");
    let teapot = client
        .get(&format!("{}/br/br.gif", server.base_url()))
        .expect("an answer");
    assert_eq!(teapot.status, 418);
    assert_eq!(teapot.attempts, 1);
    assert!(matches!(
        teapot.raise_for_status(),
        Err(FlagError::Http { code: 418, .. })
    ));
    let counters = server.stop();
    assert_eq!(counters.requests, 1, "one request, no retry");

    let server = Server::start(Config::default()).expect("starts");
    let client = job.blocking_client().expect("a client");
    let missing = client
        .get(&format!("{}/xx/xx.gif", server.base_url()))
        .expect("an answer");
    assert!(matches!(
        missing.raise_for_status(),
        Err(FlagError::NotFound(_))
    ));
    assert_eq!(server.stop().requests, 1);
    assert_eq!(retries(&job.requests()), (0, 0));
}

/// A server that closes the first `drops` connections after reading their request, with
/// no answer, then answers `200` with a tiny GIF.
fn dropping_server(drops: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/flags",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        for (i, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request);
            if i >= drops {
                let body = b"GIF89a";
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
            }
        }
    });
    url
}

#[test]
fn a_connection_closed_before_the_answer_is_retried() {
    let url = dropping_server(1);
    let job = job(&url, 3.0, RetryPolicy::default());
    let client = job.blocking_client().expect("a client");
    let resp = client
        .get(&format!("{url}/br/br.gif"))
        .expect("the retry got it");
    assert_eq!((resp.status.as_u16(), resp.attempts), (200, 2));
    assert_eq!(&resp.content[..], b"GIF89a");
    assert_eq!(retries(&job.requests()), (1, 0));
}

#[test]
fn giving_up_names_the_attempts() {
    let url = dropping_server(usize::MAX);
    let job = job(&url, 3.0, RetryPolicy::default());
    let err = job
        .blocking_client()
        .expect("a client")
        .get(&format!("{url}/br/br.gif"))
        .expect_err("never answered");
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    assert_eq!(retries(&job.requests()), (1, 1));
}

#[test]
fn a_refused_connect_is_not_retried() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}/flags");
    let job = job(&url, 3.0, RetryPolicy::default());
    let err = job
        .blocking_client()
        .expect("a client")
        .get(&format!("{url}/br/br.gif"))
        .expect_err("nobody listens");
    assert_eq!(err.kind(), "connection failed");
    assert_eq!(job.requests().len(), 1, "one attempt");
}

#[test]
fn a_503_is_retried_only_when_asked_and_gives_up_within_the_timeout() {
    let busy = || {
        Server::start(Config {
            busy_rate: 1.0,
            retry_after: 0,
            ..Config::default()
        })
        .expect("starts")
    };
    let server = busy();
    let plain = job(&server.base_url(), 3.0, RetryPolicy::default());
    let resp = plain.client_blocking_get(&format!("{}/br/br.gif", server.base_url()));
    assert_eq!(resp.status, 503);
    assert_eq!(server.stop().requests, 1, "not retried by default");

    let server = busy();
    let asked = job(&server.base_url(), 3.0, with_status(&[503]));
    let resp = asked.client_blocking_get(&format!("{}/br/br.gif", server.base_url()));
    let err = resp.raise_for_status().expect_err("still busy");
    assert_eq!(
        err.to_string(),
        "HTTP error 503 - Service Unavailable (after 3 attempts)"
    );
    assert_eq!(server.stop().requests, 3);
}

#[test]
fn retry_after_is_obeyed_but_never_past_the_timeout() {
    let server = Server::start(Config {
        busy_rate: 1.0,
        retry_after: 1,
        ..Config::default()
    })
    .expect("starts");
    let url = format!("{}/br/br.gif", server.base_url());
    // Within a 1.5 s budget: one wait of 1 s, two attempts; a second wait does not fit.
    let t0 = Instant::now();
    let resp = job(&server.base_url(), 1.5, with_status(&[503])).client_blocking_get(&url);
    assert_eq!(resp.attempts, 2);
    assert!(t0.elapsed() >= Duration::from_secs(1), "{:?}", t0.elapsed());
    // Within a 0.5 s budget, a 1 s wait does not fit: one attempt, at once.
    let t0 = Instant::now();
    let resp = job(&server.base_url(), 0.5, with_status(&[503])).client_blocking_get(&url);
    assert_eq!(resp.attempts, 1);
    assert!(
        t0.elapsed() < Duration::from_millis(500),
        "{:?}",
        t0.elapsed()
    );
}

/// A small helper: the blocking client's answer, which must come.
trait Get {
    fn client_blocking_get(&self, url: &str) -> flags_common::Response;
}

impl Get for Job {
    fn client_blocking_get(&self, url: &str) -> flags_common::Response {
        self.blocking_client()
            .expect("a client")
            .get(url)
            .expect("an answer")
    }
}
