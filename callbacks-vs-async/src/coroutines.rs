//! The async style: the book's `download_one` coroutine (`flags3_asyncio.py`). The stages follow each other in
//! one function; `?` stops at the first failure and `.at(stage)` says
//! where, the way `raise X from Y` chains exceptions in Python. The error is typed
//! ([`StageError`]): the compiler checks that every failure names its stage.

use std::sync::Arc;

use anyhow::Context;
use flags_common::FlagError;
use tokio::task::JoinSet;

use crate::stages::{self, AtStage, Ctx, Saved, Stage, StageError};

/// The book's `download_one`: its three stages, straight-line code.
async fn download_one(ctx: &Arc<Ctx>, cc: &str) -> Result<Saved, StageError> {
    // Stage 1. Each `.await` is a place where this task gives the thread back until the
    // answer arrives; the permit is taken and returned inside each request.
    let image = stages::get_flag(ctx, cc).await.at(Stage::Flag)?;
    // Stage 2 cannot start before stage 1 ends: it is the next line.
    let country = stages::get_country(ctx, cc).await.at(Stage::Country)?;
    // Stage 3: writing blocks, so it runs on tokio's blocking pool (`asyncio.to_thread`).
    let file_name = stages::file_name_for(&country);
    let (ctx, cc, name) = (Arc::clone(ctx), cc.to_string(), file_name.clone());
    let image =
        tokio::task::spawn_blocking(move || stages::save(&ctx, &cc, &name, &image).map(|()| image))
            .await
            .unwrap_or_else(|panicked| {
                Err(FlagError::Save(
                    file_name.clone().into(),
                    std::io::Error::other(panicked),
                ))
            })
            .at(Stage::Save)?;
    Ok(Saved { file_name, image })
}

/// Runs every country's `download_one` as a task, and hands each result to `on_result` as
/// it completes (a JoinSet is the `asyncio.as_completed` of Rust).
pub async fn download_all(
    ctx: Arc<Ctx>,
    cc_list: &[String],
    mut on_result: impl FnMut(&str, Result<Saved, StageError>),
) -> anyhow::Result<()> {
    let mut to_do = JoinSet::new();
    for cc in cc_list.iter().cloned() {
        let ctx = Arc::clone(&ctx);
        // Each country's coroutine is a task of its own, as `asyncio.create_task` makes.
        to_do.spawn(async move {
            let result = download_one(&ctx, &cc).await;
            (cc, result)
        });
    }
    // Suspends until the next task is done, whichever it is.
    while let Some(joined) = to_do.join_next().await {
        let (cc, result) = joined.context("a download task panicked")?;
        on_result(&cc, result);
    }
    Ok(())
}
