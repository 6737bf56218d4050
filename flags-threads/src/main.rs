//! flags-threads: the book's `flags2_threadpool.py`: a pool of OS threads, each blocking on
//! its own request, results handled in the order they complete.
//!
//! The idea to notice: the same bound as flags-bounded's semaphore, made of threads instead
//! of permits: `-m` threads (default 30, as the book) each take the next code, block until
//! its flag is in, and report. Read it beside `flags-bounded`: `thread::scope` is the
//! `with ThreadPoolExecutor(...)` block, the results channel is `as_completed`.
//!
//! Run it: `cargo run -p flags-threads` (or `cargo run -p flags-threads -- -s LOCAL -e -m 100`)

use std::sync::{Mutex, mpsc};
use std::thread;

use anyhow::Context;
use flags_common::{FlagError, Job, Outcome, Tally, raise_for_status, save_flag};
use reqwest::blocking::Client;

/// The book's defaults for the thread pool version.
const DEFAULT_CONCUR_REQ: usize = 30;
const MAX_CONCUR_REQ: usize = 1000;

fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Blocks this worker thread until the answer arrives; the other workers go on.
    let resp = client.get(&url).send()?;
    raise_for_status(&resp)?;
    Ok(resp.bytes()?.to_vec())
}

fn download_one(client: &Client, cc: &str, job: &Job) -> Outcome {
    // The timeline notes when the request started and ended (for --json and --timeline).
    let image = job
        .timeline
        .time_blocking(cc, || get_flag(client, &job.base_url, cc));
    match image {
        // Saving blocks too, which is fine here: this thread has nothing else to do.
        Ok(image) => save_flag(&image, &job.dest(&format!("{cc}.gif"))).into(),
        Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
        Err(err) => Outcome::Error(err),
    }
}

fn download_many(job: &Job) -> anyhow::Result<Tally> {
    // One blocking client shared by every worker: one connection pool.
    let client = job
        .blocking_client()
        .context("cannot build the HTTP client")?;
    // The executor's queue of work: each worker takes the next code from it.
    let to_do = Mutex::new(job.cc_list.iter());
    let (done, results) = mpsc::channel();
    let bar = job.progress_bar();
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
                        // A std Mutex, held just long enough to take the next code. (In
                        // `while let Some(cc) = to_do.lock()...` the guard would live
                        // through the whole loop body, and the workers would take turns.)
                        let next = to_do.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some(cc) = next else { break };
                        let outcome = download_one(client, cc, job);
                        // Each result carries its code. A send fails only if the
                        // receiving loop is gone, and then there is no one to work for.
                        if done.send((cc, outcome)).is_err() {
                            break;
                        }
                    }
                })
                .context("cannot start a worker thread")?;
        }
        // Only the workers hold senders now: the loop below ends when the last one quits.
        drop(done);
        // `for future in as_completed(to_do_map):` results arrive in completion order.
        for (cc, outcome) in results {
            job.show(cc, &outcome);
            tally.add(&outcome);
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish();
    Ok(tally)
}

fn main() -> std::process::ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
