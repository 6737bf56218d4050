//! callbacks-vs-async: the book's last section, "From Callbacks to Futures and Coroutines",
//! made runnable. One real task, the book's `flags3_asyncio.py` (for each country:
//! `get_flag`, then `get_country` from `metadata.json`, then save the flag as
//! `{Country_Name}.gif`), written twice, run one after the other on the same workload,
//! with the same results.
//!
//! The idea to notice: compare `callbacks::download_one` with `coroutines::download_one`.
//! The callbacks nest, one level per stage, each handling its own errors; the coroutine is
//! straight-line code where `?` does the error handling.
//!
//! Run it: `cargo run -p callbacks-vs-async` (or `-- --style callbacks`, `-- -s ERROR -a --seed 7`)
//!
//! Layout: [`callbacks`] the callback style; [`coroutines`] the async style; [`stages`]
//! what both share (requests, names, saving, how a result is told); this file runs one
//! style over a job; [`both`] runs the two and compares them; `main.rs` parses the
//! command line.

pub mod both;
pub mod callbacks;
pub mod coroutines;
pub mod stages;

use std::sync::Arc;

use anyhow::Context;
use flags_common::{Concurrency, Display, Job, Tally};
use tokio::sync::Semaphore;

use stages::{Ctx, Ending};

/// The book's flags3 defaults: 5 requests at a time, at most 1000.
pub const CONCURRENCY: Concurrency = Concurrency::Bounded {
    default: 5,
    max: 1000,
};

/// The two ways of writing the same three stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// Nested completion callbacks.
    Callbacks,
    /// One `async fn` per country.
    Async,
}

/// Each country's ending, sorted by code: what the two styles must agree on.
pub type Endings = Vec<(String, Ending)>;

/// Downloads every flag of `job` in the given style, counting and showing each result as
/// it completes. Each call builds a tokio runtime of its own.
pub fn download_many(
    job: &Job,
    display: &Display,
    style: Style,
) -> anyhow::Result<(Tally, Endings)> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(async {
        let ctx = Arc::new(Ctx {
            job: job.clone(),
            client: job.client().context("cannot build the HTTP client")?,
            semaphore: Semaphore::new(job.concur_req),
            saved_as: Default::default(),
        });
        let mut tally = Tally::default();
        let mut endings = Vec::with_capacity(job.cc_list.len());
        let on_result = |cc: &str, result| {
            let (outcome, ending, line) = stages::tell(cc, result);
            display.show_as(cc, &outcome, &line);
            tally.add(&outcome);
            endings.push((cc.to_string(), ending));
        };
        // Either way, this future is done when the last country has reported, or when
        // Ctrl-C comes: then the requests under way are dropped, the async style's with its
        // JoinSet, the callback style's with the runtime; a save under way, on the blocking
        // pool, runs to its end either way.
        let all = async {
            match style {
                Style::Callbacks => callbacks::download_all(ctx, &job.cc_list, on_result).await,
                Style::Async => coroutines::download_all(ctx, &job.cc_list, on_result).await,
            }
        };
        tokio::select! {
            done = all => done?,
            _ = job.stop.cancelled() => {}
        }
        if job.stop.is_cancelled() {
            tally.interrupted = true;
            tally.dropped = job.cc_list.len() - tally.total();
        }
        endings.sort_by(|a, b| a.0.cmp(&b.0));
        Ok((tally, endings))
    })
}
