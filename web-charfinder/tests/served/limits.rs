//! Bad clients, each bounded (web-charfinder's limits.rs and streamed.rs): a silent
//! connection and one that stops reading are closed when idle, headers sent a byte at a
//! time are cut off, and past the cap on connections a newcomer is told the server is busy.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use web_charfinder::limits::{BUSY, BUSY_TEXT, Limits};

use crate::support::{self, connect, until_closed};

fn short() -> Limits {
    Limits {
        header_read: Duration::from_millis(500),
        idle: Duration::from_millis(500),
        max_connections: 4,
        streams: 32,
    }
}

pub fn a_silent_connection_is_closed_when_idle() {
    let addr = support::start_within(short());
    let mut silent = connect(addr);
    assert!(until_closed(&mut silent).is_empty());
}

pub fn headers_sent_a_byte_at_a_time_are_cut_off() {
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

pub fn a_client_that_stops_reading_a_huge_answer_is_closed_when_idle() {
    let addr = support::start_within(short());
    let mut stuck = connect(addr);
    stuck
        .write_all(b"GET /search?q=cjk HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sent");
    // Read nothing until the server has closed the connection, then everything: the answer
    // stops short.
    wait_until_the_server_closes(&stuck);
    let got = until_closed(&mut stuck);
    let whole = 5_000_000;
    assert!(
        got.len() < whole,
        "the whole answer ({} bytes) waited",
        got.len()
    );
}

/// Waits until the server's end of `client`'s connection is no longer established: the
/// kernel's table of TCP sockets (`/proc/net/tcp`) shows it closing (FIN_WAIT1, the rest of
/// its answer queued until the client reads) or gone. The server closes only after its
/// idle limit without writing a byte: however long a busy machine takes it to fill the
/// kernel's buffers, this waits for that and no longer.
#[cfg(target_os = "linux")]
fn wait_until_the_server_closes(client: &TcpStream) {
    use std::net::IpAddr;
    let (server, local) = (
        client.peer_addr().expect("a peer"),
        client.local_addr().expect("an address"),
    );
    // The table's addresses: the IPv4 address as a little-endian hex number, then the port.
    let hex = |addr: SocketAddr| match addr.ip() {
        IpAddr::V4(ip) => format!(
            "{:08X}:{:04X}",
            u32::from_le_bytes(ip.octets()),
            addr.port()
        ),
        IpAddr::V6(_) => panic!("the test server listens on IPv4"),
    };
    let (server, local) = (hex(server), hex(local));
    let established = || {
        let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
        table.lines().any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.get(1..4) == Some(&[server.as_str(), local.as_str(), "01"])
        })
    };
    let t0 = std::time::Instant::now();
    while established() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the server kept a client that read nothing for 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Elsewhere, no table to read: eight times the idle limit. The limit counts from the
/// server's last byte, and a debug server on a busy machine takes a second or two to fill
/// the kernel's buffers (megabytes, on loopback).
#[cfg(not(target_os = "linux"))]
fn wait_until_the_server_closes(_client: &TcpStream) {
    std::thread::sleep(Duration::from_millis(4000));
}

pub fn past_the_cap_a_newcomer_is_told_the_server_is_busy() {
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

/// The resident memory of this process (the server runs in it), in MB (Linux).
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Opens an HTTP/2 connection and starts as many `q=cjk` searches as the server lets it
/// at once, reading none of their answers; returns the server's stream cap and the
/// connection's parts, which must stay alive.
async fn unread_searches(addr: SocketAddr) -> (usize, Vec<h2::client::ResponseFuture>) {
    let tcp = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let (client, connection) = h2::client::handshake(tcp).await.expect("speaks HTTP/2");
    tokio::spawn(connection);
    // The server's SETTINGS, with its cap, come in the connection's first exchange.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut client = client.ready().await.expect("ready");
    let cap = client.current_max_send_streams();
    let mut answers = Vec::new();
    for _ in 0..cap {
        let request = http::Request::get(format!("http://{addr}/search?q=cjk"))
            .body(())
            .expect("a request");
        client = client.ready().await.expect("a stream free");
        let (answer, _) = client.send_request(request, true).expect("sent");
        answers.push(answer);
    }
    // One more waits for a stream to end: it gets no answer while the others are open.
    let request = http::Request::get(format!("http://{addr}/search?q=cat"))
        .body(())
        .expect("a request");
    let (more, _) = client.send_request(request, true).expect("queued");
    let answered = tokio::time::timeout(Duration::from_millis(300), more).await;
    assert!(answered.is_err(), "a stream past the cap was answered");
    (cap, answers)
}

pub fn http2_streams_and_answers_under_way_are_capped_and_cost_little_memory() {
    // 64 connections, and so 64 answers written at once, however many streams ask.
    let addr = support::start_within(Limits {
        idle: Duration::from_secs(30),
        max_connections: 64,
        ..short()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let before = resident_mb();
        // Four connections at once, each with as many unread searches as it may ask.
        let (a, b, c, d) = tokio::join!(
            unread_searches(addr),
            unread_searches(addr),
            unread_searches(addr),
            unread_searches(addr)
        );
        let mut asked = tokio::task::JoinSet::new();
        for (cap, answers) in [a, b, c, d] {
            assert_eq!(cap, 32, "the server's cap on streams");
            for answer in answers {
                asked.spawn(answer);
            }
        }
        // 128 searches asked, none read: 64 answers start (their headers come), 64 wait
        // for a seat; a 65th would start as soon as the 64th did, so 300 ms past it is
        // long enough to see that none does.
        let mut started = Vec::new();
        let mut wait = Duration::from_secs(5);
        while let Ok(Some(answer)) = tokio::time::timeout(wait, asked.join_next()).await {
            let response = answer.expect("the task ends").expect("an answer starts");
            assert_eq!(response.status(), 200);
            started.push(response);
            if started.len() == 64 {
                wait = Duration::from_millis(300);
            }
        }
        assert_eq!((started.len(), asked.len()), (64, 64));
        // The server writes what each stream's window and buffer take, then waits.
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let (Some(before), Some(after)) = (before, resident_mb()) {
            // 64 answers of 4 MB each, were they held whole: 250 MB.
            assert!(
                after - before < 100.0,
                "4 connections x 32 unread q=cjk searches, 64 answers under way: {:.1} MB \
                 more resident",
                after - before
            );
        }
        drop(started);
    });
}
