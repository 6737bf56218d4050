//! The book's `flags_threadpool_futures.py` ("Where Are the Futures?"): five downloads
//! submitted to a pool of three threads, each future printed as it is scheduled, then each
//! with its result as it completes. Scheduled, a future is pending until a worker takes it;
//! the two past the three workers are still pending, and the first three are pending or
//! running, whichever is first: the print or the worker's wake (the book's run caught
//! them running).
//!
//! The idea to notice: `submit` gives back at once a handle to work that has not been done;
//! the handle's state moves from pending to running to finished while the program holds
//! it. Rust's standard library has no such executor: `flags_threads::executor` is the few
//! lines of `concurrent.futures` this program needs. The codes are the first five of the
//! sorted list (the book cuts its top-20 list first, then sorts: the report's header
//! counts the codes asked for); the pool has the book's three workers unless `-m` asks for
//! another number.
//!
//! Run it: `cargo run -p flags-threads --bin flags_threadpool_futures`

use std::sync::Arc;

use anyhow::Context;
use flags_common::{Concurrency, Display, Job, Outcome, Tally};
use flags_seq::download_one;
use flags_threads::executor::ThreadPoolExecutor;

fn download_many(job: &Job, _display: &Display) -> anyhow::Result<Tally> {
    let client = job
        .blocking_client()
        .context("cannot build the HTTP client")?;
    let cc_list = &job.cc_list[..job.cc_list.len().min(5)]; // <1>
    let mut executor = ThreadPoolExecutor::new(job.concur_req); // <2>
    let mut to_do = Vec::new();
    for cc in cc_list {
        // <3>
        let (client, job, code) = (client.clone(), job.clone(), cc.clone());
        let future = executor.submit(move || {
            // <4>
            // After Ctrl-C a queued download is not started (`None`); the book's executor
            // would still run it on its way out of the `with` block.
            (!job.stop.is_cancelled())
                .then(|| download_one(&client, &code, &job).unwrap_or_else(Outcome::Error))
        });
        to_do.push(Arc::clone(&future)); // <5>
        println!("Scheduled for {cc}: {future}"); // <6>
    }
    let mut tally = Tally::default();
    for future in executor.as_completed(&to_do) {
        // <7>
        // Shown before its result is borrowed: the borrow holds the lock that showing the
        // future's state takes.
        let shown = future.to_string();
        let res = future.result(); // <8>
        println!("{shown} result: {:?}", *res); // <9>
        tally.add_started(res.as_ref());
    }
    tally.interrupted = job.stop.is_cancelled();
    Ok(tally)
}

fn main() -> std::process::ExitCode {
    // `max_workers=3`, unless `-m` asks for another number.
    let pool = Concurrency::Bounded {
        default: 3,
        max: 1000,
    };
    flags_common::main(download_many, pool, flags_common::Progress::Codes)
}
