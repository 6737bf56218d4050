//! The `flags-server` program as run: its log, its summary on Ctrl-C or SIGTERM, a closed log.

use super::*;

#[cfg(unix)]
#[test]
fn the_binary_logs_each_request_and_sums_up_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args([
            "--profile",
            "error",
            "--port",
            "0",
            "--error-rate",
            "0",
            "--delay",
            "0.01",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a first line").expect("text");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the base URL")
        .to_string();
    assert!(
        lines
            .next()
            .expect("a second line")
            .expect("text")
            .contains("delay 0.01s")
    );

    runtime().block_on(async {
        let client = client();
        assert_eq!(get(&client, &format!("{base}/br/br.gif")).await.0, 200);
        assert_eq!(get(&client, &format!("{base}/xx/xx.gif")).await.0, 404);
    });
    assert_eq!(
        lines.next().expect("a log line").expect("text"),
        "BR delay: 0.01s"
    );
    assert_eq!(
        lines.next().expect("a log line").expect("text"),
        "XX delay: 0.01s -> 404 Not Found"
    );
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        // One connection, or two: the client may open a second before it reuses the first.
        rest.iter()
            .any(|l| l.starts_with("flags-server: 2 requests on ")
                && l.ends_with(": 1 OK, 1 not found, 0 errors injected; peak 1 in flight")),
        "{rest:?}"
    );
    assert!(child.wait().expect("it exits").success());
}

/// The binary's log is a pipe nobody reads any more: it must go on serving.
#[cfg(unix)]
#[test]
fn a_closed_log_never_stops_the_serving() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .expect("a line");
    // Reader dropped: the log pipe is closed from now on.
    let url = first
        .split_whitespace()
        .last()
        .expect("the base URL")
        .to_string();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::new();
    for _ in 0..3 {
        let resp = client
            .get(format!("{url}/br/br.gif"))
            .send()
            .expect("answered");
        assert_eq!(resp.status(), 200);
        assert!(resp.bytes().expect("a body").starts_with(b"GIF89a"));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `kill` (SIGTERM) stops the server with the same summary as Ctrl-C.
#[cfg(unix)]
#[test]
fn sigterm_prints_the_summary_too() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args(["--port", "0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("piped")).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(first.starts_with("flags-server: serving"), "{first}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter()
            .any(|l| l.starts_with("flags-server: 0 requests on 0 connections")),
        "{rest:?}"
    );
    assert!(child.wait().expect("ends").success());
}
