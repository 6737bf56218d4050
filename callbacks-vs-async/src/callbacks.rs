//! The callback style: each stage is an API that starts the I/O and returns at once,
//! calling a completion callback (`FnOnce(Result<T>)`) when the I/O is done, as JavaScript's
//! and Twisted's APIs do. The next stage can only start inside that callback, so the stages
//! nest, and every level must handle its own errors: the pyramid the book calls
//! "callback hell".
//!
//! It is real, not simulated: each API spawns the I/O as a task on the tokio runtime of
//! this run (each style gets a runtime of its own), and the callback runs on a runtime
//! thread when the answer has arrived.

use std::sync::Arc;

use flags_common::FlagError;
use tokio::sync::mpsc;

use crate::stages::{self, Ctx, Saved, Stage, StageError};

/// Starts the book's `get_flag` and returns at once; `callback` gets the bytes or the
/// error.
fn get_flag(
    ctx: &Arc<Ctx>,
    cc: &str,
    callback: impl FnOnce(Result<Vec<u8>, FlagError>) + Send + 'static,
) {
    let (ctx, cc) = (Arc::clone(ctx), cc.to_string());
    // The request runs as a task of its own; `get_flag` returns before it has even started.
    tokio::spawn(async move {
        // Suspends until the answer is in (holding a permit only while on the wire)...
        let result = stages::get_flag(&ctx, &cc).await;
        // ...then hands it to the callback, which starts the next stage.
        callback(result);
    });
}

/// Starts the book's `get_country` and returns at once; `callback` gets the name.
fn get_country(
    ctx: &Arc<Ctx>,
    cc: &str,
    callback: impl FnOnce(Result<String, FlagError>) + Send + 'static,
) {
    let (ctx, cc) = (Arc::clone(ctx), cc.to_string());
    tokio::spawn(async move {
        let result = stages::get_country(&ctx, &cc).await;
        callback(result);
    });
}

/// Starts writing `image` as `file_name` and returns at once; `callback` gets the outcome.
fn save(
    ctx: &Arc<Ctx>,
    cc: String,
    file_name: String,
    image: Vec<u8>,
    callback: impl FnOnce(Result<(), FlagError>, Vec<u8>) + Send + 'static,
) {
    let ctx = Arc::clone(ctx);
    // The write blocks, so it runs on the blocking pool; the callback runs there too.
    tokio::task::spawn_blocking(move || {
        let result = stages::save(&ctx, &cc, &file_name, &image);
        callback(result, image);
    });
}

/// The book's `download_one` as callbacks: each stage started from the callback of the
/// one before. `done` must be called exactly once, whichever branch the pyramid ends in.
fn download_one(
    ctx: Arc<Ctx>,
    cc: String,
    done: impl FnOnce(Result<Saved, StageError>) + Send + 'static,
) {
    let failed = |stage: Stage, error| Err(stage.failed(error));
    get_flag(&ctx.clone(), &cc.clone(), move |image| {
        // Stage 1 done: did it work?
        let image = match image {
            Ok(image) => image,
            Err(error) => return done(failed(Stage::Flag, error)),
        };
        get_country(&ctx.clone(), &cc.clone(), move |country| {
            // Stage 2 done: did it work? Did it name a country?
            let country = match country {
                Ok(country) => country,
                Err(error) => return done(failed(Stage::Country, error)),
            };
            let file_name = stages::file_name_for(&country);
            save(&ctx, cc, file_name.clone(), image, move |saved, image| {
                // Stage 3 done: did it work?
                match saved {
                    Ok(()) => done(Ok(Saved { file_name, image })),
                    Err(error) => done(failed(Stage::Save, error)),
                }
            });
        });
    });
}

/// Starts every country's three stages, then hands each result to `on_result` as its last
/// callback reports it.
pub async fn download_all(
    ctx: Arc<Ctx>,
    cc_list: &[String],
    mut on_result: impl FnMut(&str, Result<Saved, StageError>),
) -> anyhow::Result<()> {
    // The final callbacks run on whatever thread finished the I/O; they report here.
    let (report, mut results) = mpsc::unbounded_channel();
    for cc in cc_list.iter().cloned() {
        let report = report.clone();
        let key = cc.clone();
        download_one(Arc::clone(&ctx), cc, move |result| {
            // Fails only after Ctrl-C, when the receiver has been dropped with this future:
            // the result is then discarded, and the run counts the country as dropped.
            let _ = report.send((key, result));
        });
    }
    drop(report);
    // Waits for the next final callback to report; ends when every sender is gone.
    while let Some((cc, result)) = results.recv().await {
        on_result(&cc, result);
    }
    Ok(())
}
