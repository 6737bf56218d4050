//! Its times: each request's delay, a slow accept, the idle timeout, the times it records.

use super::*;

#[test]
fn every_request_waits_its_delay_404s_included() {
    let delay = Duration::from_millis(150);
    let server = start(Config {
        delay: Delay::fixed(delay),
        ..Config::default()
    });
    let base = server.base_url();
    runtime().block_on(async {
        let client = client();
        for path in ["/br/br.gif", "/xx/xx.gif"] {
            let t0 = Instant::now();
            get(&client, &format!("{base}{path}")).await;
            assert!(t0.elapsed() >= delay, "{path} answered early");
        }
    });
}

#[test]
fn a_slow_accepting_server_takes_its_delay_for_each_new_connection() {
    let server = start(Config {
        accept_delay: Duration::from_millis(100),
        backlog: 5,
        ..Config::default()
    });
    let t0 = Instant::now();
    for _ in 0..3 {
        // A fresh connection each time: each waits for its own accept.
        assert!(raw_get(&server, "/flags/br/br.gif").starts_with("HTTP/1.1 200 OK"));
    }
    // The first wait may begin when the server starts, before this clock; the other two
    // begin at the accept before them.
    assert!(
        t0.elapsed() >= Duration::from_millis(200),
        "{:?}",
        t0.elapsed()
    );
}

/// A client that connects and sends nothing, or goes quiet after an answer, loses its
/// connection after the idle timeout; a slow answer is never cut (the timeout is at least
/// twice the longest delay).
#[test]
fn idle_connections_are_closed_after_the_idle_timeout() {
    use std::io::{Read, Write};
    let server = start(Config {
        idle_timeout: Duration::from_millis(300),
        delay: "0.2".parse().expect("valid"),
        ..Config::default()
    });
    let mut quiet = std::net::TcpStream::connect(server.addr()).expect("connects");
    quiet
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let t0 = Instant::now();
    let mut buf = [0u8; 16];
    let n = quiet.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without a word");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());

    // A request waits its 0.2 s delay and is answered whole; then the idle connection goes.
    let mut client = std::net::TcpStream::connect(server.addr()).expect("connects");
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        client,
        "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .expect("sent");
    let mut answer = Vec::new();
    let _ = client.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with(r#""gec_cc": "BR"}"#), "{answer}");
}

/// With `record`, the server keeps each request: its path, its status and when it arrived
/// and was answered (the server's side of a timeline); without, nothing.
#[test]
fn a_recording_server_keeps_each_request_and_a_plain_one_none() {
    let delay = Duration::from_millis(40);
    let server = start(Config {
        delay: Delay::fixed(delay),
        error_rate: 1.0,
        record: true,
        ..Config::default()
    });
    let base = server.base_url();
    runtime().block_on(async {
        let client = client();
        let urls = ["br", "xx"].map(|cc| format!("{base}/{cc}/{cc}.gif"));
        join_all(urls.iter().map(|url| get(&client, url))).await;
    });
    let mut served = server.served();
    served.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<(&str, u16)> = served.iter().map(|s| (s.path.as_str(), s.status)).collect();
    assert_eq!(
        paths,
        [("/flags/br/br.gif", 418), ("/flags/xx/xx.gif", 418)]
    );
    for s in &served {
        assert!(s.end - s.start >= delay.as_secs_f64(), "{s:?}");
    }
    let plain = start(Config::default());
    runtime().block_on(get(&client(), &format!("{}/br/br.gif", plain.base_url())));
    assert!(plain.served().is_empty());
    assert_eq!(plain.counters().requests, 1);
}
