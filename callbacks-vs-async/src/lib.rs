//! callbacks-vs-async: the 1st edition's section "From Callbacks to Futures and Coroutines",
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
//! Layout: this file is the book's `download_many` and `supervisor`, for either style;
//! [`coroutines`] the async style, with the book's `get_flag`, `get_country` and
//! `download_one`; [`callbacks`] the callback style, the same three stages as callback
//! APIs; what the book does not have: [`stages`] what both styles share (the run's context,
//! the stages' typed error, safe file names), [`results`] how each result is shown, counted
//! and kept, [`both`] running one style or both and comparing them; `main.rs` the command
//! line.

pub mod both;
pub mod callbacks;
pub mod coroutines;
pub mod results;
pub mod stages;

use std::sync::Arc;

use anyhow::{Context, Result};
use flags_common::{Concurrency, Display, Job, Tally};
use tokio::sync::Semaphore;

use results::{Endings, Results};
use stages::Ctx;

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

/// Downloads every flag of `job` in the given style, showing and counting each result as
/// it completes: the book's `download_many` and its `supervisor`. Each call builds a tokio
/// runtime of its own.
pub fn download_many(job: &Job, display: &Display, style: Style) -> Result<(Tally, Endings)> {
    // `asyncio.run(supervisor(...))`, the runtime made explicit.
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(async {
        // `async with httpx.AsyncClient() as client:` and `asyncio.Semaphore(concur_req)`.
        let client = job.client().context("cannot build the HTTP client")?;
        let ctx = Arc::new(Ctx::new(job, client, Semaphore::new(job.concur_req)));
        let mut results = Results::new(display);
        // Either way, this future is done when the last country has reported, or when
        // Ctrl-C comes: then the requests under way are dropped, the async style's with its
        // JoinSet, the callback style's with the runtime; a save under way, on the blocking
        // pool, runs to its end either way.
        let all = async {
            match style {
                Style::Callbacks => callbacks::download_all(ctx, &mut results).await,
                Style::Async => coroutines::download_all(ctx, &mut results).await,
            }
        };
        tokio::select! {
            done = all => done?,
            _ = job.stop.cancelled() => {}
        }
        Ok(results.finish(job))
    })
}
