//! The spinner asked to stop instead of cancelled: the book's `except CancelledError:
//! break`, written as Rust does it when a task must clean up by itself.
//!
//! The idea to notice: `abort()` drops a task where it is parked and nothing of it runs
//! again; here the spinner watches a `CancellationToken`, sees it, blanks its line, and
//! returns normally, with a result (how many frames it drew).
//!
//! Run it: `cargo run -p spinner-async --bin spinner_async_cooperative`

use std::io::Write;
use std::time::Duration;

use event_loop::asyncio_run;
use hidden_cursor::{BlankLine, HiddenCursor};
use program::Seconds;
use tokio_util::sync::CancellationToken;

/// Draws frames until the token is cancelled, then cleans up and says how many it drew.
async fn spin(msg: &str, token: CancellationToken) -> usize {
    let blank = BlankLine::after(msg);
    let mut count = 0;
    for char in r"\|/-".chars().cycle() {
        print!("\r{char} {msg}");
        let _ = std::io::stdout().flush();
        count += 1;
        // Wait for whichever comes first: the next frame, or the request to stop.
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(100)) => {}
            _ = token.cancelled() => break,
        }
    }
    // The book's blanking after `break`, done here by the spinner itself, before it answers.
    drop(blank);
    count
}

async fn slow(seconds: f64) -> u64 {
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    42
}

async fn supervisor(seconds: f64) -> u64 {
    let token = CancellationToken::new();
    let spinner = tasks::spawn("spinner", spin("thinking!", token.clone()));
    println!("spinner object: {spinner:?}");
    let result = slow(seconds).await;
    // Ask, don't kill: the spinner sees the token, cleans up and returns normally.
    token.cancel();
    match spinner.await {
        Ok(count) => println!(
            "The spinner saw the token, stopped itself after {count} frames and cleaned up."
        ),
        Err(err) => eprintln!("the spinner failed: {err}"),
    }
    result
}

fn main() -> std::io::Result<()> {
    let args = program::args::<Seconds>();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    println!("Watch: the spinner stops itself when it sees the token, then says so.");
    let _cursor = HiddenCursor::hide();
    let result = asyncio_run(supervisor(args.seconds))?;
    println!("Answer: {result}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_cooperative_spinner_stops_itself_and_counts_its_frames() {
        let token = CancellationToken::new();
        let spinner = tokio::spawn(spin("thinking!", token.clone()));
        // Frames at 0, 100, 200, 300 ms; cancelled at 350 ms.
        tokio::time::sleep(Duration::from_millis(350)).await;
        token.cancel();
        assert_eq!(spinner.await.expect("it returns normally"), 4);
    }
}
