//! flags-bounded: the book's `flags2_asyncio.py`: the asyncio downloader enhanced, with at
//! most `-m` requests in flight, results handled as they complete, a progress bar, every
//! kind of failure counted, file writes kept off the event loop, and a clean Ctrl-C.
//!
//! The idea to notice: a semaphore permit is held only while a request is on the wire, so
//! the server never sees more than `-m` requests at once (the `Server:` line after the
//! report shows the peak). Results arrive in completion order, each with its country code.
//!
//! Run it: `cargo run -p flags-bounded` (or `cargo run -p flags-bounded -- -s ERROR -al 100 -m 100`)

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use flags_common::{FlagError, Job, Outcome, Tally, Timeline, raise_for_status, save_flag};
use reqwest::Client;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// The book's defaults: low, because the real remote site answered 503 beyond a few dozen
/// concurrent requests.
const DEFAULT_CONCUR_REQ: usize = 5;
const MAX_CONCUR_REQ: usize = 1000;

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
    // Suspends until the status line and headers arrive (or the timeout expires).
    let resp = client.get(&url).send().await?;
    raise_for_status(&resp)?;
    // Suspends again until the whole body has arrived.
    Ok(resp.bytes().await?.to_vec())
}

/// What every download task shares. Python's tasks may all use the same session and
/// semaphore; a spawned tokio task must own what it uses (`'static`), so each holds an
/// `Arc`, a counted reference, to this one copy.
struct Downloader {
    client: Client,
    base_url: String,
    dest_dir: PathBuf,
    semaphore: Semaphore,
    stop: CancellationToken,
    timeline: Timeline,
}

impl Downloader {
    async fn download_one(&self, cc: &str) -> Result<Outcome, Stopped> {
        let image = {
            // `async with semaphore:` in the book. Waits here while `-m` requests are in
            // flight, unless Ctrl-C comes first.
            // `biased`: look at the stop signal first, so no request starts after Ctrl-C.
            let _permit = tokio::select! {
                biased;
                _ = self.stop.cancelled() => return Err(Stopped::BeforeStart),
                permit = self.semaphore.acquire() => permit.expect("the semaphore is never closed"),
            };
            tokio::select! {
                biased;
                // Cancellation, Rust style: returning drops the `get_flag` future where it
                // is parked; no exception is raised inside it, its connection is closed.
                _ = self.stop.cancelled() => return Err(Stopped::InFlight),
                // The timeline notes when the request started and ended.
                image = self.timeline.time(cc, get_flag(&self.client, &self.base_url, cc)) => image,
            }
            // `_permit` is dropped at the end of this block: the permit goes back to the
            // semaphore as soon as the answer is in, not after the file is saved.
        };
        let outcome = match image {
            Ok(image) => {
                let path = self.dest_dir.join(format!("{cc}.gif"));
                // `await asyncio.to_thread(save_flag, ...)`: writing a file blocks, so it
                // runs on tokio's blocking thread pool while this thread serves other
                // downloads. It is not in a `select!`: blocking work cannot be aborted, so
                // Ctrl-C lets a save that has begun finish, and no half-written file is left.
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

async fn supervisor(job: &Job) -> anyhow::Result<Tally> {
    let downloader = Arc::new(Downloader {
        client: job.client().context("cannot build the HTTP client")?,
        base_url: job.base_url.clone(),
        dest_dir: job.dest_dir.clone(),
        semaphore: Semaphore::new(job.concur_req),
        stop: CancellationToken::new(),
        timeline: job.timeline.clone(),
    });
    // Ctrl-C cancels the token; every download sees it at its next `select!`.
    let stop = downloader.stop.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });

    // One task per code, each started at once (the semaphore decides when its request
    // goes out). A JoinSet hands back each task's result as soon as it is done: the
    // `asyncio.as_completed` of Rust. Spawned tasks run on all the runtime's threads, so
    // 1,000 connections are opened and answered in parallel.
    let mut to_do = JoinSet::new();
    for cc in job.cc_list.iter().cloned() {
        let downloader = Arc::clone(&downloader);
        to_do.spawn(async move {
            let result = downloader.download_one(&cc).await;
            // Each result carries its code: no error loses track of its country.
            (cc, result)
        });
    }
    // tqdm in the book: advances on each completion; drawn only on a terminal, without -v.
    let bar = job.progress_bar();
    let mut tally = Tally::default();
    // Each outcome is counted on its own: no variable carries one flag's error into the
    // next (the 2nd edition's bug).
    while let Some(joined) = to_do.join_next().await {
        let (cc, result) = joined.context("a download task panicked")?;
        match result {
            Ok(outcome) => {
                job.show(&cc, &outcome);
                tally.add(&outcome);
                bar.inc(1);
            }
            Err(Stopped::BeforeStart) => tally.not_attempted += 1,
            Err(Stopped::InFlight) => tally.dropped += 1,
        }
    }
    ctrl_c.abort();
    tally.interrupted = downloader.stop.is_cancelled();
    if tally.interrupted {
        bar.abandon();
    } else {
        bar.finish();
    }
    Ok(tally)
}

/// `asyncio.run(supervisor(...))`: a runtime drives the supervisor to the end. Unlike
/// asyncio's one thread, tokio's default runtime has a worker thread per core.
fn download_many(job: &Job) -> anyhow::Result<Tally> {
    tokio::runtime::Runtime::new()
        .context("cannot start the tokio runtime")?
        .block_on(supervisor(job))
}

fn main() -> std::process::ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
