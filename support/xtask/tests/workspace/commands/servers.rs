//! The server commands: each started on a free port, asked one question, stopped by Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One question to a server on a port, which panics if the answer is wrong.
pub(crate) type Ask = fn(u16);

/// How a server says it is ready, and one question to ask it.
pub(crate) fn server(package: &str) -> Option<(&'static str, Ask)> {
    match package {
        "flags-server" => Some((
            "flags-server: serving 194 generated flags at http://127.0.0.1:",
            ask_flags,
        )),
        "tcp-charfinder" => Some(("Serving on ('127.0.0.1', ", ask_tcp)),
        "web-charfinder" => Some(("Serving on http://127.0.0.1:", ask_web)),
        _ => None,
    }
}

/// One HTTP/1.1 GET on loopback; the whole answer, as text.
fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("the answer");
    String::from_utf8_lossy(&answer).into_owned()
}

fn ask_flags(port: u16) {
    let answer = http_get(port, "/flags/br/br.gif");
    // The ERROR profile answers 418 one time in four, as it should.
    let flag = answer.starts_with("HTTP/1.1 200") && answer.contains("\r\n\r\nGIF89a");
    let teapot = answer.starts_with("HTTP/1.1 418 I'm a Teapot");
    assert!(flag || teapot, "{answer:.300}");
}

fn ask_web(port: u16) {
    let answer = http_get(port, "/search?q=cat%20smiling");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(
        answer.contains("GRINNING CAT FACE WITH SMILING EYES"),
        "{answer}"
    );
}

fn ask_tcp(port: u16) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    stream
        .write_all(b"cat smiling\r\n")
        .expect("the query is sent");
    let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
    let status = lines.find(|l| l.contains(" found")).expect("a status line");
    assert!(status.ends_with("3 found"), "{status}");
}

/// Starts a server's command as written on a free port, waits until it says it serves,
/// asks it one question, then stops it with Ctrl-C's signal and checks it exits cleanly.
pub(crate) fn run_server(line: &str, mut command: Command, ready: &str, ask: Ask) {
    // A free port: the book's positional PORT (`-- 127.0.0.1 2424`) or `--port` made 0.
    let port_given = line
        .split(" -- ")
        .nth(1)
        .is_some_and(|args| args.split_whitespace().any(|a| a.parse::<u16>().is_ok()));
    if !port_given {
        command.args(["--port", "0"]);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("cargo runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok);
    let said = lines.find(|l| l.starts_with(ready));
    let Some(said) = said else {
        let _ = child.kill();
        panic!("{line}: never said `{ready}...`");
    };
    let port = xtask::loopback_port(&said).unwrap_or_else(|| panic!("{line}: no port in `{said}`"));
    ask(port);
    // `cargo run` replaces itself with the program (exec), so the signal reaches it.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    std::thread::spawn(move || lines.for_each(drop));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("the server's status") {
            assert!(status.success(), "{line}: Ctrl-C ended it with {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{line}: still running 15 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
