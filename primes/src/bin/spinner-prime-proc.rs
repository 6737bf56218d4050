//! The book's `spinner_prime_proc.py`: the spinner in a child process while the parent
//! checks a large prime.
//!
//! The idea to notice: with a process, Python's spinner is smooth again, since the child
//! has its own interpreter and GIL. In Rust the thread version is already smooth.
//!
//! Run it: `cargo run -p primes --bin spinner-prime-proc`

use clap::Parser;
use primes::spinner::{Args, SpinnerProcess, check_big_prime_for, spinner_child};

fn main() {
    let args = Args::parse();
    if args.spinner_child {
        return spinner_child();
    }
    let _ = hidden_cursor::show_cursor_on_signals();
    let _cursor = hidden_cursor::HiddenCursor::hide();
    let mut spinner = match SpinnerProcess::new() {
        Ok(child) => child,
        Err(err) => {
            eprintln!("spinner-prime-proc: cannot start the spinner's process: {err}");
            std::process::exit(1);
        }
    };
    println!("spinner object: <Child pid {}>", spinner.id());
    spinner.start();
    let result = check_big_prime_for(args.seconds);
    spinner.stop();
    println!("Answer: {result}");
}
