//! The book's `spinner_prime_async_broken.py`: `slow()` checks a large prime, CPU-bound
//! work inside a coroutine.
//!
//! The idea to notice: no spinner at all. `is_prime(...).await` awaits a future that is
//! always ready: it runs to its end without ever giving the thread back, so the spinner
//! never gets a turn.
//!
//! Run it: `cargo run -p spinner-async --bin spinner_prime_async_broken`

use clap::Parser;
use spinner_async::{Args, asyncio_run, check_primes_for, supervisor};

async fn slow(seconds: f64) -> u64 {
    check_primes_for(seconds, false).await;
    42
}

fn main() {
    // A closed stdout (`| head -1`, quitting `less`) ends the program quietly (status
    // 141, as a shell reports SIGPIPE), instead of with a panic at the next print.
    closed_stdout::exit_quietly();
    let args = Args::parse();
    println!("Watch: no spinner at all: the primality checks never yield the thread.");
    let _ = hidden_cursor::show_cursor_on_signals();
    let result = asyncio_run(supervisor(slow(args.seconds)));
    println!("Answer: {result}");
}
