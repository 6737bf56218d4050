//! Load on the web server: 100 connections, each sending `GET /search?q=...` one after
//! the other for 5 seconds; requests per second, and latency p50 and p99, the server in
//! this process on its own runtime. One run for each of `q=cat%20smiling` (3 characters
//! an answer) and `q=face` (about 280, where writing the names is most of the work), then
//! one of the four queries of the TCP bench's mix in turn.
//!
//! Then slow clients, against the async server and the blocking one
//! (`web-charfinder-blocking`, the bottle lesson), each its release binary on a free
//! loopback port: three connections send `GET /search?q=cat ...` a byte a second, and half
//! a second later one search for `q=cat%20smiling` is timed on each server.
//!
//! Run it: `cargo bench -p web-charfinder` (a release build); one part alone:
//! `cargo bench -p web-charfinder -- load` or `-- slow`.

#[path = "../tests/served/serving_on.rs"]
mod serving_on;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 100;
const SECONDS: u64 = 5;
const MIX: [&str; 4] = [
    "cat%20smiling",
    "chess%20black",
    "arrow%20up",
    "greek%20omega",
];

fn main() {
    // `cargo bench` passes `--bench`; other words name the parts to run, none all of them.
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let wanted = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    if wanted("load") {
        let index = Arc::new(charindex::InvertedIndex::new());
        let addr = web_charfinder::limits::serve_in_background(index);
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        for queries in [&["cat%20smiling"][..], &["face"], &MIX] {
            load(&runtime, addr, queries);
        }
    }
    if wanted("slow") {
        slow_clients();
    }
}

/// `CONNECTIONS` clients asking `queries` in turn for `SECONDS`; prints what they got.
fn load(runtime: &tokio::runtime::Runtime, addr: std::net::SocketAddr, queries: &'static [&str]) {
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let mut latencies = runtime.block_on(async move {
        let tasks: Vec<_> = (0..CONNECTIONS)
            .map(|i| {
                tokio::spawn(async move {
                    // One client each: one kept-alive connection each.
                    let client = reqwest::Client::builder()
                        .pool_max_idle_per_host(1)
                        .build()
                        .expect("a client");
                    let mut latencies = Vec::new();
                    let mut n = i;
                    while Instant::now() < deadline {
                        let query = queries[n % queries.len()];
                        n += 1;
                        let url = format!("http://{addr}/search?q={query}");
                        let t0 = Instant::now();
                        let resp = client.get(&url).send().await.expect("an answer");
                        assert!(resp.status().is_success());
                        let _ = resp.bytes().await.expect("a body");
                        latencies.push(t0.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.expect("no panic"));
        }
        all
    });
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "q={}: {CONNECTIONS} connections for {SECONDS} s: {} requests, {:.0} requests/s; \
         latency p50 {:.2} ms, p99 {:.2} ms",
        queries.join(" | q="),
        latencies.len(),
        latencies.len() as f64 / SECONDS as f64,
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

/// How many clients send their request a byte a second.
const SLOW_CLIENTS: usize = 3;

/// The blocking server's `--request-timeout`, in seconds: each slow client holds it this
/// long, so that the part ends within 10 s.
const REQUEST_TIMEOUT: &str = "2";

/// A server of this package, its release binary started on a free loopback port; killed
/// when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(binary: &str, args: &[&str]) -> Server {
        let mut child = Command::new(binary)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        // `Building index.`, then `Serving on http://127.0.0.1:PORT/ Hit CTRL-C to stop.`
        let addr: SocketAddr = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| serving_on::serving_on(&line))
            .expect("the server says where it serves");
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, addr }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that sends a request a byte a second, on a thread of its own, until the
/// server closes the connection (or the bench ends).
fn send_slowly(addr: SocketAddr) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    std::thread::spawn(move || {
        for byte in b"GET /search?q=cat HTTP/1.1\r\nHost: x\r\n\r\n" {
            if stream.write_all(&[*byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
}

/// How long one search waits for its whole answer, from its connection to the server's
/// close.
fn timed_search(addr: SocketAddr) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    stream
        .write_all(b"GET /search?q=cat%20smiling HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let waited = started.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    let found = answer.contains("GRINNING CAT FACE WITH SMILING EYES");
    assert!(answer.starts_with("HTTP/1.1 200") && found, "{answer:.300}");
    waited
}

/// `SLOW_CLIENTS` slow clients on each server, then one search timed on each; prints the
/// table.
fn slow_clients() {
    let servers = [
        (
            "web-charfinder",
            Server::start(env!("CARGO_BIN_EXE_web-charfinder"), &[]),
        ),
        (
            "web-charfinder-blocking",
            Server::start(
                env!("CARGO_BIN_EXE_web-charfinder-blocking"),
                &["--request-timeout", REQUEST_TIMEOUT],
            ),
        ),
    ];
    println!(
        "slow clients: {SLOW_CLIENTS} connections each send `GET /search?q=cat ...` a byte a \
         second; 0.5 s later, one search for q=cat%20smiling"
    );
    println!(
        "{:<24} {:>12} {:>20}",
        "server", "slow clients", "search waited (ms)"
    );
    let mut waited = Vec::new();
    for (name, server) in &servers {
        for _ in 0..SLOW_CLIENTS {
            send_slowly(server.addr);
        }
        std::thread::sleep(Duration::from_millis(500));
        let wait = timed_search(server.addr);
        println!(
            "{name:<24} {SLOW_CLIENTS:>12} {:>20.1}",
            wait.as_secs_f64() * 1e3
        );
        waited.push(wait);
    }
    println!(
        "blocking / async: {:.0}x",
        waited[1].as_secs_f64() / waited[0].as_secs_f64()
    );
    println!(
        "(the blocking server reads one connection at a time and gives each slow client its \
         --request-timeout, {REQUEST_TIMEOUT} s here, before closing it: the search waits for \
         all {SLOW_CLIENTS}, about {SLOW_CLIENTS} x {REQUEST_TIMEOUT} s less the 0.5 s it came \
         after them; the async server reads each on a task of its own and answers at once)"
    );
}
