//! The callback style: each stage is an API that starts the I/O and returns at once,
//! calling a completion callback (a `Callback`) when the I/O is done, as JavaScript's and
//! Twisted's APIs do. The next stage can only start inside that callback, so the stages
//! nest, and every level must handle its own errors: the pyramid the book calls
//! "callback hell".
//!
//! It is real, not simulated. Rust has no HTTP client that takes callbacks, so each API is
//! written here the way one is inside: it spawns the book's coroutine (`get_flag`,
//! `get_country`, from `coroutines.rs`) or the blocking save as a task on this run's
//! runtime, and that task calls back, on a runtime thread, when the answer has arrived.

use std::sync::Arc;

use flags_common::{FlagError, save_flag};
use tokio::sync::mpsc;

use crate::coroutines;
use crate::results::Results;
use crate::stages::{Ctx, Saved, Stage, StageError, file_name_for};

/// A completion callback: called once, with the result, on whichever runtime thread
/// finished the I/O; so it must be `Send`, and own what it uses (`'static`), since the
/// function that started the I/O has long returned by then.
trait Callback<T, E = FlagError>: FnOnce(Result<T, E>) + Send + 'static {}

impl<T, E, F: FnOnce(Result<T, E>) + Send + 'static> Callback<T, E> for F {}

/// Starts the book's `get_flag` and returns at once; `callback` gets the bytes or the
/// error.
fn get_flag(ctx: Arc<Ctx>, cc: String, callback: impl Callback<Vec<u8>>) {
    // The request runs as a task of its own; `get_flag` returns before it has even started.
    tokio::spawn(async move {
        // `async with semaphore:` around the request alone, as in the book...
        let permit = ctx.semaphore.acquire().await.expect("never closed");
        let (client, base_url) = (&ctx.client, &ctx.job.base_url);
        let result = coroutines::get_flag(client, base_url, &cc).await;
        // ...so the permit goes back before the callback starts the next stage.
        drop(permit);
        callback(result);
    });
}

/// Starts the book's `get_country` and returns at once; `callback` gets the name.
fn get_country(ctx: Arc<Ctx>, cc: String, callback: impl Callback<String>) {
    tokio::spawn(async move {
        let permit = ctx.semaphore.acquire().await.expect("never closed");
        let (client, base_url) = (&ctx.client, &ctx.job.base_url);
        let result = coroutines::get_country(client, base_url, &cc).await;
        drop(permit);
        callback(result);
    });
}

/// Starts saving `image` as `file_name` and returns at once; `callback` gets the bytes
/// back, or the error.
fn save(ctx: &Ctx, cc: &str, file_name: &str, image: Vec<u8>, callback: impl Callback<Vec<u8>>) {
    let path = ctx.claim(cc, file_name);
    // `asyncio.to_thread(save_flag, ...)`: writing blocks, so it runs on tokio's blocking
    // pool, and the callback runs there once the file is written (or refused).
    tokio::task::spawn_blocking(move || {
        let saved = path.and_then(|path| save_flag(&image, &path));
        callback(saved.map(|()| image));
    });
}

/// The book's `download_one` as callbacks: each stage starts in the callback of the one
/// before. `done` must be called exactly once, whichever branch the pyramid ends in.
fn download_one(ctx: Arc<Ctx>, cc: String, done: impl Callback<Saved, StageError>) {
    get_flag(ctx.clone(), cc.clone(), move |image| match image {
        // Stage 1 is done. A failure ends the pyramid here...
        Err(error) => done(Err(Stage::Flag.failed(error))),
        // ...a success starts stage 2, one level deeper.
        Ok(image) => get_country(ctx.clone(), cc.clone(), move |country| match country {
            Err(error) => done(Err(Stage::Country.failed(error))),
            Ok(country) => {
                // The book's `country.replace(' ', '_')`, and what else a file system refuses.
                let file_name = file_name_for(&country);
                save(
                    &ctx,
                    &cc,
                    &file_name.clone(),
                    image,
                    move |saved| match saved {
                        Ok(image) => done(Ok(Saved { file_name, image })),
                        Err(error) => done(Err(Stage::Save.failed(error))),
                    },
                );
            }
        }),
    });
}

/// The book's supervisor loop: starts every country's three stages, then hands each
/// result to `results` as its last callback reports it.
pub async fn download_all(ctx: Arc<Ctx>, results: &mut Results<'_>) -> anyhow::Result<()> {
    // The final callbacks run on whatever thread finished the I/O; they report here.
    let (report, mut reports) = mpsc::unbounded_channel();
    for cc in ctx.job.cc_list.iter().cloned() {
        let report = report.clone();
        download_one(Arc::clone(&ctx), cc.clone(), move |result| {
            // Fails only after Ctrl-C, when the receiver has been dropped with this future:
            // the result is then discarded, and the run counts the country as dropped.
            let _ = report.send((cc, result));
        });
    }
    drop(report);
    // Waits for the next final callback to report; ends when every sender is gone.
    while let Some((cc, result)) = reports.recv().await {
        results.add(&cc, result);
    }
    Ok(())
}
