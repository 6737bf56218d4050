//! The book's `await asyncio.gather(*to_do)` for flags-async's tasks, with what asyncio
//! does for the book on Ctrl-C: the tasks still running are cancelled, and counted.

use anyhow::Context;
use futures::future::join_all;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::{Outcome, Tally};

/// Waits for every task and tallies their outcomes. When `stop` is cancelled first
/// (Ctrl-C), the tasks still running are aborted, dropped where they wait, and counted as
/// dropped; a task that panicked is an error.
pub async fn gather(
    to_do: Vec<JoinHandle<Outcome>>,
    stop: &CancellationToken,
) -> anyhow::Result<Tally> {
    let aborts: Vec<_> = to_do.iter().map(JoinHandle::abort_handle).collect();
    // `join_all` is the waiting half of `gather`: it returns every task's result, in the
    // order given, when the last one is done.
    let gathered = join_all(to_do);
    tokio::pin!(gathered);
    let (outcomes, interrupted) = tokio::select! {
        outcomes = &mut gathered => (outcomes, false),
        _ = stop.cancelled() => {
            for task in &aborts {
                task.abort();
            }
            // Now every task ends at once: finished ones with their outcome, the others
            // cancelled.
            ((&mut gathered).await, true)
        }
    };
    let mut tally = Tally::default();
    for outcome in outcomes {
        match outcome {
            Ok(outcome) => tally.add(&outcome),
            Err(err) if err.is_cancelled() => tally.dropped += 1,
            Err(err) => return Err(err).context("a download task panicked"),
        }
    }
    tally.interrupted = interrupted;
    Ok(tally)
}
