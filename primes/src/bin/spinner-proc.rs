//! The book's `spinner_proc.py`: the spinner in a child process, the slow function in the
//! parent.
//!
//! The idea to notice: a process is stopped the way a thread is, by asking: the book sets a
//! `multiprocessing.Event`; here the parent closes the pipe to the child's stdin.
//!
//! Run it: `cargo run -p primes --bin spinner-proc`

fn slow(seconds: f64) -> u32 {
    std::thread::sleep(std::time::Duration::from_secs_f64(seconds));
    42
}

fn main() {
    primes::spinner::main_with_child("spinner-proc", slow);
}
