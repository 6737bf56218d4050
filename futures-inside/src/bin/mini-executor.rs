//! The chapter's spinner run by an event loop of our own (`futures_inside::executor`) with
//! the hand-made timer: no tokio at all.
//!
//! The idea to notice, with `--trace`: the loop polls only what was woken. The spinner is
//! polled every 0.1 s, each time its timer fires; `slow()` is polled twice, once to start
//! its timer and once when it fires; cancelling the spinner drops its task, and its handle
//! answers `Cancelled`. Between wakes the loop sleeps.
//!
//! Run it: `cargo run -p futures-inside --bin mini-executor -- --trace --seconds 0.3`

use clap::Parser;
use futures_inside::{executor, spinner, trace};

/// Run the spinner on a hand-made executor.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    slow: program::Seconds,
    /// Print each spawn, poll, wake and drop, with its time.
    #[arg(long)]
    trace: bool,
}

fn main() {
    let args = program::args::<Args>();
    if args.trace {
        trace::enable();
    }
    // Ctrl-C (or SIGTERM, SIGHUP) ends the process without running destructors: show the
    // cursor first.
    let _ = hidden_cursor::show_cursor_on_signals();
    let _cursor = (!args.trace).then(hidden_cursor::HiddenCursor::hide);
    let result = executor::block_on(spinner::supervisor(args.slow.seconds));
    println!("Answer: {result}");
}
