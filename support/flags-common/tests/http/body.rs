//! Bodies are read with a cap: a server that sends without end, or announces a huge body,
//! gets `response too large`, quickly, with memory bounded by the cap.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use flags_common::{FlagError, Job};

/// A server whose every answer is `200` with a body that never ends (chunked), or, with
/// `announce`, a `Content-Length` of 2 GB.
fn endless_server(announce: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/flags",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = [0u8; 1024];
                let _ = stream.read(&mut request);
                let head = if announce {
                    "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 2000000000\r\n\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nTransfer-Encoding: chunked\r\n\r\n"
                };
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b'x'; 64 * 1024];
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                for _ in 0..100_000 {
                    let body: &[u8] = if announce { &chunk } else { &framed };
                    if stream.write_all(body).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn job(url: &str) -> Job {
    Job::new(vec![], url.into(), 1, Duration::from_secs(10), ".".into()).with_max_body(1 << 20)
}

#[test]
fn an_endless_body_is_refused_past_the_cap() {
    let url = endless_server(false);
    let t0 = Instant::now();
    let err = job(&url)
        .blocking_client()
        .expect("a client")
        .get(&format!("{url}/br/br.gif"))
        .expect_err("too large");
    assert!(matches!(err, FlagError::TooLarge(1_048_576)), "{err}");
    assert_eq!(err.to_string(), "response too large (over 1048576 bytes)");
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let err = runtime
        .block_on(async {
            job(&url)
                .client()
                .expect("a client")
                .get(&format!("{url}/br/br.gif"))
                .await
        })
        .expect_err("too large");
    assert_eq!(err.kind(), "response too large");
}

#[test]
fn an_announced_huge_body_is_refused_before_it_is_read() {
    let url = endless_server(true);
    let t0 = Instant::now();
    let err = job(&url)
        .blocking_client()
        .expect("a client")
        .get(&format!("{url}/br/br.gif"))
        .expect_err("too large");
    assert!(matches!(err, FlagError::TooLarge(_)), "{err}");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
}
