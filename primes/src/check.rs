//! The `PrimeResult` and `check` that `sequential.py`, `threads.py`, `procs.py` and
//! `proc_pool.py` each define again: here once, shared by their four programs, and counted
//! with each of them (`cargo xtask lesson-lines`).

use std::time::{Duration, Instant};

/// One checked number: the `PrimeResult(n, prime, elapsed)` of the book.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimeResult {
    /// The number checked; 0 is the sentinel a worker sends when it stops.
    pub n: u64,
    pub prime: bool,
    /// How long the check took.
    pub elapsed: Duration,
}

impl PrimeResult {
    /// `PrimeResult(0, False, 0.0)`: what a worker sends when it stops.
    pub const SENTINEL: PrimeResult = PrimeResult {
        n: 0,
        prime: false,
        elapsed: Duration::ZERO,
    };
}

/// The book's `check`: `is_prime(n)`, timed.
pub fn check(n: u64) -> PrimeResult {
    let t0 = Instant::now();
    let prime = crate::is_prime(n);
    let elapsed = t0.elapsed();
    PrimeResult { n, prime, elapsed }
}

impl std::fmt::Display for PrimeResult {
    /// The book's line: `f'{n:16}  {label} {elapsed:9.6f}s'`, label `P` or a space.
    ///
    /// ```
    /// let line = primes::PrimeResult { n: 2, prime: true, elapsed: std::time::Duration::ZERO };
    /// assert_eq!(line.to_string(), "               2  P  0.000000s");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = if self.prime { 'P' } else { ' ' };
        let elapsed = self.elapsed.as_secs_f64();
        write!(f, "{:16}  {label} {elapsed:9.6}s", self.n)
    }
}
