//! The book's `spinner_async_experiment.py`: `slow()` calls the blocking `time.sleep(3)`
//! instead of awaiting `asyncio.sleep(3)`.
//!
//! The idea to notice: no spinner at all. `std::thread::sleep` holds the runtime's only
//! thread, so the spinner task never gets a turn until slow() returns, and by then it is
//! cancelled.
//!
//! Run it: `cargo run -p spinner-async --bin spinner_async_experiment`

use event_loop::asyncio_run;
use hidden_cursor::HiddenCursor;
use program::Seconds;
use spinner_async::supervisor;

async fn slow(seconds: f64) -> u64 {
    // Blocks the thread: no `.await`, so no other task can run until it returns.
    std::thread::sleep(std::time::Duration::from_secs_f64(seconds));
    42
}

fn main() -> std::io::Result<()> {
    let args = program::args::<Seconds>();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    println!("Watch: no spinner at all: std::thread::sleep holds the runtime's only thread.");
    let _cursor = HiddenCursor::hide();
    let result = asyncio_run(supervisor(slow(args.seconds)))?;
    println!("Answer: {result}");
    Ok(())
}
