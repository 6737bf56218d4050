//! Bad clients, each bounded (web-charfinder's limits.rs and streamed.rs): a silent
//! connection and one that stops reading are closed when idle, headers sent a byte at a
//! time are cut off, and past the cap on connections a newcomer is told the server is busy.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use web_charfinder::limits::{BUSY, BUSY_TEXT, Limits};

mod support;

fn short() -> Limits {
    Limits {
        header_read: Duration::from_millis(500),
        idle: Duration::from_millis(500),
        max_connections: 4,
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    stream
}

/// Reads until the server closes the connection (a reset counts as closed).
fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0; 65536];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return all,
            Err(err) => panic!("the server did not close the connection: {err}"),
        }
    }
}

#[test]
fn a_silent_connection_is_closed_when_idle() {
    let addr = support::start_within(short());
    let mut silent = connect(addr);
    assert!(until_closed(&mut silent).is_empty());
}

#[test]
fn headers_sent_a_byte_at_a_time_are_cut_off() {
    let addr = support::start_within(Limits {
        idle: Duration::from_secs(30),
        ..short()
    });
    let mut slow = connect(addr);
    let request = b"GET /search?q=cat HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for byte in request {
        if slow.write_all(&[*byte]).is_err() {
            cut_off = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Cut off before the headers ended (the write failed), or answered 408 and closed.
    let answer = String::from_utf8_lossy(&until_closed(&mut slow)).into_owned();
    assert!(
        cut_off || answer.starts_with("HTTP/1.1 408"),
        "the slow headers were served: {answer:.200}"
    );
}

#[test]
fn a_client_that_stops_reading_a_huge_answer_is_closed_when_idle() {
    let addr = support::start_within(short());
    let mut stuck = connect(addr);
    stuck
        .write_all(b"GET /search?q=cjk HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sent");
    // Read nothing for well past the idle limit, then everything: the answer stops short.
    std::thread::sleep(Duration::from_secs(3));
    let got = until_closed(&mut stuck);
    let whole = 5_000_000;
    assert!(
        got.len() < whole,
        "the whole answer ({} bytes) waited",
        got.len()
    );
}

#[test]
fn past_the_cap_a_newcomer_is_told_the_server_is_busy() {
    let addr = support::start_within(Limits {
        idle: Duration::from_secs(30),
        ..short()
    });
    let held: Vec<TcpStream> = (0..4).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut newcomer = connect(addr);
    let said = String::from_utf8(until_closed(&mut newcomer)).expect("text");
    assert_eq!(said, *BUSY);
    // The length it announces is the length it sends.
    let (head, body) = said.split_once("\r\n\r\n").expect("a head and a body");
    assert_eq!(body, BUSY_TEXT);
    assert!(
        head.contains(&format!("content-length: {}\r\n", body.len())),
        "{head}"
    );
    drop(held);
}
