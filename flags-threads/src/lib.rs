//! flags-threads: the book's `flags2_threadpool.py`: a pool of OS threads, each blocking on
//! its own request, results handled in the order they complete.
//!
//! The idea to notice: the same bound as flags-bounded's semaphore, made of threads instead
//! of permits: `-m` threads (default 30, as the book) each take the next code, block until
//! its flag is in, and report. Read it beside `flags-bounded`: `thread::scope` is the
//! `with ThreadPoolExecutor(...)` block, the results channel is `as_completed`. The work
//! of each thread is flags-seq's `download_one`, imported as the book imports it from
//! `flags2_sequential.py`.
//!
//! Run it: `cargo run -p flags-threads` (or `cargo run -p flags-threads -- -s LOCAL -e -m 100`).
//! This file is the lesson; `main.rs` is the book's `if __name__ == '__main__':` line.

pub mod executor;

use std::sync::mpsc;
use std::thread;

use anyhow::Context;
use flags_common::{Concurrency, Display, Job, Outcome, Tally};
use flags_seq::download_one;
use parking_lot::Mutex;

/// The book's defaults for the thread pool version: 30 threads, at most 1000.
pub const CONCURRENCY: Concurrency = Concurrency::Bounded {
    default: 30,
    max: 1000,
};

/// `-m` worker threads share one queue of codes; each result comes back on a channel with
/// its code, in the order the downloads finish.
pub fn download_many(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    // One blocking client shared by every worker: one connection pool.
    let client = job
        .blocking_client()
        .context("cannot build the HTTP client")?;
    // The executor's queue of work: each worker takes the next code from it.
    let to_do = Mutex::new(job.cc_list.iter());
    let (done, results) = mpsc::channel();
    let mut tally = Tally::default();

    // `with ThreadPoolExecutor(max_workers=concur_req) as executor:`. Scoped threads may
    // borrow the client, the queue and the job, and are all joined when the scope ends.
    thread::scope(|scope| -> anyhow::Result<()> {
        for i in 0..job.concur_req {
            let done = done.clone();
            let (client, to_do) = (&client, &to_do);
            thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn_scoped(scope, move || {
                    loop {
                        // A Mutex (parking_lot's: no poisoning to unwrap, unlike
                        // std's), held just long enough to take the next code. (In
                        // `while let Some(cc) = to_do.lock()...` the guard would live
                        // through the whole loop body, and the workers would take turns.)
                        // After Ctrl-C a worker takes no new code. (The book's executor,
                        // left by the KeyboardInterrupt, runs every queued future first:
                        // its `shutdown(wait=True)` cancels none.)
                        if job.stop.is_cancelled() {
                            break;
                        }
                        let next = to_do.lock().next();
                        let Some(cc) = next else { break };
                        // Blocks this worker until its flag is in and saved; the other
                        // workers go on meanwhile.
                        let result = download_one(client, cc, job);
                        // Each result carries its code. A send fails only if the
                        // receiving loop is gone, and then there is no one to work for.
                        if done.send((cc, result)).is_err() {
                            break;
                        }
                    }
                })
                .context("cannot start a worker thread")?;
        }
        // Only the workers hold senders now: the loop below ends when the last one quits.
        drop(done);
        // `for future in as_completed(to_do_map):` results arrive in completion order;
        // `future.result()` re-raises the worker's error here, where it is counted.
        for (cc, result) in results {
            let outcome = result.unwrap_or_else(Outcome::Error);
            display.show(cc, &outcome);
            tally.add(&outcome);
        }
        Ok(())
    })?;
    if job.stop.is_cancelled() {
        tally.interrupted = true;
        tally.not_attempted = job.cc_list.len() - tally.total();
    }
    Ok(tally)
}
