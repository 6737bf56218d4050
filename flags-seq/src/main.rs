//! flags-seq: the book's `flags2_sequential.py` (and `flags.py`), one request at a time.
//!
//! The idea to notice: each `get_flag` blocks this thread until its answer arrives, so the
//! total time is the sum of every request's wait. Against the built-in DELAY server (0.5 s
//! per request), 20 flags take 10 s; compare `flags-async`.
//!
//! Run it: `cargo run -p flags-seq` (or `cargo run -p flags-seq -- -s LOCAL a b c`)

use anyhow::Context;
use flags_common::{FlagError, Job, Outcome, Tally, raise_for_status, save_flag};
use reqwest::blocking::Client;

/// The book's defaults for the sequential version: one request, and never more.
const DEFAULT_CONCUR_REQ: usize = 1;
const MAX_CONCUR_REQ: usize = 1;

/// Fetches one flag: `requests.get(url, timeout=...)` then `raise_for_status()`.
fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    let url = format!("{base_url}/{cc}/{cc}.gif");
    // Blocks this thread until the whole answer has arrived (or the timeout expires).
    let resp = client.get(&url).send()?;
    raise_for_status(&resp)?;
    Ok(resp.bytes()?.to_vec())
}

/// Downloads and saves one flag; a 404 is "not found", any other failure an error, and
/// neither stops the run.
fn download_one(client: &Client, cc: &str, job: &Job) -> Outcome {
    // The timeline notes when the request started and ended (for --json and --timeline).
    let image = job
        .timeline
        .time_blocking(cc, || get_flag(client, &job.base_url, cc));
    let outcome = match image {
        Ok(image) => save_flag(&image, &job.dest(&format!("{cc}.gif"))).into(),
        Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
        Err(err) => Outcome::Error(err),
    };
    job.show(cc, &outcome);
    outcome
}

/// One flag after the other, in sorted order.
fn download_many(job: &Job) -> anyhow::Result<Tally> {
    let client = job
        .blocking_client()
        .context("cannot build the HTTP client")?;
    let mut tally = Tally::default();
    for cc in job.cc_list.iter() {
        tally.add(&download_one(&client, cc, job));
    }
    Ok(tally)
}

fn main() -> std::process::ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
