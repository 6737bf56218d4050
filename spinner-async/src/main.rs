//! spinner-async: the book's `spinner_async.py`. `spin` and `supervisor` are in `lib.rs`;
//! this is `slow()` and `main`.
//!
//! The idea to notice: `slow()` awaits a sleep, so it is parked and the one thread is free
//! to run the spinner; compare the experiments (`--bin spinner_async_experiment`, ...).
//!
//! Run it: `cargo run -p spinner-async`

use event_loop::asyncio_run;
use hidden_cursor::HiddenCursor;
use program::Seconds;
use spinner_async::supervisor;

/// Pretends to wait for I/O: parks this coroutine for `seconds`, then answers.
async fn slow(seconds: f64) -> u64 {
    // `await asyncio.sleep(3)`: the runtime's one thread is free for the spinner meanwhile.
    tokio::time::sleep(std::time::Duration::from_secs_f64(seconds)).await;
    42
}

fn main() -> std::io::Result<()> {
    let args = program::args::<Seconds>();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    // Hidden while the spinner runs; shown again at the end, on a panic or on Ctrl-C.
    let _cursor = HiddenCursor::hide();
    // `asyncio.run(supervisor())`: one thread, one event loop, as asyncio's.
    let result = asyncio_run(supervisor(slow(args.seconds)))?;
    println!("Answer: {result}");
    Ok(())
}
