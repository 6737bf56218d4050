//! The async style: the book's `flags3_asyncio.py`, its coroutines `get_flag`,
//! `get_country` and `download_one`, and its supervisor's `as_completed` loop. The stages
//! follow each other in one function; `?` stops at the first failure and `.at(stage)` says
//! where, the way `raise X from Y` chains exceptions in Python. The error is typed
//! ([`StageError`]): the compiler checks that every failure names its stage.

use std::sync::Arc;

use anyhow::Context;
use flags_common::{Client, FlagError, save_flag};
use tokio::task::JoinSet;

use crate::results::Results;
use crate::stages::{AtStage, Ctx, Saved, Stage, StageError, file_name_for};

/// The book's `get_flag`: the flag's bytes. The callback style starts this same coroutine,
/// as a task of its own.
pub async fn get_flag(client: &Client, base_url: &str, cc: &str) -> Result<Vec<u8>, FlagError> {
    let cc = cc.to_lowercase();
    // Suspends until the whole answer has arrived (or the timeout expires).
    let resp = client.get(&format!("{base_url}/{cc}/{cc}.gif")).await?;
    resp.raise_for_status()?;
    Ok(resp.content.to_vec())
}

/// The book's `get_country`: `metadata.json`, then its `country`.
pub async fn get_country(client: &Client, base_url: &str, cc: &str) -> Result<String, FlagError> {
    let url = format!("{base_url}/{}/metadata.json", cc.to_lowercase());
    let resp = client.get(&url).await?;
    resp.raise_for_status()?;
    country_name(&resp.content)
}

/// The book's `resp.json()` and `metadata['country']` in one step: Rust reads JSON into a
/// declared type, so an answer that is not JSON, or names no country, is a malformed
/// answer here where Python raises a `JSONDecodeError` or a `KeyError`.
fn country_name(metadata: &[u8]) -> Result<String, FlagError> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        country: String,
    }
    serde_json::from_slice::<Metadata>(metadata)
        .map(|m| m.country)
        .map_err(|err| FlagError::Malformed(format!("metadata.json: {err}")))
}

/// The book's `download_one`: its three stages, straight-line code.
async fn download_one(ctx: &Ctx, cc: &str) -> Result<Saved, StageError> {
    let (client, base_url) = (&ctx.client, &ctx.job.base_url);
    let image = {
        // `async with semaphore:` waits here while `-m` requests are in flight. The permit
        // goes back at the end of this block, as soon as the answer is in.
        let _permit = ctx.semaphore.acquire().await.expect("never closed");
        // Each `.await` is a place where this task gives the thread back until the answer
        // arrives.
        get_flag(client, base_url, cc).await.at(Stage::Flag)?
    };
    // Stage 2 cannot start before stage 1 ends: it is the next line.
    let country = {
        let _permit = ctx.semaphore.acquire().await.expect("never closed");
        get_country(client, base_url, cc).await.at(Stage::Country)?
    };
    // The book's `country.replace(' ', '_')`, and what else a file system refuses.
    let file_name = file_name_for(&country);
    let path = ctx.claim(cc, &file_name).at(Stage::Save)?;
    // `await asyncio.to_thread(save_flag, ...)`: writing blocks, so it runs on tokio's
    // blocking pool while this task waits.
    let saving = tokio::task::spawn_blocking(move || save_flag(&image, &path).map(|()| image));
    let image = match saving.await {
        Ok(saved) => saved.at(Stage::Save)?,
        // `to_thread` raises again what the thread raised: a panic in the save goes on up
        // the same way, to `download_all`. (A blocking task is cancelled only when the
        // runtime shuts down, and this task is then dropped before it could look.)
        Err(panicked) => std::panic::resume_unwind(panicked.into_panic()),
    };
    Ok(Saved { file_name, image })
}

/// The book's supervisor loop: every country's `download_one` as a task, and each result
/// handed to `results` as it completes (a JoinSet is the `asyncio.as_completed` of Rust).
pub async fn download_all(ctx: Arc<Ctx>, results: &mut Results<'_>) -> anyhow::Result<()> {
    let mut to_do = JoinSet::new();
    for cc in ctx.job.cc_list.iter().cloned() {
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
        results.add(&cc, result);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_must_name_the_country() {
        assert_eq!(
            country_name(br#"{"tld_cc": ".br", "country": "Brazil"}"#).ok(),
            Some("Brazil".to_string())
        );
        assert!(matches!(country_name(b"{}"), Err(FlagError::Malformed(_))));
        assert!(matches!(
            country_name(b"<html>"),
            Err(FlagError::Malformed(_))
        ));
    }
}
