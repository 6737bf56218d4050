//! Servers that misbehave on purpose, and the suite every flags client must pass against
//! them: each fault ends the run normally (exit 0), every code is accounted for, each
//! error line names its cause, nothing but whole flags is left behind, the time stays
//! within about `--timeout`, and memory stays bounded.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{run, tmp};

/// One way for a server to fail a client.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Nothing listens: every connect is refused.
    ClosedPort,
    /// Accepts, reads the request, never answers.
    Silent,
    /// Announces 5,000 bytes, sends 100, closes.
    Truncated,
    /// `200`, then a body without end.
    Endless,
    /// `200 text/html`: a captive portal's page instead of a flag.
    Html,
    /// `200`, then the body a byte every 200 ms: slower than the suite's `--timeout` in all.
    SlowBody,
    /// `503` with `Retry-After: 18446744073709551615` (`u64::MAX` seconds), which the
    /// suite's `--retry-status 503` obeys: longer than any run, so no retry.
    HugeRetryAfter,
    /// `500` with a reason phrase of 60,000 characters.
    LongReason,
}

impl Fault {
    pub const ALL: [Fault; 8] = [
        Fault::ClosedPort,
        Fault::Silent,
        Fault::Truncated,
        Fault::Endless,
        Fault::Html,
        Fault::SlowBody,
        Fault::HugeRetryAfter,
        Fault::LongReason,
    ];

    /// What each error line must say.
    pub fn cause(self) -> &'static str {
        match self {
            Fault::ClosedPort => "connection failed",
            Fault::Silent => "timed out",
            Fault::Truncated => "request failed",
            Fault::Endless => "response too large",
            Fault::Html => "not a GIF: text/html",
            Fault::SlowBody => "timed out",
            Fault::HugeRetryAfter => "HTTP error 503",
            Fault::LongReason => "HTTP error 500 - XXXXXXXXXX",
        }
    }

    /// Starts the faulty server (for the process's life); its base URL.
    pub fn start(self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let url = format!(
            "http://{}/flags",
            listener.local_addr().expect("an address")
        );
        if let Fault::ClosedPort = self {
            return url; // the listener is dropped here: the port is closed
        }
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                std::thread::spawn(move || {
                    let mut request = [0u8; 2048];
                    let _ = stream.read(&mut request);
                    misbehave(self, &mut stream);
                    // One answer a connection, then its end goes out at once, not when the
                    // socket is dropped: under Wine, a socket only dropped sometimes kept
                    // the client waiting until its timeout, for the rest of a truncated
                    // body or for an answer on a connection it had reused.
                    let _ = stream.shutdown(std::net::Shutdown::Write);
                });
            }
        });
        url
    }
}

