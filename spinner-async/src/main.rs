//! spinner-async: the book's `spinner_async.py`: the same spinner as spinner-thread, but a
//! task on one event loop instead of a thread, and the experiments that show what that means.
//!
//! The idea to notice: there is one thread. The spinner only runs while `slow()` is parked
//! at an `.await`; a blocking call or a busy loop in `slow()` starves it (`--block`, `--cpu`),
//! and an occasional `yield_now().await` lets it run again (`--cpu --nap`). Cancelling a task
//! drops it at the `.await` it is parked on: no exception reaches it, so its cleanup lives in
//! a `Drop` guard (or, with `--cooperative`, the task watches a token and stops itself).
//!
//! Run it: `cargo run -p spinner-async` (then try `-- --block`, `-- --cpu`, `-- --cpu --nap`)

#[path = "../../spinner-thread/src/cursor.rs"]
mod cursor;

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Parser;
use cursor::HiddenCursor;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Animate a spinner on a task while a slow coroutine runs, on a single-threaded runtime.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// How long `slow()` takes, in seconds.
    #[arg(long, default_value_t = 3.0, value_parser = parse_seconds)]
    seconds: f64,

    /// Cancel with a CancellationToken that the spinner watches and handles itself.
    #[arg(long, conflicts_with_all = ["block", "cpu"])]
    cooperative: bool,

    /// Make slow() call the blocking std::thread::sleep: the spinner never shows.
    #[arg(long, conflicts_with = "cpu")]
    block: bool,

    /// Make slow() CPU-bound (primality checks): the spinner never shows.
    #[arg(long)]
    cpu: bool,

    /// With --cpu: yield to the runtime every 100,000 divisions, and the spinner runs again.
    #[arg(long, requires = "cpu")]
    nap: bool,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=3600.0).contains(&x) => Ok(x),
        _ => Err("must be a number of seconds from 0 to 3600".into()),
    }
}

/// What `slow()` does while the spinner should spin.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slow {
    /// `tokio::time::sleep(..).await`: the book's `await asyncio.sleep(3)`.
    Sleep,
    /// `std::thread::sleep(..)`: the book's `time.sleep(3)` experiment.
    Block,
    /// Primality checks; with `nap`, a `yield_now().await` every 100,000 divisions.
    Cpu { nap: bool },
}

const FRAME: Duration = Duration::from_millis(100);
const CHARS: &str = r"\|/-";

/// Repaints `\r<char> thinking!` every 0.1 s, forever: it stops only when cancelled.
async fn spin(msg: &str) {
    // Python catches `CancelledError` here to break out and blank the line. Rust raises
    // nothing: `abort()` drops this future at the `.await` it is parked on, and the guard's
    // `Drop` blanks the line on the way out.
    let _blank = BlankLine(status('-', msg).len());
    for char in CHARS.chars().cycle() {
        show_frame(char, msg);
        // Parked here for 0.1 s: the runtime runs other tasks meanwhile. This `.await` is
        // also where an abort() takes effect.
        tokio::time::sleep(FRAME).await;
    }
}

/// `--cooperative`: the spinner is told to stop through a token it watches, and stops
/// itself, like the book's `except CancelledError: break`. Returns how many frames it drew.
async fn spin_cooperative(msg: &str, token: CancellationToken) -> usize {
    let mut frames = 0;
    for char in CHARS.chars().cycle() {
        show_frame(char, msg);
        frames += 1;
        // Wait for whichever comes first: the next frame, or the request to stop.
        tokio::select! {
            _ = tokio::time::sleep(FRAME) => {}
            _ = token.cancelled() => break,
        }
    }
    blank_line(status('-', msg).len());
    frames
}

/// One frame: `\r| thinking!`, the `\r` taking the cursor back to the start of the line.
fn status(char: char, msg: &str) -> String {
    format!("\r{char} {msg}")
}

fn show_frame(char: char, msg: &str) {
    print!("{}", status(char, msg));
    let _ = std::io::stdout().flush();
}

/// Overwrites the frame with spaces, `len(status)` of them as in the book.
fn blank_line(len: usize) {
    print!("\r{}\r", " ".repeat(len));
    let _ = std::io::stdout().flush();
}

/// Blanks the spinner's line when dropped: the `finally` of a task that is cancelled.
struct BlankLine(usize);

impl Drop for BlankLine {
    fn drop(&mut self) {
        blank_line(self.0);
    }
}

/// Pretends to wait for I/O (or, in the experiments, blocks or computes), then answers.
async fn slow(seconds: f64, how: Slow) -> u64 {
    let duration = Duration::from_secs_f64(seconds);
    match how {
        // Parks this coroutine; the runtime's one thread is free for the spinner.
        Slow::Sleep => tokio::time::sleep(duration).await,
        // Holds the runtime's one thread: no other task can run until it returns.
        Slow::Block => std::thread::sleep(duration),
        Slow::Cpu { nap } => {
            let t0 = Instant::now();
            // The book's prime: each check is trial division up to its square root.
            // Repeat until the time is up, so the work lasts about `seconds`.
            loop {
                let _ = is_prime(5_000_111_000_222_021, nap).await;
                if t0.elapsed() >= duration {
                    break;
                }
            }
        }
    }
    42
}

