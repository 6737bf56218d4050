//! Load on the TCP server, measured as a user waits: from sending a query to the next
//! `?> ` prompt (a user types the next query only then). First one client's session of 10
//! queries, against 10 times its queries' own latency (the ratio shows any stall between
//! an answer and its prompt); then 1,000 clients connected at once, each sending 10
//! queries: queries per second, the wait p50 and p99, and the server's peak memory
//! (VmHWM), the server in a process of its own.
//!
//! Run it: `cargo bench -p tcp-charfinder` (a release build)

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

const CLIENTS: usize = 1000;
const QUERIES: usize = 10;
const WORDS: [&str; 5] = [
    "cat smiling",
    "chess black",
    "arrow up",
    "greek omega",
    "face",
];

/// One client's session: for each query, the time to its status line and the time to the
/// next prompt.
async fn client(addr: String, i: usize) -> std::io::Result<Vec<(Duration, Duration)>> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (read, mut write) = stream.into_split();
    let mut reader = tokio::io::BufReader::new(read);
    let mut waits = Vec::with_capacity(QUERIES);
    let mut prompt = [0u8; 3];
    reader.read_exact(&mut prompt).await?;
    for q in 0..QUERIES {
        let query = WORDS[(i + q) % WORDS.len()];
        let t0 = Instant::now();
        write.write_all(format!("{query}\r\n").as_bytes()).await?;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Err(std::io::Error::other("closed early"));
            }
            if line.ends_with(" found\r\n") {
                break;
            }
        }
        let answered = t0.elapsed();
        reader.read_exact(&mut prompt).await?;
        waits.push((answered, t0.elapsed()));
    }
    Ok(waits)
}

fn main() {
    // The bench's own 1,000 clients need as many file descriptors.
    let _ = serving::connection_cap(usize::MAX);
    let mut server = Command::new(env!("CARGO_BIN_EXE_tcp-charfinder"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut stdout = BufReader::new(server.stdout.take().expect("piped"));
    let mut port = None;
    for line in (&mut stdout).lines() {
        let line = line.expect("a line");
        if let Some(rest) = line.strip_prefix("Serving on ('127.0.0.1', ") {
            port = rest.split(')').next().map(str::to_string);
            break;
        }
    }
    let addr = format!("127.0.0.1:{}", port.expect("the server's port"));
    // Drain the server's log so its pipe never fills.
    std::thread::spawn(move || for _ in stdout.lines() {});

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    // One client alone: its session's time against its queries' own.
    let alone = runtime
        .block_on(client(addr.clone(), 0))
        .expect("one session");
    let session: Duration = alone.iter().map(|(_, prompt)| *prompt).sum();
    let answers: Duration = alone.iter().map(|(answer, _)| *answer).sum();
    println!(
        "one client, {QUERIES} queries one after the other: {:.1} ms to every prompt, \
         {:.1} ms to the answers' status lines: ratio {:.2} (1.00: no stall before a prompt)",
        session.as_secs_f64() * 1e3,
        answers.as_secs_f64() * 1e3,
        session.as_secs_f64() / answers.as_secs_f64()
    );

    let t0 = Instant::now();
    let results = runtime.block_on(async {
        // A client that gets no answer within 30 s counts as failed, not as a hang.
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let session = client(addr.clone(), i);
                tokio::spawn(async move {
                    tokio::time::timeout(Duration::from_secs(30), session)
                        .await
                        .unwrap_or_else(|_| Err(std::io::Error::other("no answer in 30 s")))
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("no panic"));
        }
        results
    });
    let elapsed = t0.elapsed();
    let failed = results.iter().filter(|r| r.is_err()).count();
    let mut waits: Vec<Duration> = results
        .into_iter()
        .flatten()
        .flatten()
        .map(|(_, prompt)| prompt)
        .collect();
    waits.sort();
    let pct = |p: f64| waits[((waits.len() as f64 * p) as usize).min(waits.len() - 1)];
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: ?")
        .to_string();
    let _ = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status();
    let _ = server.wait();
    println!(
        "{CLIENTS} clients at once, {QUERIES} queries each: {} answered, {failed} clients failed, \
         in {:.2}s: {:.0} queries/s",
        waits.len(),
        elapsed.as_secs_f64(),
        waits.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "wait for the next prompt: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server peak memory {}",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        waits[waits.len() - 1].as_secs_f64() * 1e3,
        peak.trim_start_matches("VmHWM:").trim()
    );
}
