//! The book's `proc_pool.py`: `ProcessPoolExecutor(N).map(check, numbers)`, numbers in
//! reverse order, results printed in the order submitted.
//!
//! The idea to notice: the Rust idiom for "map this over a pool" is a rayon parallel
//! iterator. rayon's pool is threads, not processes, and needs no GIL to get around. Here
//! `par_iter().enumerate().for_each_with(sender, ...)` checks each number on the pool and
//! sends its result, tagged with its place in the list, down a channel; the main thread
//! keeps results that come early in a reorder buffer. So, like `executor.map`, the results
//! are printed in submission order, each as soon as it and all before it are done.
//!
//! The book's file defines its own `check` and result `NamedTuple`; sequential, threads,
//! procs and pool share one pair (`primes/src/check.rs`).
//!
//! Run it: `cargo run --release -p primes --bin pool` (or `-- 4` for 4 workers)

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::Instant;

use primes::{WorkersArgs, check, numbers};
use rayon::prelude::*;

fn main() {
    let workers = program::args::<WorkersArgs>().workers();
    let mut numbers = numbers();
    numbers.sort_by_key(|n| std::cmp::Reverse(*n));
    let count = numbers.len();
    println!("Checking {count} numbers with {workers} threads (a rayon pool):");
    let t0 = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the pool's threads can be started");
    let (done, results) = mpsc::channel();
    std::thread::scope(|scope| {
        // The pool checks the numbers, each tagged with its place in the list.
        scope.spawn(|| {
            pool.install(|| {
                numbers
                    .par_iter()
                    .enumerate()
                    .for_each_with(done, |done, (i, &n)| {
                        let _ = done.send((i, check(n)));
                    });
            });
        });
        // `for n, prime, elapsed in executor.map(check, numbers)`: in submission order.
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                println!("{result}");
                next += 1;
            }
        }
        assert_eq!(next, count, "every number reported once");
    });
    println!("Total time: {:.2}s", t0.elapsed().as_secs_f64());
}
