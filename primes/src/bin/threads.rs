//! The book's `threads.py`: N worker threads take numbers from a jobs queue and put
//! results on a results queue; each worker ends by putting a sentinel (`n = 0`) when it
//! takes the sentinel job; the main loop ends when it has seen N sentinels.
//!
//! The idea to notice: in Python these threads take turns holding the GIL, and the run
//! takes as long as `sequential.py`. Rust threads run on all cores at once: with as many
//! workers as cores, the run is about that many times faster.
//!
//! The book's file defines its own `check` and result `NamedTuple`; sequential, threads,
//! procs and pool share one pair (`primes/src/check.rs`).
//!
//! Run it: `cargo run --release -p primes --bin threads` (or `-- 4` for 4 threads)

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Instant;

use parking_lot::Mutex;
use primes::{PrimeResult, WorkersArgs, check, numbers};

/// The book's `worker`: take a job, check it, put the result; at the sentinel, put a
/// sentinel result and stop.
fn worker(jobs: Arc<Mutex<mpsc::Receiver<u64>>>, results: mpsc::Sender<PrimeResult>) {
    loop {
        // `jobs.get()`: the lock is held only while taking one number.
        let job = jobs.lock().recv();
        let n = job.unwrap_or(0);
        let result = if n == 0 {
            PrimeResult::SENTINEL
        } else {
            check(n)
        };
        if results.send(result).is_err() || n == 0 {
            break;
        }
    }
}

fn main() {
    let workers = program::args::<WorkersArgs>().workers();
    let numbers = numbers();
    // `SimpleQueue()` twice: a channel for the jobs (shared by the workers behind a mutex,
    // as a queue has one lock) and one for the results.
    let (job_sender, jobs) = mpsc::channel();
    let jobs = Arc::new(Mutex::new(jobs));
    let (result_sender, results) = mpsc::channel();
    for &n in &numbers {
        job_sender.send(n).expect("the jobs queue is open");
    }
    println!("Checking {} numbers with {workers} threads:", numbers.len());
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..workers {
        // One sentinel job per worker, after the numbers.
        job_sender.send(0).expect("the jobs queue is open");
        let (jobs, results) = (Arc::clone(&jobs), result_sender.clone());
        handles.push(thread::spawn(move || worker(jobs, results)));
    }
    drop(result_sender);
    let mut checked = 0;
    let mut workers_done = 0;
    // The book's loop: until every worker has said it is done, print results as they come.
    while workers_done < workers {
        let Ok(result) = results.recv() else { break };
        if result.n == 0 {
            workers_done += 1;
        } else {
            checked += 1;
            println!("{result}");
        }
    }
    for handle in handles {
        let _ = handle.join();
    }
    println!("{checked} checks in {:.2}s", t0.elapsed().as_secs_f64());
}
