//! The book's `sequential.py`: each number checked after the other, on one thread.
//!
//! The book's file defines its own `check` and result `NamedTuple`; sequential, threads,
//! procs and pool share one pair (`primes/src/check.rs`).
//!
//! Run it: `cargo run --release -p primes --bin sequential`

use std::time::Instant;

use clap::Parser;
use primes::{check, numbers};

/// Check the book's 20 numbers for primality, one after the other. Takes no arguments, as
/// the book's `sequential.py` takes none.
#[derive(Debug, Parser)]
#[command(about)]
struct Args {}

fn main() {
    // `--help`, or any argument (`sequential 5 x`): clap's message, exit 2.
    program::args::<Args>();
    println!("Checking {} numbers sequentially:", numbers().len());
    let t0 = Instant::now();
    for n in numbers() {
        println!("{}", check(n));
    }
    println!("Total time: {:.2}s", t0.elapsed().as_secs_f64());
}
