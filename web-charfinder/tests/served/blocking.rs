//! The blocking server, `web-charfinder-blocking` (the book's `web_mojifinder_bottle.py`),
//! as its clients meet it: the async server's answers, heads typed into `nc` and bad ones,
//! a slow client cut off at its request timeout while the next one waits, and Ctrl-C. Each
//! test starts the real binary on a free loopback port and reads the port from its log.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use web_charfinder::blocking::MAX_HEAD;

use crate::serving_on::serving_on;
use crate::support::{self, connect, until_closed};

/// The blocking server, running; killed when dropped, so that a failed test leaves none
/// behind.
struct Blocking {
    child: Child,
    addr: SocketAddr,
    /// Its log, line by line, read on a thread of its own.
    #[cfg_attr(not(unix), allow(dead_code))] // Read by the Ctrl-C test only, not on Windows.
    log: Receiver<String>,
}

impl Blocking {
    fn start(args: &[&str]) -> Blocking {
        let mut child = Command::new(env!("CARGO_BIN_EXE_web-charfinder-blocking"))
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // `Building index.` comes first, then where it serves.
        let addr = loop {
            match log.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    if let Some(addr) = serving_on(&line) {
                        break addr;
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("web-charfinder-blocking never said where it serves");
                }
            }
        };
        Blocking { child, addr, log }
    }

    /// Sends `count` SIGINTs (Ctrl-C's signal) 100 ms apart; returns how long the server
    /// took to end from the first, checking that it ended with status 0.
    #[cfg(unix)] // Windows has no signals that one process sends another.
    fn interrupt(&mut self, count: usize) -> Duration {
        let start = Instant::now();
        for _ in 0..count {
            let sent = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status()
                .expect("kill runs");
            assert!(sent.success());
            std::thread::sleep(Duration::from_millis(100));
        }
        loop {
            if let Some(status) = self.child.try_wait().expect("its status") {
                assert_eq!(status.code(), Some(0), "after {count} Ctrl-C");
                return start.elapsed();
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "still running after {count} Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the ended server said after its address, to the end of its log.
    #[cfg(unix)] // Only the Ctrl-C test reads it.
    fn rest_of_log(&self) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(line) = self.log.recv_timeout(Duration::from_secs(5)) {
            lines.push(line);
        }
        lines
    }
}

impl Drop for Blocking {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` at once and returns the whole answer as text, up to its close.
fn exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = connect(addr);
    stream.write_all(request).expect("sent");
    String::from_utf8(until_closed(&mut stream)).expect("text")
}

/// Status, content type and body, as reqwest reads them (the async server's answer is
/// chunked, the blocking one's has a length: the bodies compare decoded).
fn get(url: &str) -> (u16, String, Vec<u8>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::blocking::get(url).expect("the server answers");
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|t| t.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = resp.status().as_u16();
    (status, content_type, resp.bytes().expect("a body").to_vec())
}

pub fn blocking_gives_the_async_servers_page_and_json() {
    let blocking = Blocking::start(&[]);
    let async_addr = support::start();
    let too_long = format!("/search?q={}", "a%20".repeat(150));
    for target in [
        "/",
        "/search?q=cat%20smiling",
        "/search?q=cat+smiling",
        "/search?q=",
        "/search",
        "/search?q=nosuchword",
        "/search?q=cjk",
        too_long.as_str(),
        "/nothing-here",
    ] {
        let ours = get(&format!("http://{}{target}", blocking.addr));
        let theirs = get(&format!("http://{async_addr}{target}"));
        assert_eq!(
            (ours.0, &ours.1),
            (theirs.0, &theirs.1),
            "{target}: status and content type"
        );
        assert!(ours.2 == theirs.2, "{target}: the bodies differ");
    }
    let (_, _, cats) = get(&format!("http://{}/search?q=cat%20smiling", blocking.addr));
    let cats = String::from_utf8(cats).expect("text");
    assert!(cats.starts_with(r#"[{"char":"😸","name":"GRINNING CAT FACE WITH SMILING EYES"}"#));
}

pub fn blocking_reads_a_head_typed_into_nc_and_refuses_bad_ones() {
    let server = Blocking::start(&[]);
    // Lines ended by `\n` alone, as `nc` sends what is typed; HTTP/1.0.
    let typed = exchange(server.addr, b"GET /search?q=cat%20smiling HTTP/1.0\n\n");
    let (head, body) = typed.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("\r\nconnection: close"), "{head}");
    assert!(
        head.contains(&format!("\r\ncontent-length: {}", body.len())),
        "{head}"
    );
    assert!(body.contains("SMILING CAT FACE WITH HEART-SHAPED EYES"));
    // HEAD: the same head, no body.
    let head_only = exchange(server.addr, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(head_only.starts_with("HTTP/1.1 200 OK\r\n"), "{head_only}");
    assert!(head_only.ends_with("\r\n\r\n"), "{head_only}");
    let bad: [(&[u8], &str); 3] = [
        (b"hello\r\n\r\n", "400 Bad Request"),
        (b"GET /search?q=cat\r\n\r\n", "400 Bad Request"),
        (
            b"POST /search HTTP/1.1\r\nHost: x\r\n\r\n",
            "405 Method Not Allowed",
        ),
    ];
    for (request, status) in bad {
        let said = exchange(server.addr, request);
        assert!(
            said.starts_with(&format!("HTTP/1.1 {status}\r\n")),
            "{said}"
        );
    }
    // A head of exactly the cap with no blank line: refused, not waited on.
    let mut huge = b"GET /search?q=".to_vec();
    huge.resize(MAX_HEAD, b'a');
    let said = exchange(server.addr, &huge);
    assert!(
        said.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{said}"
    );
}

pub fn blocking_cuts_off_a_slow_client_while_the_next_one_waits() {
    let server = Blocking::start(&["--request-timeout", "0.3"]);
    let mut slow = connect(server.addr);
    // 69 bytes, one every 50 ms: 3.5 s, far past the 0.3 s the server gives.
    let request = b"GET /search?q=cat HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let sending = std::thread::spawn(move || {
        for byte in request {
            if slow.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        until_closed(&mut slow)
    });
    // The next client comes 100 ms into the slow one's 300.
    std::thread::sleep(Duration::from_millis(100));
    let asked = Instant::now();
    let answer = exchange(
        server.addr,
        b"GET /search?q=cat%20smiling HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    let waited = asked.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer:.200}");
    assert!(
        answer.contains("GRINNING CAT FACE WITH SMILING EYES"),
        "{answer:.200}"
    );
    let slow_got = sending.join().expect("the slow client ends");
    assert!(
        slow_got.is_empty(),
        "the slow client was answered: {:.200}",
        String::from_utf8_lossy(&slow_got)
    );
    // It waited for the rest of the slow client's 300 ms (about 200), and not much more.
    assert!(
        waited >= Duration::from_millis(150) && waited < Duration::from_secs(2),
        "the next client waited {waited:?}"
    );
}

#[cfg(unix)] // `kill` sends Ctrl-C's signal; Windows has no such thing to send.
pub fn blocking_stops_on_ctrl_c_at_once_when_idle_and_at_a_second_when_held() {
    use shutdown::GRACE;

    // Waiting in `accept`: the first Ctrl-C wakes it, and the server ends at once.
    let mut idle = Blocking::start(&[]);
    let took = idle.interrupt(1);
    assert!(took < Duration::from_secs(1), "idle: {took:?}");
    let log = idle.rest_of_log();
    assert!(
        log.iter().any(|l| l == "Server shut down."),
        "idle: {log:?}"
    );

    // Held by a client that sent half a request: the first Ctrl-C would wait out the
    // grace (3 s) for it; a second ends the server at once.
    let mut held = Blocking::start(&[]);
    let mut half = connect(held.addr);
    half.write_all(b"GET /search?q=cat HTTP/1.1\r\nHost:")
        .expect("sent");
    std::thread::sleep(Duration::from_millis(100));
    let took = held.interrupt(2);
    assert!(took < GRACE, "held: {took:?} after two Ctrl-C");
    let log = held.rest_of_log();
    let gave_up = shutdown::gave_up(GRACE);
    assert!(log.iter().any(|l| l == gave_up.trim()), "held: {log:?}");
    assert!(
        log.iter().any(|l| l == "Server shut down."),
        "held: {log:?}"
    );
    assert!(until_closed(&mut half).is_empty());
}
