//! The book's `spinner_prime_async_nap.py`: the same prime check, with an
//! `await asyncio.sleep(0)` every 50,000 divisions (whenever `i % 100_000 == 1`, and `i`
//! goes up by 2).
//!
//! The idea to notice: the spinner is back. `yield_now().await` is not ready the first
//! time it is polled: the task gives the thread back, the runtime runs whatever is due
//! (the spinner), then resumes the check.
//!
//! Run it: `cargo run -p spinner-async --bin spinner_prime_async_nap`

use event_loop::asyncio_run;
use hidden_cursor::HiddenCursor;
use program::Seconds;
use spinner_async::{check_primes_for, supervisor};

async fn slow(seconds: f64) -> u64 {
    check_primes_for(seconds, true).await;
    42
}

fn main() -> std::io::Result<()> {
    let args = program::args::<Seconds>();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    println!("Watch: the spinner is back: yield_now().await lets it run between divisions.");
    let _cursor = HiddenCursor::hide();
    let result = asyncio_run(supervisor(slow(args.seconds)))?;
    println!("Answer: {result}");
    Ok(())
}
