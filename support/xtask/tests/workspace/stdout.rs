//! Every program of the workspace, with a stdout it cannot write: a closed pipe
//! (`| head -1`) ends a command quietly with status 141, a full disk (`> /dev/full`) with one
//! line on stderr and status 1, never a panic; a server keeps serving (its clients come
//! before its log) and stops cleanly on Ctrl-C.

use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xtask::built_binary as binary;

use crate::at_once;

/// The commands, each short: (binary, arguments).
const COMMANDS: &[(&str, &[&str])] = &[
    ("spinner-thread", &["--seconds", "0.2"]),
    ("spinner-async", &["--seconds", "0.2"]),
    ("spinner_async_experiment", &["--seconds", "0.2"]),
    ("spinner_prime_async_broken", &["--seconds", "0.2"]),
    ("spinner_prime_async_nap", &["--seconds", "0.2"]),
    ("spinner_async_cooperative", &["--seconds", "0.2"]),
    ("lazy-future", &[]),
    ("hand-made-future", &[]),
    ("mini-executor", &["--seconds", "0.2"]),
    ("sequential", &[]),
    ("threads", &["2"]),
    ("procs", &["2"]),
    ("pool", &["2"]),
    ("spinner-proc", &["--seconds", "0.2"]),
    ("spinner-prime-thread", &["--seconds", "0.2"]),
    ("spinner-prime-proc", &["--seconds", "0.2"]),
    ("flags-seq", &["-s", "LOCAL", "BR", "CN"]),
    ("flags-threads", &["-s", "LOCAL", "BR", "CN"]),
    ("flags-async", &["-s", "LOCAL", "BR", "CN"]),
    ("flags-bounded", &["-s", "LOCAL", "BR", "CN"]),
    ("callbacks-vs-async", &["-s", "LOCAL", "BR", "CN"]),
    (
        "flags-compare",
        &["--delay", "0", "--repeat", "1", "BR", "CN"],
    ),
    ("charindex", &["cat", "smiling"]),
    ("blogdom", &["--delay", "0"]),
    ("blogdom-smol", &["--delay", "0"]),
    ("domaincheck", &["dev", "--delay", "0"]),
    ("executor-map", &["--unit", "0.05"]),
];

/// A stdout whose reader is gone before the program starts: the write end of a pipe that
/// `true` read from, and `true` has ended.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("true runs");
    let writer = reader.stdin.take().expect("the pipe's write end");
    reader.wait().expect("true ends");
    writer.into()
}

#[test]
fn a_closed_stdout_ends_every_command_quietly_with_141() {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    for (name, args) in COMMANDS {
        let out = Command::new(binary(name))
            .args(*args)
            .current_dir(scratch.path())
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .expect("it runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_full_stdout_is_one_line_on_stderr_and_status_1() {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    for (name, args) in COMMANDS {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(binary(name))
            .args(*args)
            .current_dir(scratch.path())
            .stdin(Stdio::null())
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("it runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        let said: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("cannot write to stdout"))
            .collect();
        assert_eq!(
            said,
            [format!(
                "{name}: cannot write to stdout: No space left on device (os error 28)"
            )],
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// A port free a moment ago.
fn free_port() -> u16 {
    xtask::free_port().expect("a free port")
}

/// Sends `request` to the server on `port` until it answers (it may still be building its
/// index), and returns the answer's first bytes.
fn ask(port: u16, request: &[u8]) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("a timeout");
            stream.write_all(request).expect("the request is sent");
            let mut answer = vec![0; 4096];
            let n = stream.read(&mut answer).expect("an answer");
            return String::from_utf8_lossy(&answer[..n]).into_owned();
        }
        assert!(Instant::now() < deadline, "nobody listens on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends the server Ctrl-C's signal and waits, at most 15 s, for it to end: its status.
fn ctrl_c(child: &mut std::process::Child, name: &str) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("its status") {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "{name}: still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_keeps_serving_with_a_closed_or_full_log_and_stops_on_ctrl_c() {
    let servers: [(&str, &[u8], &str); 4] = [
        (
            "flags-server",
            b"GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/1.1 200",
        ),
        ("tcp-charfinder", b"cat smiling\r\n", "?> "),
        (
            "web-charfinder",
            b"GET /search?q=cat HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/1.1 200",
        ),
        (
            "web-charfinder-blocking",
            b"GET /search?q=cat HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/1.",
        ),
    ];
    // The four servers at once, each on a port of its own.
    at_once(servers, |(name, request, answer)| {
        for log in ["closed", "full"] {
            let port = free_port();
            let stdout: Stdio = if log == "closed" {
                closed_pipe()
            } else {
                File::options()
                    .write(true)
                    .open("/dev/full")
                    .expect("/dev/full")
                    .into()
            };
            let mut child = Command::new(binary(name))
                .args(["--port", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(stdout)
                .stderr(Stdio::piped())
                .spawn()
                .expect("the server starts");
            let said = ask(port, request);
            assert!(said.starts_with(answer), "{name}, {log} log: {said:.100}");
            let status = ctrl_c(&mut child, name);
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut stderr);
            }
            assert_eq!(status.code(), Some(0), "{name}, {log} log: {stderr}");
            assert!(!stderr.contains("panicked"), "{name}, {log} log: {stderr}");
        }
    });
}

/// A log that nobody reads (a pipe whose reader sleeps, a terminal paused with Ctrl-S)
/// fills in 64 KiB; past that, writing a line would wait for ever. The server's tasks never
/// wait on it: 2,000 queries of one client, about 150 KB of log, are all answered, another
/// client is answered after them, and Ctrl-C still ends the server.
#[test]
fn a_server_whose_log_is_never_read_keeps_serving() {
    let port = free_port();
    let (unread, log) = std::io::pipe().expect("a pipe");
    let child = Command::new(binary("tcp-charfinder"))
        .args(["--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    // Killed if an assert below fails first, so that no server outlives the test.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Killed(child);
    assert!(ask(port, b"cat smiling\r\n").starts_with("?> "));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let queries = "cat smiling\r\n".repeat(2000);
    let writer = {
        let mut stream = stream.try_clone().expect("the stream again");
        std::thread::spawn(move || stream.write_all(queries.as_bytes()))
    };
    // The answers' ends are counted as they come: a read may end inside one.
    const END: &[u8] = b" found\r\n";
    let (mut answers, mut counted, mut ended) = (Vec::new(), 0, 0);
    let mut buffer = vec![0; 1 << 16];
    while ended < 2000 {
        let n = stream.read(&mut buffer).expect("the answers come");
        assert!(n > 0, "the server closed after {ended} answers");
        answers.extend_from_slice(&buffer[..n]);
        ended += answers[counted..]
            .windows(END.len())
            .filter(|w| *w == END)
            .count();
        counted = answers.len().saturating_sub(END.len() - 1);
    }
    writer
        .join()
        .expect("the writer")
        .expect("the queries are sent");
    assert!(ask(port, b"cat smiling\r\n").starts_with("?> "));
    assert_eq!(ctrl_c(&mut child.0, "tcp-charfinder").code(), Some(0));
    drop(unread);
}
