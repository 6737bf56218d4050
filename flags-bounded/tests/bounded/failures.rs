//! Servers that fail the client: too slow, dying mid-run, overflowing, speaking HTTP/1.1 only.

use super::*;

#[test]
fn a_server_slower_than_the_timeout_is_timed_out_errors() {
    let dir = tmp();
    let run = run(
        BIN,
        &["--delay", "2", "--timeout", "0.1", "-m", "4", "-l", "4"],
        dir.path(),
    );
    assert_eq!(run.counts(), (0, 0, 4));
    assert!(
        run.stdout.contains("       4 × timed out\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_server_that_dies_mid_run_turns_the_rest_into_errors_and_the_run_ends() {
    // The server runs in this test process, the client in its own: stopping the server
    // closes its socket and every connection, as killing an external flags-server does.
    let server = flags_server::Server::start(flags_server::Config {
        delay: "0.05".parse().expect("valid"),
        ..flags_server::Config::default()
    })
    .expect("the server starts");
    let url = server.base_url();
    let dir = tmp();
    let mut client = Watched::spawn(BIN, &["-s", &url, "-a", "-m", "2", "-v"], dir.path());
    // Stop the server once 10 flags are in.
    client.wait_for(10, |l| l.ends_with(" OK"));
    let served = server.stop();
    let run = client.finish();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (ok, not_found, errors) = run.counts();
    assert_eq!(ok + not_found + errors, 194, "{}", run.stdout);
    assert!(ok > 0 && errors > 0, "{}", run.stdout);
    assert!(ok as u64 <= served.ok);
    assert!(
        run.stdout.contains("error: connection failed"),
        "{}",
        run.stdout
    );
}

/// An overloaded static server, as `python3 -m http.server` is: an accept queue of 5, a
/// new connection for every request, and slow to accept (2 ms each). 25 connects at once
/// overflow the queue whatever the machine's speed; the kernel drops the ones beyond (or
/// refuses them, on Windows), and only a retry brings them back.
#[test]
fn an_overflowing_accept_queue_loses_nothing_with_the_default_retries() {
    let server = flags_server::Server::start(flags_server::Config {
        backlog: 5,
        close: true,
        accept_delay: std::time::Duration::from_millis(2),
        ..flags_server::Config::default()
    })
    .expect("the server starts");
    let url = server.base_url();
    let dir = tmp();
    let args = ["-s", &url, "-e", "-l", "100", "-m", "25"];
    let without = run(BIN, &[&args[..], &["--retries", "0"]].concat(), dir.path());
    let (ok, not_found, errors) = without.counts();
    assert!(
        errors > 0,
        "the queue never overflowed:\n{}",
        without.stdout
    );
    assert_eq!(ok + not_found + errors, 100);
    assert_eq!(without.summary().retried, 0);

    let with = run(BIN, &args, dir.path());
    let (ok, not_found, errors) = with.counts();
    assert_eq!((ok + not_found, errors), (100, 0), "{}", with.stdout);
    let summary = with.summary();
    assert!(summary.retried > 0 && summary.gave_up == 0, "{summary:?}");
    assert!(
        with.stdout
            .contains(&format!("{} requests retried, 0 gave up", summary.retried))
    );
}

#[test]
fn http2_to_a_server_that_speaks_only_http1_says_so() {
    // A server that answers every connection in HTTP/1.1, whatever it was sent, then
    // waits for the next request, as an HTTP/1.1 server keeps a connection open: closing at
    // once could cut the client's HTTP/2 preface short (a broken pipe, not an answer).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/flags",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            use std::io::{Read, Write};
            let mut request = [0; 1024];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            std::thread::spawn(move || while matches!(stream.read(&mut request), Ok(1..)) {});
        }
    });
    let dir = tmp();
    let run = run(BIN, &["-v", "--http2", "-s", &url, "br", "cn"], dir.path());
    assert_eq!(run.counts(), (0, 0, 2), "{}", run.stdout);
    for cc in ["BR", "CN"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{cc} error: ")))
            .unwrap_or_else(|| panic!("no line for {cc}:\n{}", run.stdout));
        assert!(
            line.contains("the server does not speak HTTP/2 without TLS (try without --http2)"),
            "{line}"
        );
    }
}
