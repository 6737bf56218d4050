//! The servers' shutdown, as a user and a careless client meet it: every server of the
//! workspace, with each kind of client connected (idle, not reading its answer, halfway
//! through a request), stops on Ctrl-C, SIGTERM or SIGHUP within its stated deadline
//! (support/shutdown's 3 s grace) with status 0, and at once on a second Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use xtask::built_binary as binary;

use crate::at_once;

/// The grace the servers give their clients (support/shutdown's `GRACE`), and the margin a
/// busy machine may need beyond it to end the process.
const GRACE: Duration = Duration::from_secs(3);
const MARGIN: Duration = Duration::from_secs(2);

/// A server started on a free port, its log read (and kept) on a thread of its own.
struct Running {
    child: Child,
    port: u16,
    log: std::sync::mpsc::Receiver<String>,
}

/// A test that fails midway leaves no server behind it.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(name: &str, args: &[&str]) -> Running {
    let mut child = Command::new(binary(name))
        .args(args)
        .args(["--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let (tx, log) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let port = loop {
        let line = log
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("{name} never said where it serves"));
        if let Some(port) = xtask::loopback_port(&line) {
            break port;
        }
    };
    Running { child, port, log }
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .expect("a timeout");
    stream
}

/// Sends `signal` and returns how long the server took to end, checking it ended with
/// status 0.
fn stop(running: &mut Running, signals: &[&str]) -> Duration {
    let start = Instant::now();
    for signal in signals {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &running.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        std::thread::sleep(Duration::from_millis(100));
    }
    let deadline = start + GRACE + MARGIN + Duration::from_secs(10);
    loop {
        if let Some(status) = running.child.try_wait().expect("its status") {
            assert_eq!(status.code(), Some(0), "after {signals:?}");
            return start.elapsed();
        }
        if Instant::now() > deadline {
            let _ = running.child.kill();
            panic!("still running {:?} after {signals:?}", start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What an ended server printed that the test has not read yet: every line up to the end
/// of its output, which the reading thread reaches a moment after the process ends.
fn rest_of_log(running: &Running) -> Vec<String> {
    let mut lines = Vec::new();
    while let Ok(line) = running.log.recv_timeout(Duration::from_secs(5)) {
        lines.push(line);
    }
    lines
}

/// The kinds of client a server may hold when it is asked to stop.
#[derive(Debug, Clone, Copy)]
enum Client {
    /// Connected, saying nothing.
    Idle,
    /// Asked for a huge answer (`cjk`: 90,000 characters) and reads none of it.
    NotReading,
    /// Sent half a request, and waits.
    HalfRequest,
}

const CLIENTS: [Client; 3] = [Client::Idle, Client::NotReading, Client::HalfRequest];

/// Connects a client of that kind to tcp-charfinder or web-charfinder.
fn client(server: &str, port: u16, kind: Client) -> TcpStream {
    let mut stream = connect(port);
    let tcp = server == "tcp-charfinder";
    if tcp {
        let mut prompt = [0; 3];
        stream.read_exact(&mut prompt).expect("the prompt");
    }
    let request: &[u8] = match (kind, tcp) {
        (Client::Idle, _) => b"",
        (Client::NotReading, true) => b"cjk\r\n",
        (Client::NotReading, false) => b"GET /search?q=cjk HTTP/1.1\r\nHost: x\r\n\r\n",
        (Client::HalfRequest, true) => b"cat smi",
        (Client::HalfRequest, false) => b"GET /search?q=cat HTTP/1.1\r\nHost:",
    };
    stream.write_all(request).expect("sent");
    // Let the server take it in (and, for the huge answer, fill the socket).
    std::thread::sleep(Duration::from_millis(300));
    stream
}

#[test]
fn each_charfinder_stops_within_its_deadline_whatever_its_clients_do() {
    let runs = ["tcp-charfinder", "web-charfinder"]
        .into_iter()
        .flat_map(|server| ["INT", "TERM", "HUP"].map(|signal| (server, signal)));
    at_once(runs, |(server, signal)| {
        let mut running = start(server, &[]);
        let _clients: Vec<TcpStream> = CLIENTS
            .iter()
            .map(|&kind| client(server, running.port, kind))
            .collect();
        let took = stop(&mut running, &[signal]);
        assert!(
            took < GRACE + MARGIN,
            "{server}, SIG{signal}: {took:?}, over {GRACE:?}"
        );
        let log: Vec<String> = rest_of_log(&running);
        assert!(
            log.iter().any(|l| l.contains("Server shut down.")),
            "{server}, SIG{signal}: {log:?}"
        );
    });
}

#[test]
fn a_second_ctrl_c_ends_a_charfinder_at_once() {
    at_once(["tcp-charfinder", "web-charfinder"], |server| {
        let mut running = start(server, &[]);
        let _stuck = client(server, running.port, Client::NotReading);
        let took = stop(&mut running, &["INT", "INT"]);
        assert!(took < GRACE, "{server}: {took:?} after two Ctrl-C");
    });
}

#[test]
fn tcp_charfinder_tells_its_waiting_clients_it_is_shutting_down() {
    at_once(["INT", "TERM", "HUP"], |signal| {
        let mut running = start("tcp-charfinder", &[]);
        let mut waiting = client("tcp-charfinder", running.port, Client::Idle);
        stop(&mut running, &[signal]);
        let mut said = String::new();
        let _ = waiting.read_to_string(&mut said);
        assert_eq!(said, "\r\nServer shutting down.\r\n", "SIG{signal}");
    });
}

#[test]
fn flags_server_stops_at_once_on_each_signal_with_requests_waiting() {
    at_once(["INT", "TERM", "HUP"], |signal| {
        let mut running = start("flags-server", &["--profile", "delay", "--delay", "5"]);
        let mut waiting = connect(running.port);
        waiting
            .write_all(b"GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("sent");
        std::thread::sleep(Duration::from_millis(200));
        let took = stop(&mut running, &[signal]);
        assert!(took < GRACE, "SIG{signal}: {took:?}");
        let log: Vec<String> = rest_of_log(&running);
        let summary = "flags-server: 1 requests on 1 connection: 0 OK, 0 not found, \
                       0 errors injected; peak 1 in flight";
        assert!(log.iter().any(|l| l == summary), "SIG{signal}: {log:?}");
    });
}

/// The process's peak resident memory, in MB (Linux: `VmHWM` in /proc).
#[cfg(target_os = "linux")]
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("its status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .expect("VmHWM");
    kb / 1024
}

/// A hundred clients ask for the 5 MB answer to `q=cjk` and read none of it: each answer is
/// made a chunk at a time as its connection takes it, so the server's memory stays bounded
/// (under 250 MB, where a hundred answers built whole would take 500); and a real request
/// is still answered, its turn coming between two chunks of theirs (where kernel buffers
/// take whole answers, a debug build makes them for many seconds).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn web_charfinder_memory_stays_bounded_under_clients_that_never_read() {
    let mut running = start("web-charfinder", &[]);
    let stuck: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = connect(running.port);
            s.write_all(b"GET /search?q=cjk HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("sent");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    let mut real = connect(running.port);
    real.write_all(b"GET /search?q=cat%20smiling HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("sent");
    let mut answer = String::new();
    real.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(answer.contains("GRINNING CAT FACE WITH SMILING EYES"));
    let peak = peak_mb(running.child.id());
    assert!(peak < 250, "peak memory {peak} MB");
    drop(stuck);
    stop(&mut running, &["INT"]);
}

/// Under a low open-files limit (`ulimit -n 256`), more silent connections than the
/// limit allows: the newcomer past the cap is told the server is busy, at once, instead
/// of waiting for a file descriptor that never comes (web-charfinder: 503; tcp-charfinder:
/// its busy line).
#[cfg(unix)]
#[test]
fn under_a_low_open_files_limit_a_charfinder_says_busy() {
    let servers = [
        ("web-charfinder", "HTTP/1.1 503 Service Unavailable"),
        ("tcp-charfinder", "Server busy: too many clients"),
    ];
    at_once(servers, |(server, busy)| {
        let bin = binary(server);
        let mut child = Command::new("sh")
            .args(["-c", "ulimit -n 256 && exec \"$0\" --port 0"])
            .arg(&bin)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh runs");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let serving = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.contains("Serving on"))
            .expect("it serves");
        std::thread::spawn(move || lines.for_each(drop));
        let port = xtask::loopback_port(&serving).expect("a port");
        // 256 files less the spare 64: 192 connections held, the next one is refused.
        let held: Vec<TcpStream> = (0..192).map(|_| connect(port)).collect();
        std::thread::sleep(Duration::from_millis(300));
        let mut newcomer = connect(port);
        let mut said = String::new();
        let _ = newcomer.read_to_string(&mut said);
        assert!(
            said.starts_with(busy) || said.contains(busy),
            "{server}: {said:.200}"
        );
        drop(held);
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
    });
}
