//! The book's `sequential.py`: each number checked after the other, on one thread.
//!
//! Run it: `cargo run --release -p primes --bin sequential`

use std::time::Instant;

use primes::{check, numbers};

fn main() {
    // A closed stdout (`| head -1`, quitting `less`) ends the program quietly (status
    // 141, as a shell reports SIGPIPE), instead of with a panic at the next print.
    closed_stdout::exit_quietly();
    println!("Checking {} numbers sequentially:", numbers().len());
    let t0 = Instant::now();
    for n in numbers() {
        println!("{}", check(n));
    }
    println!("Total time: {:.2}s", t0.elapsed().as_secs_f64());
}
