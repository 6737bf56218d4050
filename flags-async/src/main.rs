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
async fn download_one(client: &Client, cc: &str, job: &Job) -> Outcome {
    // The timeline notes when the request started and ended (for --json and --timeline).
    let image = job
        .timeline
        .time(cc, get_flag(client, &job.base_url, cc))
        .await;
    let outcome = match image {
        Ok(image) => save_flag(&image, &job.dest(&format!("{cc}.gif"))).into(),
        Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
        Err(err) => Outcome::Error(err),
    };
    job.show(cc, &outcome);
    outcome
}

/// Like `asyncio.run(supervisor(...))` in the book: a runtime runs one future to the end.
fn download_many(job: &Job) -> anyhow::Result<Tally> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(async {
        let client = job.client().context("cannot build the HTTP client")?;
        // Calling an async fn runs nothing yet: it makes a future, like calling a coroutine
        // function in Python makes a coroutine object.
        let to_do = job.cc_list.iter().map(|cc| download_one(&client, cc, job));
        // `join_all` is `asyncio.gather`: it drives every future at once and returns their
        // results in the order given, when the last one is done.
        let outcomes = join_all(to_do).await;
        Ok(outcomes.iter().collect())
    })
}

fn main() -> std::process::ExitCode {
    flags_common::main(download_many, UNBOUNDED, UNBOUNDED)
}
