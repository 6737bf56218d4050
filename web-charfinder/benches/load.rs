//! Load on the web server: 100 connections, each sending `GET /search?q=...` one after
//! the other for 5 seconds; requests per second, and latency p50 and p99, the server in
//! this process on its own runtime. One run for each of `q=cat%20smiling` (3 characters
//! an answer) and `q=face` (about 280, where writing the names is most of the work), then
//! one of the four queries of the TCP bench's mix in turn.
//!
//! Run it: `cargo bench -p web-charfinder` (a release build)

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
    let index = Arc::new(charindex::InvertedIndex::new());
    let addr = web_charfinder::limits::serve_in_background(index);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    for queries in [&["cat%20smiling"][..], &["face"], &MIX] {
        load(&runtime, addr, queries);
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
