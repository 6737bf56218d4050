//! The book's `procs.py`: N worker processes check the numbers; results come back as they
//! are ready; each worker ends with a sentinel.
//!
//! The idea to notice: a process shares no memory with its parent, so numbers and results
//! travel as bytes through pipes (Python pickles them through `multiprocessing` queues).
//! Here the program starts itself as each worker (`procs --worker`), writes numbers to the
//! worker's stdin and reads results from its stdout, one line each.
//!
//! Done right: the jobs stay in this process and each worker is handed its next number
//! when it returns a result, so a slow worker holds one number, not a share of them; the
//! end is each worker's sentinel, not an empty queue (the race the book's README tells of);
//! and a worker that dies is reported with the number it held, instead of being waited for.
//!
//! Run it: `cargo run --release -p primes --bin procs` (or `-- 4` for 4 processes)

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use primes::{PrimeResult, check, numbers, parse_workers};

/// Check numbers in worker processes.
#[derive(Debug, Parser)]
struct Args {
    /// How many worker processes [default: the number of cores].
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
    /// Run as a worker: read numbers from stdin, write results to stdout (started by the
    /// program itself).
    #[arg(long, hide = true)]
    worker: bool,
    /// Print each worker's process id on stderr when it starts.
    #[arg(long)]
    pids: bool,
    /// For tests: make this worker (0, 1, ...) wait MS milliseconds before each answer.
    #[arg(long, hide = true, value_name = "K:MS")]
    slow_worker: Option<String>,
    /// For the worker: wait this long before each answer.
    #[arg(long, hide = true, value_name = "MS")]
    delay_ms: Option<u64>,
}

/// The worker's side: one number per line in, `n prime nanos` per line out; `0` in is the
/// sentinel, answered with `0` and the end.
fn worker(delay: Duration) {
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let Ok(n) = line.unwrap_or_default().trim().parse::<u64>() else {
            break;
        };
        let result = if n == 0 { None } else { Some(check(n)) };
        thread::sleep(delay);
        let mut out = stdout.lock();
        let written = match result {
            Some(r) => writeln!(
                out,
                "{} {} {}",
                r.n,
                u8::from(r.prime),
                r.elapsed.as_nanos()
            ),
            None => writeln!(out, "0"),
        };
        if written.and_then(|()| out.flush()).is_err() || n == 0 {
            break;
        }
    }
}

/// What a worker's reader thread tells the main loop.
enum Event {
    /// Worker `id` checked a number.
    Result(usize, PrimeResult),
    /// A worker sent its sentinel.
    Done,
    /// Worker `id`'s output ended without a sentinel: it died.
    Died(usize),
}

/// Reads worker `id`'s results and forwards them, until its sentinel or its end.
fn read_results(id: usize, child: &mut Child, events: mpsc::Sender<Event>) {
    let stdout = child.stdout.take().expect("the worker's stdout is piped");
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let fields: Vec<u64> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
            let event = match fields[..] {
                [0] => Event::Done,
                [n, prime, nanos] => Event::Result(
                    id,
                    PrimeResult {
                        n,
                        prime: prime == 1,
                        elapsed: Duration::from_nanos(nanos),
                    },
                ),
                _ => break,
            };
            let done = matches!(event, Event::Done);
            if events.send(event).is_err() || done {
                return;
            }
        }
        let _ = events.send(Event::Died(id));
    });
}

/// Writes one job (a number, or the sentinel 0) to a worker.
fn send(stdin: &mut ChildStdin, n: u64) -> bool {
    writeln!(stdin, "{n}").and_then(|()| stdin.flush()).is_ok()
}

fn main() {
    let args = program::args::<Args>();
    if args.worker {
        return worker(Duration::from_millis(args.delay_ms.unwrap_or(0)));
    }
    let workers = args.workers.unwrap_or_else(primes::cores);
    let slow = args
        .slow_worker
        .as_deref()
        .and_then(|s| s.split_once(':'))
        .and_then(|(k, ms)| Some((k.parse::<usize>().ok()?, ms.parse::<u64>().ok()?)));
    let mut jobs: VecDeque<u64> = numbers().into();
    println!("Checking {} numbers with {workers} processes:", jobs.len());
    let t0 = Instant::now();
    let exe = std::env::current_exe().expect("this program's path");
    let (events, received) = mpsc::channel();
    let mut children = Vec::new();
    let mut inputs = Vec::new();
    for id in 0..workers {
        let mut command = Command::new(&exe);
        command.arg("--worker");
        if let Some((_, ms)) = slow.filter(|(k, _)| *k == id) {
            command.args(["--delay-ms", &ms.to_string()]);
        }
        let mut child = match command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn() {
            Ok(child) => child,
            Err(err) => {
                eprintln!("procs: cannot start a worker process: {err}");
                std::process::exit(1);
            }
        };
        if args.pids {
            eprintln!("worker {id}: pid {}", child.id());
        }
        read_results(id, &mut child, events.clone());
        inputs.push(child.stdin.take().expect("the worker's stdin is piped"));
        children.push(child);
    }
    drop(events);
    // What each worker holds now: the number it was last given, if any.
    let mut held: Vec<Option<u64>> = vec![None; workers];
    for id in 0..workers {
        let job = jobs.pop_front().unwrap_or(0);
        held[id] = (job != 0).then_some(job);
        send(&mut inputs[id], job);
    }
    let (mut checked, mut finished, mut lost) = (0, 0, Vec::new());
    while finished < workers {
        let Ok(event) = received.recv() else { break };
        match event {
            Event::Result(id, result) => {
                println!("{result}");
                checked += 1;
                // Its next job, or the sentinel when none is left.
                let job = jobs.pop_front().unwrap_or(0);
                held[id] = (job != 0).then_some(job);
                if !send(&mut inputs[id], job) {
                    if let Some(n) = held[id] {
                        jobs.push_front(n);
                    }
                    held[id] = None;
                }
            }
            Event::Done => finished += 1,
            Event::Died(id) => {
                finished += 1;
                match held[id].take() {
                    Some(n) => {
                        eprintln!("procs: worker {id} died while checking {n}");
                        lost.push(n);
                    }
                    None => eprintln!("procs: worker {id} died"),
                }
            }
        }
        // Jobs a dead worker could not take go to the ones still running, if any.
        if finished == workers && !jobs.is_empty() {
            lost.extend(jobs.drain(..));
        }
    }
    for mut child in children {
        let _ = child.wait();
    }
    println!("{checked} checks in {:.2}s", t0.elapsed().as_secs_f64());
    if !lost.is_empty() {
        let lost: Vec<String> = lost.iter().map(u64::to_string).collect();
        eprintln!("procs: not checked: {}", lost.join(", "));
        std::process::exit(1);
    }
}
