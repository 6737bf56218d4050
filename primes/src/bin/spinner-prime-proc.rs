//! The book's `spinner_prime_proc.py`: the spinner in a child process while the parent
//! checks a large prime.
//!
//! The idea to notice: with a process, Python's spinner is smooth again, since the child
//! has its own interpreter and GIL. In Rust the thread version is already smooth.
//!
//! Run it: `cargo run -p primes --bin spinner-prime-proc`

use primes::spinner::{Args, check_big_prime_for, spinner_child, supervise_in_child};

fn main() {
    let args = program::args::<Args>();
    if args.spinner_child {
        return spinner_child();
    }
    let _ = hidden_cursor::show_cursor_on_signals();
    let _cursor = hidden_cursor::HiddenCursor::hide();
    let result = supervise_in_child("spinner-prime-proc", || check_big_prime_for(args.seconds));
    println!("Answer: {result}");
}
