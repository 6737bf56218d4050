//! Load on the TCP server, measured as a user waits: from sending a query to the next
//! `?> ` prompt (a user types the next query only then), the server in a process of its
//! own, the clients in this one, all on loopback.
//!
//! 1. One client's session of 10 queries against its queries' own latency (the ratio shows
//!    any stall between an answer and its prompt).
//! 2. 100 clients at once, 10 queries each, of the mix `cat smiling`, `chess black`,
//!    `arrow up`, `greek omega`, `face`: the run's time and the server's CPU time per
//!    1,000 queries and per answer line, medians of 5; then the same against the book's
//!    `tcp_mojifinder.py`, run by the machine's Python from a clone of the book's
//!    repository in `EXAMPLE_CODE_2E` (skipped, with a line, without one), and the ratio.
//! 3. 1,000 clients at once, 10 queries each: every query answered, the wait p50 and p99,
//!    the server's peak memory (VmHWM); then the book's server under the same load.
//!
//! The server's CPU time is the sum over its threads of `/proc/PID/task/*/schedstat`
//! (nanoseconds, where `/proc/PID/stat` counts in ticks of 10 ms): Linux only.
//!
//! Run it: `cargo bench -p tcp-charfinder` (a release build)

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

const QUERIES: usize = 10;
const MIX: [&str; 5] = [
    "cat smiling",
    "chess black",
    "arrow up",
    "greek omega",
    "face",
];
const REPEAT: usize = 5;
const PROMPT: &[u8] = b"?> ";

/// A server in a process of its own, and the address it serves on.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Starts `command` and reads its `Serving on ('127.0.0.1', PORT).` line, as both the
    /// book's server and ours print it; the rest of its log is read and dropped.
    fn start(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut port = None;
        for line in (&mut stdout).lines() {
            let line = line.expect("a line");
            if let Some(rest) = line.strip_prefix("Serving on ('127.0.0.1', ") {
                port = rest.split(')').next().map(str::to_string);
                break;
            }
        }
        let addr = format!("127.0.0.1:{}", port.expect("the server's port"));
        std::thread::spawn(move || for _ in stdout.lines() {});
        Server { child, addr }
    }

    /// The CPU time of every thread of the server so far, in seconds.
    fn cpu_seconds(&self) -> f64 {
        let tasks = format!("/proc/{}/task", self.child.id());
        let mut nanos = 0u64;
        for task in std::fs::read_dir(tasks).into_iter().flatten().flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            nanos += stat
                .split(' ')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
        nanos as f64 / 1e9
    }

    /// The server's peak resident memory, as `/proc` says it.
    fn peak_memory(&self) -> String {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .unwrap_or("?")
            .trim()
            .to_string()
    }

    /// Ctrl-C, as a user stops it, then waits for it to end.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// One client's session: for each query, the time to its status line and the time to the
/// next prompt; and how many answer lines came before the status lines. The answers are
/// read in chunks and only scanned, not parsed line by line, so that the clients, on the
/// same cores as the server, cost little beside it.
async fn client(addr: String, i: usize) -> std::io::Result<(Vec<(Duration, Duration)>, usize)> {
    const STATUS_END: &[u8] = b" found\r\n";
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut waits = Vec::with_capacity(QUERIES);
    let mut lines = 0;
    let mut prompt = [0u8; 3];
    stream.read_exact(&mut prompt).await?;
    let mut answer = Vec::with_capacity(64 * 1024);
    for q in 0..QUERIES {
        let query = MIX[(i + q) % MIX.len()];
        let t0 = Instant::now();
        stream.write_all(format!("{query}\r\n").as_bytes()).await?;
        answer.clear();
        let mut answered = None;
        loop {
            let before = answer.len();
            if stream.read_buf(&mut answer).await? == 0 {
                return Err(std::io::Error::other("closed early"));
            }
            if answered.is_none() {
                let from = before.saturating_sub(STATUS_END.len());
                if answer[from..]
                    .windows(STATUS_END.len())
                    .any(|w| w == STATUS_END)
                {
                    answered = Some(t0.elapsed());
                }
            }
            if answered.is_some() && answer.ends_with(PROMPT) {
                break;
            }
        }
        // Every line ends in CRLF; the last is the status line.
        lines += answer.iter().filter(|&&b| b == b'\n').count() - 1;
        waits.push((answered.unwrap_or_default(), t0.elapsed()));
    }
    Ok((waits, lines))
}

/// What one load run measured.
struct Load {
    /// Each answered query's wait for the next prompt, shortest first.
    waits: Vec<Duration>,
    lines: usize,
    failed: usize,
    elapsed: Duration,
    cpu: f64,
}

impl Load {
    fn pct(&self, p: f64) -> f64 {
        let i = ((self.waits.len() as f64 * p) as usize).min(self.waits.len() - 1);
        self.waits[i].as_secs_f64() * 1e3
    }
}

