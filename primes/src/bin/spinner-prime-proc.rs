//! The book's `spinner_prime_proc.py`: the spinner in a child process while the parent
//! checks a large prime.
//!
//! The idea to notice: with a process, Python's spinner is smooth again, since the child
//! has its own interpreter and GIL. In Rust the thread version is already smooth.
//!
//! Run it: `cargo run -p primes --bin spinner-prime-proc`

use primes::spinner::check_big_prime_for;

fn main() {
    primes::spinner::main_with_child("spinner-prime-proc", check_big_prime_for);
}
