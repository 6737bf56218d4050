//! The book's `spinner_prime_async_broken.py`: `slow()` checks a large prime, CPU-bound
//! work inside a coroutine.
//!
//! The idea to notice: no spinner at all. `is_prime(...).await` awaits a future that is
//! always ready: it runs to its end without ever giving the thread back, so the spinner
//! never gets a turn.
//!
//! Run it: `cargo run -p spinner-async --bin spinner_prime_async_broken`

use event_loop::asyncio_run;
use hidden_cursor::HiddenCursor;
use program::Seconds;
use spinner_async::{check_primes_for, supervisor};

async fn slow(seconds: f64) -> u64 {
    check_primes_for(seconds, false).await;
    42
}

fn main() -> std::io::Result<()> {
    let args = program::args::<Seconds>();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    println!("Watch: no spinner at all: the primality checks never yield the thread.");
    let _cursor = HiddenCursor::hide();
    let result = asyncio_run(supervisor(slow(args.seconds)))?;
    println!("Answer: {result}");
    Ok(())
}
