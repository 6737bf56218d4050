//! The book's two `SimpleQueue`s between processes, made of pipes: what `multiprocessing`
//! does for `procs.py` and Rust's standard library leaves to the program.
//!
//! The parent starts its own executable as each worker (`procs --worker`), writes numbers
//! to the worker's stdin and reads results from its stdout, one line each. On the worker's
//! side, [`JobQueue`] and [`ResultQueue`] are those two ends; on the parent's, [`Pool`]
//! keeps the jobs and hands each worker its next number when it returns a result, so a
//! slow worker holds one number, not a share of them; the end is each worker's sentinel,
//! not an empty queue (the race the book's README tells of); and a worker that dies is
//! reported with the number it held, instead of being waited for.
//!
//! For tests, `PRIMES_SLOW_WORKER=K:MS` makes worker K wait MS milliseconds before each
//! answer (through `PRIMES_WORKER_DELAY_MS` in that worker's environment).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Lines, StdinLock, Stdout, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::PrimeResult;

/// The worker's jobs: numbers read from stdin, one a line.
pub struct JobQueue(Lines<StdinLock<'static>>);

impl JobQueue {
    /// The jobs the parent writes to this process's stdin.
    pub fn stdin() -> JobQueue {
        JobQueue(std::io::stdin().lock().lines())
    }

    /// `jobs.get()`: the next number, or `None` at the sentinel `0` (or when the parent
    /// went away, or sent what is not a number).
    pub fn get(&mut self) -> Option<u64> {
        let line = self.0.next()?.ok()?;
        line.trim().parse().ok().filter(|&n| n != 0)
    }
}

/// The worker's results: `n prime nanos` lines written to stdout.
pub struct ResultQueue {
    out: Stdout,
    delay: Duration,
}

impl ResultQueue {
    /// The results this process writes to its stdout for the parent.
    pub fn stdout() -> ResultQueue {
        let ms = std::env::var("PRIMES_WORKER_DELAY_MS").ok();
        let delay = Duration::from_millis(ms.and_then(|ms| ms.parse().ok()).unwrap_or(0));
        ResultQueue {
            out: std::io::stdout(),
            delay,
        }
    }

    /// `results.put(result)`: false once the parent is gone.
    pub fn put(&mut self, r: PrimeResult) -> bool {
        thread::sleep(self.delay);
        let mut out = self.out.lock();
        let nanos = r.elapsed.as_nanos();
        writeln!(out, "{} {} {nanos}", r.n, u8::from(r.prime))
            .and_then(|()| out.flush())
            .is_ok()
    }
}

/// What a worker's reader thread tells the parent.
enum Event {
    /// Worker `id` checked a number.
    Result(usize, PrimeResult),
    /// A worker sent its sentinel.
    Done,
    /// Worker `id`'s output ended without a sentinel: it died.
    Died(usize),
}

/// The parent's side: the jobs, the worker processes, and the results as they come.
pub struct Pool {
    jobs: VecDeque<u64>,
    inputs: Vec<ChildStdin>,
    children: Vec<Child>,
    /// What each worker holds now: the number it was last given, if any.
    held: Vec<Option<u64>>,
    events: mpsc::Receiver<Event>,
    lost: Vec<u64>,
}

impl Pool {
    /// Queues `numbers`, starts `procs` workers (printing each one's process id on
    /// stderr if `pids`), and gives each its first number.
    pub fn start(numbers: Vec<u64>, procs: usize, pids: bool) -> std::io::Result<Pool> {
        let exe = std::env::current_exe()?;
        let slow = std::env::var("PRIMES_SLOW_WORKER").ok();
        let slow = slow.as_deref().and_then(|s| s.split_once(':'));
        let (sender, events) = mpsc::channel();
        let mut pool = Pool {
            jobs: numbers.into(),
            inputs: Vec::new(),
            children: Vec::new(),
            held: vec![None; procs],
            events,
            lost: Vec::new(),
        };
        for id in 0..procs {
            let mut command = Command::new(&exe);
            command.arg("--worker");
            if let Some((_, ms)) = slow.filter(|(k, _)| k.parse() == Ok(id)) {
                command.env("PRIMES_WORKER_DELAY_MS", ms);
            }
            let mut child = command
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?;
            if pids {
                eprintln!("worker {id}: pid {}", child.id());
            }
            read_results(id, &mut child, sender.clone());
            pool.inputs
                .push(child.stdin.take().expect("the worker's stdin is piped"));
            pool.children.push(child);
            pool.send_next(id);
        }
        Ok(pool)
    }

    /// `results.get()`: the next result, or a sentinel (`n == 0`) when a worker is done,
    /// or has died (said on stderr, with the number it held).
    pub fn get(&mut self) -> PrimeResult {
        match self.events.recv() {
            Ok(Event::Result(id, result)) => {
                self.send_next(id);
                result
            }
            Ok(Event::Died(id)) => {
                match self.held[id].take() {
                    Some(n) => {
                        eprintln!("procs: worker {id} died while checking {n}");
                        self.lost.push(n);
                    }
                    None => eprintln!("procs: worker {id} died"),
                }
                PrimeResult::SENTINEL
            }
            Ok(Event::Done) | Err(_) => PrimeResult::SENTINEL,
        }
    }

    /// Waits for the workers to end; the numbers nobody checked, because their workers
    /// died.
    pub fn finish(mut self) -> Vec<u64> {
        for child in &mut self.children {
            let _ = child.wait();
        }
        self.lost.extend(self.jobs.drain(..));
        self.lost
    }

    /// Gives worker `id` its next number, or the sentinel when none is left; a number it
    /// cannot take goes back to the queue.
    fn send_next(&mut self, id: usize) {
        let job = self.jobs.pop_front().unwrap_or(0);
        self.held[id] = (job != 0).then_some(job);
        let stdin = &mut self.inputs[id];
        if writeln!(stdin, "{job}")
            .and_then(|()| stdin.flush())
            .is_err()
            && let Some(n) = self.held[id].take()
        {
            self.jobs.push_front(n);
        }
    }
}

/// Reads worker `id`'s results and forwards them, until its sentinel or its end.
fn read_results(id: usize, child: &mut Child, events: mpsc::Sender<Event>) {
    let stdout = child.stdout.take().expect("the worker's stdout is piped");
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let fields: Vec<u64> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
            let event = match fields[..] {
                [0, ..] => Event::Done,
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
