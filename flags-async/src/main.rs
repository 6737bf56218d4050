//! flags-async: the book's `flags_asyncio.py`: every request started at once on one event
//! loop, and awaited together.
//!
//! The idea to notice: while one request waits for its answer, the runtime runs the others,
//! so 20 flags from the DELAY server take about one delay (0.5 s), not twenty. Nothing
//! bounds the number in flight: `-e` opens 676 connections at once (`flags-bounded` adds
//! the semaphore).
//!
//! Run it: `cargo run -p flags-async` (or `cargo run -p flags-async -- -s LOCAL -e`)

use anyhow::Context;
use flags_common::{FlagError, Job, Outcome, Tally, UNBOUNDED, raise_for_status, save_flag};
use futures::future::join_all;
use reqwest::Client;

/// Fetches one flag. Each `.await` is where this coroutine gives the thread back to the
/// runtime until the network answers: the `await` of `aiohttp`/`httpx` in the book.
async fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Suspends until the status line and headers arrive.
    let resp = client.get(&url).send().await?;
    raise_for_status(&resp)?;
    // Suspends again until the whole body has arrived.
    Ok(resp.bytes().await?.to_vec())
}

/// Downloads and saves one flag. Saving is a small blocking write, done here on the
/// runtime's thread as the book's first asyncio version does (flags-bounded moves it off).
/// It takes its arguments by value: it runs as a spawned task, which must own what it uses
/// (the client and the job are cheap handles to shared state).
async fn download_one(client: Client, cc: String, job: Job) -> Outcome {
    // The timeline notes when the request started and ended (for --json and --timeline).
    let image = job
        .timeline
        .time(&cc, get_flag(&client, &job.base_url, &cc))
        .await;
    let outcome = match image {
        Ok(image) => save_flag(&image, &job.dest(&format!("{cc}.gif"))).into(),
        Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
        Err(err) => Outcome::Error(err),
    };
    job.show(&cc, &outcome);
    outcome
}

/// Like `asyncio.run(supervisor(...))` in the book: a runtime runs one future to the end.
fn download_many(job: &Job) -> anyhow::Result<Tally> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(async {
        let client = job.client().context("cannot build the HTTP client")?;
        // `asyncio.gather(*coros)` wraps each coroutine in a Task; `tokio::spawn` does the
        // same: each download is a task the runtime runs on any of its threads.
        let to_do: Vec<_> = job
            .cc_list
            .iter()
            .map(|cc| tokio::spawn(download_one(client.clone(), cc.clone(), job.clone())))
            .collect();
        // `join_all` is the waiting half of `gather`: it returns every task's result, in
        // the order given, when the last one is done.
        let outcomes = join_all(to_do).await;
        let mut tally = Tally::default();
        for outcome in outcomes {
            tally.add(&outcome.context("a download task panicked")?);
        }
        Ok(tally)
    })
}

fn main() -> std::process::ExitCode {
    flags_common::main(download_many, UNBOUNDED, UNBOUNDED)
}
