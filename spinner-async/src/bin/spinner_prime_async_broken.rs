//! The book's `spinner_prime_async_broken.py`: `slow()` checks a large prime, CPU-bound
//! work inside a coroutine.
//!
//! The idea to notice: no spinner at all. `is_prime(...).await` awaits a future that is
//! always ready: it runs to its end without ever giving the thread back, so the spinner
//! never gets a turn.
//!
//! Run it: `cargo run -p spinner-async --bin spinner_prime_async_broken`

use spinner_async::{Args, asyncio_run, check_primes_for, supervisor};

async fn slow(seconds: f64) -> u64 {
    check_primes_for(seconds, false).await;
    42
}

fn main() {
    let args = program::args::<Args>();
    println!("Watch: no spinner at all: the primality checks never yield the thread.");
    let result = asyncio_run(supervisor(slow(args.seconds)));
    println!("Answer: {result}");
}
