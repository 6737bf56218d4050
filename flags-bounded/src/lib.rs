//! flags-bounded: the book's `flags2_asyncio.py`: the asyncio downloader enhanced, with at
//! most `-m` requests in flight, results handled as they complete, a progress bar, every
//! kind of failure counted, file writes kept off the event loop, and a clean Ctrl-C.
//!
//! The idea to notice: a semaphore permit is held only while a request is on the wire, so
//! the server never sees more than `-m` requests at once (the `Server:` line after the
//! report shows the peak). Results arrive in completion order, each with its country code.
//!
//! Run it: `cargo run -p flags-bounded` (or `cargo run -p flags-bounded -- -s ERROR -al 100 -m 100`).
//! This file is the lesson; `main.rs` is the book's `if __name__ == '__main__':` line.

use std::sync::Arc;

use anyhow::Context;
use flags_common::{Client, Concurrency, Display, FlagError, Job, Outcome, Tally, save_flag};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The book's defaults: 5, at most 1000; low, as the book says, to avoid errors such as
/// 503 (Service Temporarily Unavailable) from a remote site.
pub const CONCURRENCY: Concurrency = Concurrency::Bounded {
    default: 5,
    max: 1000,
};

/// Why a download did not finish: Ctrl-C came first.
enum Stopped {
    /// It was still waiting for a permit: its request never started.
    BeforeStart,
    /// Its request was on the wire: the future was dropped, which closes the connection.
    InFlight,
}

async fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Suspends until the whole answer has arrived (or the timeout expires).
    let resp = client.get(&url).await?;
    resp.raise_for_status()?;
    Ok(resp.content.to_vec())
}

/// What every download task shares. Python's tasks may all use the same client and
/// semaphore; a spawned tokio task must own what it uses (`'static`), so each holds an
/// `Arc`, a counted reference, to this one copy.
struct Downloader {
    job: Job,
    client: Client,
    semaphore: Semaphore,
}

impl Downloader {
    async fn download_one(&self, cc: &str) -> Result<Outcome, Stopped> {
        let image = {
            // `async with semaphore:` in the book. Waits here while `-m` requests are in
            // flight, unless Ctrl-C comes first.
            // `biased`: look at the stop signal first, so no request starts after Ctrl-C.
            let _permit = tokio::select! {
                biased;
                _ = self.job.stop.cancelled() => return Err(Stopped::BeforeStart),
                permit = self.semaphore.acquire() => permit.expect("the semaphore is never closed"),
            };
            tokio::select! {
                biased;
                // Cancellation, Rust style: returning drops the `get_flag` future where it
                // is parked; no exception is raised inside it, its connection is closed.
                _ = self.job.stop.cancelled() => return Err(Stopped::InFlight),
                image = get_flag(&self.client, &self.job.base_url, cc) => image,
            }
            // `_permit` is dropped at the end of this block: the permit goes back to the
            // semaphore as soon as the answer is in, not after the file is saved.
        };
        let outcome = match image {
            Ok(image) => {
                let path = self.job.dest(&format!("{cc}.gif"));
                // `await asyncio.to_thread(save_flag, ...)`: writing a file blocks, so it
                // runs on tokio's blocking thread pool while the runtime's threads serve
                // other downloads. A blocking job runs to its end once started, whatever
                // happens to its handle; save_flag's temporary file and rename are what
                // keep a half-written flag from ever appearing.
                let saving = {
                    let path = path.clone();
                    tokio::task::spawn_blocking(move || save_flag(&image, &path))
                };
                match saving.await {
                    Ok(saved) => saved.into(),
                    Err(panicked) => {
                        Outcome::Error(FlagError::Save(path, std::io::Error::other(panicked)))
                    }
                }
            }
            Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
            Err(err) => Outcome::Error(err),
        };
        Ok(outcome)
    }
}

/// Downloads every flag of `job`, at most `job.concur_req` at once, until done or until
/// the job's stop token is cancelled: `main` cancels it on Ctrl-C, a test whenever it
/// likes (`Job::with_stop`).
pub async fn supervisor(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    let downloader = Arc::new(Downloader {
        job: job.clone(),
        client: job.client().context("cannot build the HTTP client")?,
        semaphore: Semaphore::new(job.concur_req),
    });

    // One task per code, each started at once (the semaphore decides when its request
    // goes out). A JoinSet hands back each task's result as soon as it is done: the
    // `asyncio.as_completed` of Rust. The tasks run on the runtime's worker threads (one
    // per core); with 1,000 connections open, most of them are waiting, not running. Each
    // is named `download_one` for tokio-console (support/tasks).
    let mut to_do = JoinSet::new();
    for cc in job.cc_list.iter().cloned() {
        let downloader = Arc::clone(&downloader);
        tasks::spawn_in(&mut to_do, "download_one", async move {
            let result = downloader.download_one(&cc).await;
            // Each result carries its code: no error loses track of its country.
            (cc, result)
        });
    }
    let mut tally = Tally::default();
    // Each outcome is counted on its own: no variable carries one flag's error into the
    // next. In the book's `flags3_asyncio.py`, `error` does, so a success that follows a
    // failure is counted as an error (the printed `flags2_asyncio.py` had the same bug,
    // which the book's repository, fluentpython/example-code-2e, fixed in 2023).
    while let Some(joined) = to_do.join_next().await {
        let (cc, result) = joined.context("a download task panicked")?;
        match result {
            Ok(outcome) => {
                display.show(&cc, &outcome);
                tally.add(&outcome);
            }
            Err(Stopped::BeforeStart) => tally.not_attempted += 1,
            Err(Stopped::InFlight) => tally.dropped += 1,
        }
    }
    tally.interrupted = job.stop.is_cancelled();
    Ok(tally)
}

/// `asyncio.run(supervisor(...))`: a runtime drives the supervisor to the end. The stop
/// token is the job's, which `main` cancels on Ctrl-C (or SIGTERM).
pub fn download_many(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    // The blocking pool runs the saves (`asyncio.to_thread`) and reqwest's name lookups,
    // as asyncio's default executor runs both. Like it, the pool starts a thread for a
    // job that finds none idle; sized as Python sizes it, min(32, CPUs + 4), not by
    // tokio's 512, since a burst of saves would start threads that cost more than the
    // saves.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(flags_common::python_pool_size())
        .enable_all()
        .build()
        .context("cannot start the tokio runtime")?;
    // The supervisor runs as a task beside its downloads, as in asyncio's one loop:
    // `block_on` would poll it on this thread, and each result would have to wake it.
    let (job, display) = (job.clone(), display.clone());
    let supervising = async move { supervisor(&job, &display).await };
    runtime
        .block_on(async { tasks::spawn("supervisor", supervising).await })
        .context("the supervisor panicked")?
}
