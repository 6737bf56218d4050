//! The command line: the book's `tcp_mojifinder.py HOST PORT` works as it is, beside
//! `--host` and `--port`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-charfinder");

/// Starts the server with `args`, returns the line where it says where it serves, and
/// stops it.
fn serving_line(args: &[&str]) -> String {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let line = BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Serving on"));
    let _ = child.kill();
    let _ = child.wait();
    line.expect("a `Serving on` line")
}

#[test]
fn host_and_port_as_the_books_positional_arguments() {
    let line = serving_line(&["127.0.0.1", "0"]);
    assert!(line.starts_with("Serving on ('127.0.0.1', "), "{line}");
    let line = serving_line(&["--host", "127.0.0.1", "--port", "0"]);
    assert!(line.starts_with("Serving on ('127.0.0.1', "), "{line}");
    // The book's `tcp_mojifinder.py localhost 2323`, without a name lookup.
    let line = serving_line(&["localhost", "0"]);
    assert!(line.starts_with("Serving on ('127.0.0.1', "), "{line}");
}

#[test]
fn a_port_given_twice_or_not_a_number_is_a_usage_error() {
    for args in [&["127.0.0.1", "0", "--port", "0"][..], &["127.0.0.1", "x"]] {
        let out = Command::new(BIN).args(args).output().expect("it runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("PORT"), "{stderr}");
    }
}
