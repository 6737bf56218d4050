//! The busy work of the prime experiments: the book's `is_prime`, by trial division, and a
//! loop that keeps checking its prime for as long as Python would take.

/// Trial division, as the book's `is_prime`; `nap` is the book's
/// `spinner_prime_async_nap.py`, which awaits `asyncio.sleep(0)` whenever
/// `i % 100_000 == 1`: `i` goes up by 2, so once every 50,000 divisions.
/// Without `nap`, this `async fn` never yields: awaiting a future that is always ready
/// runs it to its end, and nothing else on the thread runs meanwhile.
pub async fn is_prime(n: u64, nap: bool) -> bool {
    if n < 2 {
        return false;
    }
    if n % 2 == 0 {
        return n == 2;
    }
    let root = n.isqrt();
    let mut i = 3;
    while i <= root {
        if n % i == 0 {
            return false;
        }
        if nap && i % 100_000 == 1 {
            // Gives the thread back to the runtime for a moment: the spinner gets a turn.
            tokio::task::yield_now().await;
        }
        i += 2;
    }
    true
}

/// Checks the book's prime again and again until `seconds` have passed: one check is
/// seconds of work for Python, and many times less for Rust.
pub async fn check_primes_for(seconds: f64, nap: bool) {
    let t0 = std::time::Instant::now();
    loop {
        let _ = is_prime(5_000_111_000_222_021, nap).await;
        if t0.elapsed().as_secs_f64() >= seconds {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_number_is_prime_and_others_are_not() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        assert!(rt.block_on(is_prime(1_000_000_007, true)));
        assert!(!rt.block_on(is_prime(1_000_000_007 * 3, false)));
        assert!(rt.block_on(is_prime(2, false)));
        assert!(!rt.block_on(is_prime(1, false)));
    }
}
