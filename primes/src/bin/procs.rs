//! The book's `procs.py`: N worker processes check the numbers; results come back as they
//! are ready; each worker ends with a sentinel.
//!
//! The idea to notice: a process shares no memory with its parent, so numbers and results
//! travel as bytes through pipes (Python pickles them through `multiprocessing` queues).
//! Here the program starts itself as each worker (`procs --worker`); the queues made of
//! its pipes are in `primes::pipes`, with what they do better than the book's: a slow
//! worker holds one number, not a share of them, and a worker that dies is reported with
//! the number it held instead of being waited for.
//!
//! The book's file defines its own `check` and result `NamedTuple`; sequential, threads,
//! procs and pool share one pair (`primes/src/check.rs`).
//!
//! Run it: `cargo run --release -p primes --bin procs` (or `-- 4` for 4 processes)

use std::process::ExitCode;
use std::time::Instant;

use primes::pipes::{JobQueue, Pool, ResultQueue};
use primes::{PrimeResult, check, numbers, parse_workers};

/// Check numbers in worker processes.
#[derive(Debug, clap::Parser)]
struct Args {
    /// How many worker processes [default: the number of cores].
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
    /// Run as a worker: the book's `Process(target=worker)` (started by the program).
    #[arg(long, hide = true)]
    worker: bool,
    /// Print each worker's process id on stderr when it starts.
    #[arg(long)]
    pids: bool,
}

/// The book's `worker`, in a process of its own: `while n := jobs.get()`, then the sentinel.
fn worker(jobs: &mut JobQueue, results: &mut ResultQueue) {
    while let Some(n) = jobs.get() {
        if !results.put(check(n)) {
            return; // The parent is gone.
        }
    }
    results.put(PrimeResult::SENTINEL);
}

/// The book's `start_jobs`: the numbers queued, `procs` workers started. The numbers stay
/// in this process: each worker is handed one at a time (primes::pipes).
fn start_jobs(procs: usize, pids: bool) -> std::io::Result<Pool> {
    Pool::start(numbers(), procs, pids)
}

fn main() -> ExitCode {
    let args = program::args::<Args>();
    if args.worker {
        worker(&mut JobQueue::stdin(), &mut ResultQueue::stdout());
        return ExitCode::SUCCESS;
    }
    let procs = args.workers.unwrap_or_else(primes::cores);
    println!(
        "Checking {} numbers with {procs} processes:",
        numbers().len()
    );
    let t0 = Instant::now();
    let mut results = match start_jobs(procs, args.pids) {
        Ok(pool) => pool,
        Err(err) => {
            eprintln!("procs: cannot start a worker process: {err}");
            return ExitCode::FAILURE;
        }
    };
    let checked = report(procs, &mut results);
    println!("{checked} checks in {:.2}s", t0.elapsed().as_secs_f64());
    let lost = results.finish();
    if lost.is_empty() {
        return ExitCode::SUCCESS;
    }
    let lost: Vec<String> = lost.iter().map(u64::to_string).collect();
    eprintln!("procs: not checked: {}", lost.join(", "));
    ExitCode::FAILURE
}

/// The book's `report`: results as they come, until every worker has sent its sentinel.
fn report(procs: usize, results: &mut Pool) -> usize {
    let (mut checked, mut procs_done) = (0, 0);
    while procs_done < procs {
        let result = results.get();
        if result.n == 0 {
            procs_done += 1;
        } else {
            checked += 1;
            println!("{result}");
        }
    }
    checked
}
