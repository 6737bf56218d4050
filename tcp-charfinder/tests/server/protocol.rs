//! The server, started in-process on an ephemeral port, driven by plain blocking clients:
//! the protocol byte for byte, many clients at once, every kind of bad client, shutdown.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use tcp_charfinder::Limits;

use crate::common::{Client, Server, index, quick};

#[test]
fn the_protocol_byte_for_byte() {
    let server = Server::start(quick());
    let mut client = server.connect();
    let rule = "─".repeat(66);
    assert_eq!(
        client.query("cat smiling"),
        [
            "U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES\r\n".to_string(),
            "U+1F63A\t😺\tSMILING CAT FACE WITH OPEN MOUTH\r\n".to_string(),
            "U+1F63B\t😻\tSMILING CAT FACE WITH HEART-SHAPED EYES\r\n".to_string(),
            format!("{rule} 3 found\r\n"),
        ]
    );
    assert_eq!(client.query("nosuchword"), [format!("{rule} 0 found\r\n")]);
    // An empty line gets the prompt again; end of input ends the session.
    assert_eq!(client.read_exact(3), b"?> ");
    client.send(b"\r\n");
    assert_eq!(client.read_exact(3), b"?> ");
    client
        .stream
        .shutdown(std::net::Shutdown::Write)
        .expect("half-close");
    assert_eq!(client.rest(), "");
    server.shut_down();
}

#[test]
fn a_control_character_or_invalid_utf8_ends_the_session() {
    let server = Server::start(quick());
    for bytes in [&b"\x03\r\n"[..], b"\xff\xfe cat\r\n"] {
        let mut client = server.connect();
        assert_eq!(client.read_exact(3), b"?> ");
        client.send(bytes);
        assert_eq!(client.rest(), "", "closed without an answer");
    }
    server.shut_down();
}

#[test]
fn many_clients_at_once_each_get_their_own_answers() {
    let server = Server::start(quick());
    let threads: Vec<_> = (0..50)
        .map(|i| {
            let mut client = server.connect();
            std::thread::spawn(move || {
                let query = if i % 2 == 0 {
                    "cat smiling"
                } else {
                    "chess black"
                };
                let expected = index().search(query).len() + 1;
                for _ in 0..5 {
                    let lines = client.query(query);
                    assert_eq!(lines.len(), expected, "{lines:?}");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("every client got its answers");
    }
    server.shut_down();
}

/// A well-behaved client still gets a prompt answer while a bad one misbehaves.
fn assert_others_served(server: &Server) {
    let t0 = Instant::now();
    let mut other = server.connect();
    assert_eq!(other.query("cat smiling").len(), 4);
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
}

#[test]
fn a_megabyte_without_a_newline_closes_that_session_only() {
    let server = Server::start(quick());
    let mut bad = server.connect();
    assert_eq!(bad.read_exact(3), b"?> ");
    // The server reads 4 KB and stops; the rest may not be taken.
    let _ = bad.stream.write_all(&vec![b'a'; 1 << 20]);
    assert_eq!(bad.rest(), "\r\nLine longer than 4096 bytes: closing.\r\n");
    assert_others_served(&server);
    server.shut_down();
}

#[test]
fn a_client_that_never_reads_loses_its_session_not_the_others() {
    let server = Server::start(Limits {
        write: Duration::from_millis(200),
        ..quick()
    });
    let mut greedy = server.connect();
    let asked = Instant::now();
    // "CJK" matches tens of thousands of characters: megabytes of answers, never read.
    for _ in 0..20 {
        if greedy.stream.write_all(b"cjk\r\n").is_err() {
            break;
        }
    }
    assert_others_served(&server);
    // The server gives up on it after its write limit and closes it; reading before then
    // would let the answer through.
    std::thread::sleep(Duration::from_millis(500));
    let mut seen = 0;
    let mut buf = vec![0; 1 << 16];
    let t0 = Instant::now();
    loop {
        match greedy.reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen += n,
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "never closed");
    }
    assert!(seen > 0);
    // Closed by the write limit: the idle limit (5 s) would close it only after all 20
    // answers had gone through.
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        asked.elapsed()
    );
    server.shut_down();
}

#[test]
fn idle_sessions_time_out_and_past_the_limit_clients_are_told_busy() {
    let server = Server::start(Limits {
        idle: Duration::from_millis(300),
        max_clients: 3,
        ..quick()
    });
    let mut idle: Vec<Client> = (0..3).map(|_| server.connect()).collect();
    for client in &mut idle {
        assert_eq!(client.read_exact(3), b"?> ");
    }
    let mut fourth = server.connect();
    assert_eq!(
        fourth.rest(),
        "Server busy: too many clients, try again later.\r\n"
    );
    for client in &mut idle {
        assert_eq!(client.rest(), "\r\nIdle for too long: closing.\r\n");
    }
    // Their seats are free again.
    assert_others_served(&server);
    server.shut_down();
}

#[test]
fn shutdown_tells_connected_clients_and_closes_them() {
    let server = Server::start(quick());
    let mut clients: Vec<Client> = (0..5).map(|_| server.connect()).collect();
    for client in &mut clients {
        assert_eq!(client.read_exact(3), b"?> ");
    }
    let took = server.shut_down();
    assert!(took < Duration::from_secs(5), "{took:?}");
    for client in &mut clients {
        assert_eq!(client.rest(), "\r\nServer shutting down.\r\n");
    }
}

#[test]
fn a_query_matching_tens_of_thousands_of_characters_is_answered_whole() {
    let server = Server::start(quick());
    let mut client = server.connect();
    let lines = client.query("cjk");
    let expected = index().search("cjk").len();
    assert!(expected > 50_000, "{expected}");
    assert_eq!(lines.len(), expected + 1);
    assert!(lines[expected].ends_with(&format!(" {expected} found\r\n")));
    assert!(
        lines[..expected]
            .iter()
            .all(|l| l.starts_with("U+") && l.ends_with("\r\n"))
    );
    server.shut_down();
}
