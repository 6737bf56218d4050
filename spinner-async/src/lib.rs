//! spinner-async: the book's `spinner_async.py`: the same spinner as spinner-thread, but a
//! task on one event loop instead of a thread; and the book's experiments, one binary each,
//! that show what "one event loop" means.
//!
//! The idea to notice: there is one thread. The spinner only runs while `slow()` is parked
//! at an `.await`; a blocking call or a busy loop in `slow()` starves it. Cancelling a task
//! drops it where it is parked: no exception reaches it, so its clean-up lives in a `Drop`
//! guard, and a `Drop` cannot `.await` (Rust has no async clean-up, where Python's
//! `except CancelledError:` may still await).
//!
//! Layout: this file and `main.rs` are the book's file: `spin` and `supervisor` here,
//! `slow` and `main` there. Each experiment holds its own `slow()`:
//! - `bin/spinner_async_experiment.rs`: `slow()` calls the blocking `std::thread::sleep`;
//! - `bin/spinner_prime_async_broken.rs`: `slow()` checks primes without ever yielding;
//! - `bin/spinner_prime_async_nap.rs`: the same, yielding every 50,000 divisions;
//! - `bin/spinner_async_cooperative.rs`: the spinner is asked to stop, and stops itself.
//!
//! What the book does in a line and Rust elsewhere: [`busy`] (the experiments' prime
//! checking); support/hidden-cursor (the line blanked by a `Drop`, the cursor hidden);
//! support/event-loop (`asyncio_run`: one thread, one event loop); support/program
//! (`--seconds`, so that tests need not wait 3 s); support/tasks (the spinner task's name,
//! and the instrumentation, for tokio-console: `cargo console -p spinner-async`).
//!
//! Run one: `cargo run -p spinner-async --bin spinner_prime_async_nap`

pub mod busy;

pub use busy::check_primes_for;

use std::future::Future;
use std::io::Write;
use std::time::Duration;

use hidden_cursor::BlankLine;

/// Repaints `\r<char> thinking!` every 0.1 s, forever: it stops only when cancelled.
pub async fn spin(msg: &str) {
    // Python catches `CancelledError` here to break out and blank the line. Rust raises
    // nothing: `abort()` drops this future where it is parked, without polling it again,
    // and the guard's `Drop` blanks the line on the way out.
    let _blank = BlankLine::after(msg);
    for char in r"\|/-".chars().cycle() {
        let status = format!("\r{char} {msg}");
        // `flush=True` by hand: stdout is line-buffered, and a frame has no newline.
        print!("{status}");
        let _ = std::io::stdout().flush();
        // Parked here for 0.1 s: the runtime runs other tasks meanwhile. This is where
        // the task sits when abort() drops it.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The book's `supervisor`: start the spinner, await `slow`, cancel the spinner.
pub async fn supervisor(slow: impl Future<Output = u64>) -> u64 {
    // `asyncio.create_task`: tokio::spawn, given a name for tokio-console (support/tasks),
    // schedules spin() at once; on this one thread it first runs when this coroutine
    // reaches an `.await` that is not ready.
    let spinner = tasks::spawn("spinner", spin("thinking!"));
    println!("spinner object: {spinner:?}");
    let result = slow.await;
    // `task.cancel()`: the spinner is dropped where it is parked, without running again;
    // awaiting the handle tells us that is what happened.
    spinner.abort();
    match spinner.await {
        Err(err) if err.is_cancelled() => {}
        other => eprintln!("the spinner was not cancelled: {other:?}"),
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// With paused time, tokio jumps the clock to the next timer: 3 "seconds" pass at once.
    #[tokio::test(start_paused = true)]
    async fn the_supervisor_answers_after_slow_and_cancels_the_spinner() {
        let t0 = tokio::time::Instant::now();
        let slow = async {
            tokio::time::sleep(Duration::from_secs(3)).await;
            42
        };
        assert_eq!(supervisor(slow).await, 42);
        assert_eq!(t0.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn an_aborted_task_is_dropped_without_another_poll() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        /// Counts the polls of the future it wraps.
        struct Counted<F>(F, Arc<AtomicUsize>);
        impl<F: Future + Unpin> Future for Counted<F> {
            type Output = F::Output;
            fn poll(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<F::Output> {
                self.1.fetch_add(1, Ordering::SeqCst);
                std::pin::Pin::new(&mut self.0).poll(cx)
            }
        }
        let polls = Arc::new(AtomicUsize::new(0));
        let spinner = tokio::spawn(Counted(Box::pin(spin("thinking!")), Arc::clone(&polls)));
        tokio::time::sleep(Duration::from_millis(250)).await;
        let before = polls.load(Ordering::SeqCst);
        spinner.abort();
        let err = spinner.await.expect_err("an aborted task has no result");
        assert!(err.is_cancelled());
        assert_eq!(
            polls.load(Ordering::SeqCst),
            before,
            "dropped, not polled again"
        );
    }
}
