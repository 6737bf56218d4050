//! flags-seq: the book's `flags2_sequential.py` (and `flags.py`), one request at a time.
//!
//! The idea to notice: each `get_flag` blocks this thread until its answer arrives, so the
//! total time is the sum of every request's wait. Against the built-in DELAY server (0.5 s
//! per request), 20 flags take 10 s; compare `flags-async`.
//!
//! Errors travel as the book's exceptions do: `download_one` handles the one it expects (a
//! 404 is "not found") and lets every other one go up, as a `Result`, to `download_many`,
//! which counts it and goes on with the next flag ("Error Handling in the flags2 Examples").
//!
//! Run it: `cargo run -p flags-seq` (or `cargo run -p flags-seq -- -s LOCAL a b c`).
//! This file is the lesson; `main.rs` is the book's `if __name__ == '__main__':` line.

use anyhow::Context;
use flags_common::{
    BlockingClient, Concurrency, Display, FlagError, Job, Outcome, Tally, save_flag,
};

/// The book's `DEFAULT_CONCUR_REQ = 1` and `MAX_CONCUR_REQ = 1`: one request, never more.
pub const CONCURRENCY: Concurrency = Concurrency::Bounded { default: 1, max: 1 };

/// Fetches one flag: `httpx.get(url, timeout=...)`, then `raise_for_status()`.
pub fn get_flag(client: &BlockingClient, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Blocks this thread until the whole answer has arrived (or the timeout expires).
    let resp = client.get(&url)?;
    resp.raise_for_status()?;
    Ok(resp.content.to_vec())
}

/// Downloads and saves one flag. A 404 is handled here (`except HTTPStatusError` with
/// `NOT_FOUND`); any other error is returned to the caller (the book's bare `raise`).
pub fn download_one(client: &BlockingClient, cc: &str, job: &Job) -> Result<Outcome, FlagError> {
    match get_flag(client, &job.base_url, cc) {
        Ok(image) => {
            save_flag(&image, &job.dest(&format!("{cc}.gif")))?;
            Ok(Outcome::Ok)
        }
        Err(FlagError::NotFound(url)) => Ok(Outcome::NotFound(url)),
        Err(err) => Err(err),
    }
}

/// One flag after the other, in sorted order. Each error from `download_one` is caught
/// here, counted, shown, and the loop goes on: the book's `try`/`except` around the call.
pub fn download_many(job: &Job, display: &Display) -> anyhow::Result<Tally> {
    let client = job
        .blocking_client()
        .context("cannot build the HTTP client")?;
    let mut tally = Tally::default();
    for (i, cc) in job.cc_list.iter().enumerate() {
        // `except KeyboardInterrupt: break`: after Ctrl-C, no new download starts (the
        // one under way, a blocking call, runs to its end first).
        if job.stop.is_cancelled() {
            tally.not_attempted = job.cc_list.len() - i;
            tally.interrupted = true;
            break;
        }
        let outcome = match download_one(&client, cc, job) {
            Ok(outcome) => outcome,
            // `except httpx.HTTPStatusError` / `except httpx.RequestError`: an error.
            Err(err) => Outcome::Error(err),
        };
        display.show(cc, &outcome);
        tally.add(&outcome);
    }
    Ok(tally)
}