/// `clients` sessions at once against `server`; a session with no answer within 30 s
/// counts as failed, not as a hang.
fn load(runtime: &tokio::runtime::Runtime, server: &Server, clients: usize) -> Load {
    let cpu = server.cpu_seconds();
    let t0 = Instant::now();
    let results = runtime.block_on(async {
        let tasks: Vec<_> = (0..clients)
            .map(|i| {
                let session = client(server.addr.clone(), i);
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
    let cpu = server.cpu_seconds() - cpu;
    let failed = results.iter().filter(|r| r.is_err()).count();
    let mut waits = Vec::new();
    let mut lines = 0;
    for (session, n) in results.into_iter().flatten() {
        waits.extend(session.into_iter().map(|(_, prompt)| prompt));
        lines += n;
    }
    waits.sort();
    Load {
        waits,
        lines,
        failed,
        elapsed,
        cpu,
    }
}

/// The median run of `REPEAT` by elapsed time, and the median server CPU time.
fn median_of(runtime: &tokio::runtime::Runtime, server: &Server, clients: usize) -> (Load, f64) {
    let mut runs: Vec<Load> = (0..REPEAT)
        .map(|_| load(runtime, server, clients))
        .collect();
    let mut cpus: Vec<f64> = runs.iter().map(|r| r.cpu).collect();
    cpus.sort_by(f64::total_cmp);
    runs.sort_by_key(|r| r.elapsed);
    (runs.swap_remove(REPEAT / 2), cpus[REPEAT / 2])
}

/// Prints the 100-client line for `who`; returns the median time in seconds.
fn hundred(runtime: &tokio::runtime::Runtime, server: &Server, who: &str) -> f64 {
    let (run, cpu) = median_of(runtime, server, 100);
    let queries = run.waits.len();
    println!(
        "{who}: 100 clients x {QUERIES} queries, median of {REPEAT}: {queries} answered \
         ({} answer lines), {} clients failed, {:.1} ms; server CPU {:.1} ms per 1,000 \
         queries, {:.2} µs per answer line",
        run.lines,
        run.failed,
        run.elapsed.as_secs_f64() * 1e3,
        cpu * 1e3 * 1000.0 / queries.max(1) as f64,
        cpu * 1e6 / run.lines.max(1) as f64,
    );
    run.elapsed.as_secs_f64()
}

/// Prints the 1,000-client line for `who`.
fn thousand(runtime: &tokio::runtime::Runtime, server: &Server, who: &str, target: &str) {
    let run = load(runtime, server, 1000);
    let asked = 1000 * QUERIES;
    let waits = if run.waits.is_empty() {
        "no wait measured".to_string()
    } else {
        format!(
            "wait for the next prompt p50 {:.1} ms, p99 {:.1} ms{target}, max {:.1} ms",
            run.pct(0.5),
            run.pct(0.99),
            run.pct(1.0)
        )
    };
    println!(
        "{who}: 1,000 clients x {QUERIES} queries: {} of {asked} answered, {} clients failed, \
         in {:.2} s; {waits}; server peak memory {}",
        run.waits.len(),
        run.failed,
        run.elapsed.as_secs_f64(),
        server.peak_memory()
    );
}

/// The book's `tcp_mojifinder.py` as a command, if `EXAMPLE_CODE_2E` names a clone that
/// has it and the machine has Python; else why not.
fn books_server() -> Result<Command, String> {
    let clone = std::env::var_os("EXAMPLE_CODE_2E")
        .ok_or("EXAMPLE_CODE_2E is not set (a clone of fluentpython/example-code-2e)")?;
    let folder = PathBuf::from(clone).join("21-async/mojifinder");
    if !folder.join("tcp_mojifinder.py").is_file() {
        return Err(format!("no tcp_mojifinder.py in {}", folder.display()));
    }
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or("no python3 or python on the PATH")?;
    let mut command = Command::new(python);
    // -u: its `Serving on` line comes at once, not when a pipe's buffer fills. Its stderr
    // is dropped: stopped with Ctrl-C while clients it never answered are still connected,
    // asyncio prints a traceback for every session it cancels, thousands of lines.
    command
        .args(["-u", "tcp_mojifinder.py", "127.0.0.1", "0"])
        .current_dir(folder)
        .stderr(Stdio::null());
    Ok(command)
}

fn main() {
    // The bench's own 1,000 clients need as many file descriptors.
    let _ = serving::connection_cap(usize::MAX);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut ours = Command::new(env!("CARGO_BIN_EXE_tcp-charfinder"));
    ours.args(["--port", "0"]);
    let ours = Server::start(ours);

    let (alone, _) = runtime
        .block_on(client(ours.addr.clone(), 0))
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

    let our_time = hundred(&runtime, &ours, "tcp-charfinder");
    let book = books_server().map(Server::start);
    match &book {
        Ok(book) => {
            let book_time = hundred(&runtime, book, "tcp_mojifinder.py");
            println!(
                "the book's server takes {:.1}x our time (target: at least 3x)",
                book_time / our_time
            );
        }
        Err(why) => println!("tcp_mojifinder.py: skipped: {why}"),
    }

    thousand(&runtime, &ours, "tcp-charfinder", " (target: under 50 ms)");
    ours.stop();
    if let Ok(book) = book {
        thousand(&runtime, &book, "tcp_mojifinder.py", "");
        book.stop();
    }
}
