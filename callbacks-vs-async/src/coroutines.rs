//! The async style: the book's `three_stages` coroutine. The stages follow each other in
//! one function; `?` stops at the first failure and `.context(stage)` says where, the way
//! `raise X from Y` chains exceptions in Python.

use std::sync::Arc;

use anyhow::Context;
use flags_common::{FlagError, save_flag};
use tokio::task::JoinSet;

use crate::stages::{self, Ctx, Saved, Stage, StageError};

/// One country's three stages, straight-line code.
async fn three_stages(ctx: &Ctx, cc: &str) -> anyhow::Result<Saved> {
    // Stage 1. Each `.await` is a place where this task gives the thread back until the
    // answer arrives; the permit is taken and returned inside `http_get`.
    let metadata = stages::http_get(ctx, &format!("{cc} meta"), &stages::metadata_url(ctx, cc))
        .await
        .context(Stage::Metadata)?;
    let country = stages::country_name(&metadata).context(Stage::Metadata)?;
    // Stage 2.
    let image = stages::http_get(ctx, cc, &stages::flag_url(ctx, cc))
        .await
        .context(Stage::Flag)?;
    // Stage 3: writing blocks, so it runs on tokio's blocking pool (`asyncio.to_thread`).
    let file_name = stages::file_name_for(&country);
    let path = ctx.dest_dir.join(&file_name);
    let image = tokio::task::spawn_blocking(move || save_flag(&image, &path).map(|()| image))
        .await
        .expect("save_flag does not panic")
        .context(Stage::Save)?;
    Ok(Saved { file_name, image })
}

/// Which stage failed and why, read back from the context chain.
fn stage_error(err: anyhow::Error) -> StageError {
    let stage = *err
        .downcast_ref::<Stage>()
        .expect("every error of three_stages has its stage as context");
    let error = err
        .downcast::<FlagError>()
        .expect("every stage fails with a FlagError");
    StageError { stage, error }
}

/// Runs every country's `three_stages` as a task, and hands each result to `on_result` as
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
            let result = three_stages(&ctx, &cc).await.map_err(stage_error);
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