fn misbehave(fault: Fault, stream: &mut std::net::TcpStream) {
    match fault {
        Fault::ClosedPort => {}
        Fault::Silent => std::thread::sleep(Duration::from_secs(30)),
        Fault::Truncated => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 5000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&[b'G'; 100]);
        }
        Fault::Endless => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = [
                format!("{:x}\r\n", 65536).as_bytes(),
                &[b'x'; 65536],
                b"\r\n",
            ]
            .concat();
            for _ in 0..100_000 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
        Fault::Html => {
            let body = format!("<html><body>{}</body></html>", "Please log in. ".repeat(80));
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
        Fault::HugeRetryAfter => {
            let head = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 18446744073709551615\r\nContent-Length: 0\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
        }
        Fault::LongReason => {
            let head = format!(
                "HTTP/1.1 500 {}\r\nContent-Length: 0\r\n\r\n",
                "X".repeat(60_000)
            );
            let _ = stream.write_all(head.as_bytes());
        }
        Fault::SlowBody => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for _ in 0..25 {
                if stream.write_all(b"G").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

/// The files a run left in `downloaded/`.
fn saved(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("downloaded"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Fault {
    /// The suite's `--timeout` against this fault, in seconds. Against a fault whose cause
    /// is the timeout (the silent and the slow servers), each request costs this long, and
    /// a sequential client pays it three times: a quarter of a second, since a timeout that
    /// goes off early is the expected cause all the same. Against the others it must not go
    /// off at all: 1 s, for ten runs at once, beside other tests, may take a few hundred
    /// milliseconds to send a request at all.
    fn timeout(self) -> &'static str {
        match self {
            Fault::Silent | Fault::SlowBody => "0.25",
            _ => "1",
        }
    }
}

/// Runs `bin -v --timeout T --retry-status 503 -s URL br bd cn` (plus `extra`) against
/// each [`Fault`], all at once (each its own server and folder; `T` 0.25 s against the
/// silent and the slow servers, 1 s against the others), and checks what every flags
/// client must do; then the memory bound against an endless body with 100 requests in
/// flight (where `/usr/bin/time` is there to measure it), and a proxy variable that points
/// nowhere, which the built-in server must not notice.
pub fn fault_suite(bin: &str, extra: &[&str]) {
    std::thread::scope(|scope| {
        for fault in Fault::ALL {
            scope.spawn(move || against(fault, bin, extra));
        }
        scope.spawn(|| peak_memory_against_an_endless_body(bin, extra));
        scope.spawn(|| a_proxy_for_loopback_is_not_used(bin, extra));
    });
}

fn against(fault: Fault, bin: &str, extra: &[&str]) {
    let url = fault.start();
    let dir = tmp();
    let mut args = vec![
        "-v",
        "--timeout",
        fault.timeout(),
        "--retry-status",
        "503",
        "-s",
        &url,
    ];
    args.extend(["br", "bd", "cn"]);
    args.extend(extra);
    let t0 = Instant::now();
    let run = run(bin, &args, dir.path());
    let took = t0.elapsed();
    assert_eq!(
        run.code,
        Some(0),
        "{fault:?}: {}\n{}",
        run.stdout,
        run.stderr
    );
    let counts = &run.summary().counts;
    assert_eq!(
        (counts.errors, counts.total()),
        (3, 3),
        "{fault:?}: {counts:?}"
    );
    for cc in ["BR", "BD", "CN"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{cc} ")))
            .unwrap_or_else(|| panic!("{fault:?}: no line for {cc}:\n{}", run.stdout));
        assert!(line.contains(fault.cause()), "{fault:?}: {line}");
        assert!(
            line.len() < 400,
            "{fault:?}: a line of {} bytes",
            line.len()
        );
        let causes: Vec<&str> = line.split(": ").collect();
        assert!(
            causes.windows(2).all(|pair| pair[0] != pair[1]),
            "{fault:?}: a cause said twice: {line}"
        );
    }
    assert_eq!(
        saved(dir.path()),
        Vec::<String>::new(),
        "{fault:?}: nothing saved"
    );
    // Three requests of at most 1 s, one at a time at worst, and start-up beside the
    // suite's other runs: 5 s.
    assert!(took < Duration::from_secs(5), "{fault:?}: {took:?}");
}

fn peak_memory_against_an_endless_body(bin: &str, extra: &[&str]) {
    // GNU time reads a child's peak memory; Windows has no such command, and there this
    // part is left out.
    let time = Path::new("/usr/bin/time");
    if cfg!(unix) && time.exists() {
        let url = Fault::Endless.start();
        let dir = tmp();
        // 100 requests in flight at once (flags-async takes no -m: 100 codes it is).
        let mut args = vec![bin, "-e", "-l", "100", "-m", "100", "-s", &url];
        args.extend(extra);
        let output = std::process::Command::new(time)
            .args(["-f", "peak %M KB"])
            .args(&args)
            .current_dir(dir.path())
            .output()
            .expect("time runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let peak: u64 = stderr
            .lines()
            .find_map(|l| l.strip_prefix("peak ")?.strip_suffix(" KB")?.parse().ok())
            .unwrap_or_else(|| panic!("no peak in {stderr}"));
        assert!(
            peak < 100 * 1024,
            "peak {peak} KB against an endless body at -m 100"
        );
        assert!(saved(dir.path()).is_empty());
    } else {
        assert!(
            !cfg!(unix) || std::env::var_os("CI").is_none(),
            "CI must have GNU time"
        );
        eprintln!("skipped: the peak memory against an endless body (no /usr/bin/time)");
    }
}

fn a_proxy_for_loopback_is_not_used(bin: &str, extra: &[&str]) {
    let dir = tmp();
    let mut args = vec!["-s", "LOCAL", "br", "bd", "cn"];
    args.extend(extra);
    let output = std::process::Command::new(bin)
        .args(&args)
        .env("http_proxy", "http://127.0.0.1:9")
        .env("ALL_PROXY", "http://127.0.0.1:9")
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("  3 flags downloaded."),
        "a proxy for loopback: {stdout}"
    );
}
