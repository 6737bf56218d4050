//! flags-async: the book's `flags_asyncio.py`: every request started at once as a task,
//! and awaited together.
//!
//! The idea to notice: while one request waits for its answer, the runtime runs the others,
//! so 20 flags from the DELAY server take about one delay (0.5 s), not twenty. Nothing
//! bounds the number in flight: `-e` opens 676 connections at once (`flags-bounded` adds
//! the semaphore).
//!
//! The runtime: asyncio runs every task on one thread. tokio's default runtime, used here
//! as in every flags lesson, has a worker thread per core and moves tasks between them;
//! these tasks spend their time waiting, so one thread would do nearly as well (try
//! `Builder::new_current_thread()` in `download_many`). spinner-async, whose lesson is
//! "one thread, one event loop", builds the one-thread runtime.
//!
//! Run it: `cargo run -p flags-async` (or `cargo run -p flags-async -- -s LOCAL -e`).
//! This file is the lesson; `main.rs` is the book's `if __name__ == '__main__':` line.

use anyhow::Context;
use flags_common::{
    Client, Concurrency, Display, FlagError, Job, Outcome, Tally, gather, save_flag,
};

/// No bound: every request starts at once, whatever `-m` says.
pub const CONCURRENCY: Concurrency = Concurrency::Unbounded;

/// Fetches one flag. Each `.await` is where this coroutine gives the thread back to the
/// runtime until the network answers: the `await` of `httpx` in the book.
pub async fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Suspends until the whole answer has arrived.
    let resp = client.get(&url).await?;
    resp.raise_for_status()?;
    Ok(resp.content.to_vec())
}

/// Downloads and saves one flag. Saving is a small blocking write, done here on a runtime
/// thread as the book's first asyncio version does (flags-bounded moves it off).
/// It takes its arguments by value: it runs as a spawned task, which must own what it uses
/// (the client, the job and the display are cheap handles to shared state).
async fn download_one(client: Client, cc: String, job: Job, display: Display) -> Outcome {
    let outcome = match get_flag(&client, &job.base_url, &cc).await {
        Ok(image) => save_flag(&image, &job.dest(&format!("{cc}.gif"))).into(),
        Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
        Err(err) => Outcome::Error(err),
    };
    display.show(&cc, &outcome);
    outcome
}

/// The book's `supervisor`: one client for every request, a task per code, then wait for
/// them all.
async fn supervisor(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    let client = job.client().context("cannot build the HTTP client")?;
    // `asyncio.gather(*to_do)` wraps each coroutine in a Task; `tokio::spawn` does the
    // same, and the task starts running at once, without waiting to be awaited. Each is
    // named `download_one` for tokio-console (support/tasks).
    let to_do: Vec<_> = job
        .cc_list
        .iter()
        .map(|cc| {
            let task = download_one(client.clone(), cc.clone(), job.clone(), display.clone());
            tasks::spawn("download_one", task)
        })
        .collect();
    // `await asyncio.gather(*to_do)`: every task's outcome, when the last one is done;
    // Ctrl-C, which asyncio turns into cancelling them, aborts those still running
    // (flags_common::gather).
    gather(to_do, &job.stop).await
}

/// `asyncio.run(supervisor(...))`: a runtime runs one future to the end.
pub fn download_many(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(supervisor(job, display))
}