/// Trial division, as the book's `is_prime`; with `nap`, the book's
/// `spinner_prime_async_nap.py`, which awaits `asyncio.sleep(0)` every 100,000 divisions.
async fn is_prime(n: u64, nap: bool) -> bool {
    if n < 2 {
        return false;
    }
    if n % 2 == 0 {
        return n == 2;
    }
    let root = n.isqrt();
    let mut i = 3;
    while i <= root {
        if n % i == 0 {
            return false;
        }
        if nap && i % 100_000 == 1 {
            // Gives the thread back to the runtime for a moment: the spinner gets a turn.
            tokio::task::yield_now().await;
        }
        i += 2;
    }
    true
}

async fn supervisor(seconds: f64, how: Slow) -> u64 {
    // `asyncio.create_task`: schedules spin() to run when this coroutine next awaits.
    let spinner: JoinHandle<()> = tokio::spawn(spin("thinking!"));
    println!("spinner object: {spinner:?}");
    let result = slow(seconds, how).await;
    // `task.cancel()`: the spinner is dropped at its next poll, at the `.await` it is
    // parked on; awaiting the handle tells us that is what happened.
    spinner.abort();
    match spinner.await {
        Err(err) if err.is_cancelled() => {}
        other => eprintln!("the spinner was not cancelled: {other:?}"),
    }
    result
}

async fn supervisor_cooperative(seconds: f64) -> u64 {
    let token = CancellationToken::new();
    let spinner = tokio::spawn(spin_cooperative("thinking!", token.clone()));
    println!("spinner object: {spinner:?}");
    let result = slow(seconds, Slow::Sleep).await;
    // Ask, don't kill: the spinner sees the token, cleans up and returns normally.
    token.cancel();
    match spinner.await {
        Ok(frames) => println!(
            "The spinner saw the token, stopped itself after {frames} frames and cleaned up."
        ),
        Err(err) => eprintln!("the spinner failed: {err}"),
    }
    result
}

fn main() {
    let args = Args::parse();
    let how = match (args.block, args.cpu) {
        (true, _) => Slow::Block,
        (_, true) => Slow::Cpu { nap: args.nap },
        _ => Slow::Sleep,
    };
    let watch = match how {
        _ if args.cooperative => {
            Some("Watch: the spinner stops itself when it sees the token, then says so.")
        }
        Slow::Block => {
            Some("Watch: no spinner at all: std::thread::sleep holds the runtime's only thread.")
        }
        Slow::Cpu { nap: false } => {
            Some("Watch: no spinner at all: the primality checks never reach an .await.")
        }
        Slow::Cpu { nap: true } => {
            Some("Watch: the spinner is back: yield_now().await lets it run between divisions.")
        }
        Slow::Sleep => None,
    };
    if let Some(line) = watch {
        println!("{line}");
    }

    let _cursor = HiddenCursor::hide();
    // One thread, one event loop, like asyncio: the experiments show what blocks it. A
    // multi-threaded runtime would hide them by running the spinner on another thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a single-threaded runtime with a timer can be built");
    // `asyncio.run(supervisor())`: drive one future to the end on this thread.
    let result = if args.cooperative {
        runtime.block_on(supervisor_cooperative(args.seconds))
    } else {
        runtime.block_on(supervisor(args.seconds, how))
    };
    println!("Answer: {result}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_number_is_prime_and_others_are_not() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        assert!(rt.block_on(is_prime(1_000_000_007, true)));
        assert!(!rt.block_on(is_prime(1_000_000_007 * 3, false)));
        assert!(rt.block_on(is_prime(2, false)));
        assert!(!rt.block_on(is_prime(1, false)));
    }

    /// With paused time, tokio jumps the clock to the next timer: 3 "seconds" pass at once.
    #[tokio::test(start_paused = true)]
    async fn the_supervisor_answers_42_after_slow_and_cancels_the_spinner() {
        let t0 = tokio::time::Instant::now();
        assert_eq!(supervisor(3.0, Slow::Sleep).await, 42);
        assert_eq!(t0.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn an_aborted_task_is_dropped_at_its_await_and_reports_cancelled() {
        let spinner = tokio::spawn(spin("thinking!"));
        tokio::time::sleep(Duration::from_millis(250)).await;
        spinner.abort();
        let err = spinner.await.expect_err("an aborted task has no result");
        assert!(err.is_cancelled());
    }

    #[tokio::test(start_paused = true)]
    async fn the_cooperative_spinner_stops_itself_and_counts_its_frames() {
        let token = CancellationToken::new();
        let spinner = tokio::spawn(spin_cooperative("thinking!", token.clone()));
        // Frames at 0, 100, 200, 300 ms; cancelled at 350 ms.
        tokio::time::sleep(Duration::from_millis(350)).await;
        token.cancel();
        assert_eq!(spinner.await.expect("it returns normally"), 4);
    }
}
