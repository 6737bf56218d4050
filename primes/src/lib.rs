//! primes: the book's `19-concurrency/primes/` and `20-executors/primes/`: CPU-bound work
//! (checking 20 large numbers for primality) done sequentially, with threads, with
//! processes and with a pool.
//!
//! The idea to notice: in Python, threads give no speed-up here (one thread at a time holds
//! the GIL), so the book turns to processes. Rust has no GIL: its threads run on every core
//! at once, and threads and processes scale alike; processes only add the cost of starting
//! and of sending numbers through pipes.
//!
//! Layout: this file is the book's `primes.py` (the numbers and `is_prime`); [`mod@check`]
//! the `PrimeResult` and `check` that four of its programs define again; one program per
//! book file under `bin/`: `sequential`, `threads`, `procs`, `pool`, `spinner-proc`,
//! `spinner-prime-thread`, `spinner-prime-proc`. What Rust spells out and Python does not:
//! [`args`] (the worker count, checked), [`pipes`] (the queues between processes, which
//! `multiprocessing` gives the book), [`spinner`] (the spinner programs' shared spinner and
//! child process).
//!
//! Run one: `cargo run --release -p primes --bin threads`

pub mod args;
pub mod check;
pub mod pipes;
pub mod spinner;

pub use args::{WorkersArgs, cores, parse_workers};
pub use check::{PrimeResult, check};

/// The book's `PRIME_FIXTURE`: 20 numbers, and whether each is prime.
pub const PRIME_FIXTURE: [(u64, bool); 20] = [
    (2, true),
    (142_702_110_479_723, true),
    (299_593_572_317_531, true),
    (3_333_333_333_333_301, true),
    (3_333_333_333_333_333, false),
    (3_333_335_652_092_209, false),
    (4_444_444_444_444_423, true),
    (4_444_444_444_444_444, false),
    (4_444_444_488_888_889, false),
    (5_555_553_133_149_889, false),
    (5_555_555_555_555_503, true),
    (5_555_555_555_555_555, false),
    (6_666_666_666_666_666, false),
    (6_666_666_666_666_719, true),
    (6_666_667_141_414_921, false),
    (7_777_777_536_340_681, false),
    (7_777_777_777_777_753, true),
    (7_777_777_777_777_777, false),
    (9_999_999_999_999_917, true),
    (9_999_999_999_999_999, false),
];

/// The numbers to check: the fixture's, in the book's order. `PRIMES_NUMBERS=7,15,...`
/// replaces them, so that tests and short runs check small numbers in milliseconds where
/// the fixture takes seconds of CPU; what is not a list of whole numbers ends the program
/// with a message and status 2.
pub fn numbers() -> Vec<u64> {
    let Ok(list) = std::env::var("PRIMES_NUMBERS") else {
        return PRIME_FIXTURE.iter().map(|(n, _)| *n).collect();
    };
    let parsed: Result<Vec<u64>, _> = list.split(',').map(|n| n.trim().parse()).collect();
    parsed.unwrap_or_else(|_| {
        eprintln!("PRIMES_NUMBERS must be whole numbers separated by commas, not {list:?}");
        std::process::exit(2)
    })
}

/// The book's `is_prime`: false below 2, true for 2, false for other even numbers, else
/// trial division by the odd numbers up to `isqrt(n)`.
///
/// ```
/// assert!(primes::is_prime(5_000_111_000_222_021));
/// assert!(!primes::is_prime(5_000_111_000_222_023));
/// ```
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n == 2 {
        return true;
    }
    if n % 2 == 0 {
        return false;
    }
    let root = n.isqrt();
    (3..=root).step_by(2).all(|i| n % i != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Miller–Rabin with the first twelve primes as bases, which decides every `u64`
    /// exactly: an oracle that answers in microseconds where trial division takes a second.
    fn miller_rabin(n: u64) -> bool {
        const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        if n < 2 {
            return false;
        }
        if let Some(&p) = BASES.iter().find(|&&p| n % p == 0) {
            return n == p;
        }
        let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
        let pow = |mut base: u64, mut exp: u64| {
            let mut result = 1;
            while exp > 0 {
                if exp % 2 == 1 {
                    result = mul(result, base);
                }
                base = mul(base, base);
                exp /= 2;
            }
            result
        };
        let zeros = (n - 1).trailing_zeros();
        let odd = (n - 1) >> zeros;
        BASES.iter().all(|&a| {
            let mut x = pow(a, odd);
            if x == 1 || x == n - 1 {
                return true;
            }
            (1..zeros).any(|_| {
                x = mul(x, x);
                x == n - 1
            })
        })
    }

    #[test]
    fn the_fixture_says_which_of_its_numbers_are_prime() {
        for (n, prime) in PRIME_FIXTURE {
            assert_eq!(miller_rabin(n), prime, "{n}");
        }
    }

    /// The fixture's numbers that trial division settles in milliseconds: a small factor,
    /// or a root under 32 million. The rest (large primes, squares of large primes) are
    /// the slow proof's.
    #[test]
    fn is_prime_agrees_with_the_oracle_below_100_000_and_on_the_quick_fixture_numbers() {
        for n in 0..100_000 {
            assert_eq!(is_prime(n), miller_rabin(n), "{n}");
        }
        let quick = PRIME_FIXTURE
            .iter()
            .filter(|(n, _)| *n < 1_000_000_000_000_000 || (2..100).any(|d| n % d == 0));
        for &(n, prime) in quick {
            assert_eq!(is_prime(n), prime, "{n}");
        }
    }

    #[test]
    #[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
    fn is_prime_agrees_with_the_fixture_for_all_20() {
        for (n, prime) in PRIME_FIXTURE {
            assert_eq!(is_prime(n), prime, "{n}");
        }
        assert!(!is_prime(0) && !is_prime(1) && is_prime(3) && !is_prime(9));
    }
}
