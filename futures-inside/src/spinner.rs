//! The chapter's spinner (`spin`, `slow`, `supervisor`) on the mini executor and the
//! hand-made timer: the same program as spinner-async, with no tokio at all.

use std::io::Write;
use std::time::Duration;

use hidden_cursor::BlankLine;

use crate::executor;
use crate::timer::Timer;
use crate::trace;

/// Repaints `\r<char> thinking!` every 0.1 s until its task is dropped (with `--trace`,
/// each frame is a line of the log instead).
pub async fn spin(msg: &'static str) {
    // With `--trace`, the frames are lines of the log: there is no line to blank.
    let _blank = (!trace::enabled()).then(|| BlankLine::after(msg));
    for char in r"\|/-".chars().cycle() {
        if trace::enabled() {
            trace::log(&format!("      spin: frame {char}"));
        } else {
            print!("\r{char} {msg}");
            let _ = std::io::stdout().flush();
        }
        // Pending for 0.1 s: the executor polls something else, or sleeps.
        Timer::after(Duration::from_millis(100)).await;
    }
}

/// Waits `seconds` on the hand-made timer, then answers.
pub async fn slow(seconds: f64) -> u64 {
    Timer::after(Duration::from_secs_f64(seconds)).await;
    42
}

/// Starts the spinner, awaits `slow()`, cancels the spinner by dropping its task.
pub async fn supervisor(seconds: f64) -> u64 {
    let spinner = executor::spawn("spin", spin("thinking!"));
    println!("spinner object: {spinner:?}");
    let result = slow(seconds).await;
    spinner.abort();
    // The handle of a dropped task is ready at once, with `Cancelled`.
    match spinner.await {
        Err(executor::Cancelled) => trace::log("the spinner's handle says: Cancelled"),
        Ok(()) => eprintln!("the spinner ended by itself?"),
    }
    result
}
