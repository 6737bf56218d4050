//! The book's `spinner_prime_thread.py`: the spinner in a thread while the main thread
//! checks a large prime.
//!
//! The idea to notice: in Python the spinner still spins: the interpreter makes the
//! checking thread hand over the GIL every 5 ms (`sys.getswitchinterval()`), often enough
//! for a spinner that draws every 0.1 s. In Rust both threads run on their own cores.
//!
//! Run it: `cargo run -p primes --bin spinner-prime-thread`

use std::sync::mpsc;
use std::thread;

use primes::spinner::{Args, check_big_prime_for, spin};

fn main() {
    let args = program::args::<Args>();
    let _cursor = hidden_cursor::HiddenCursor::hide();
    let (stop, done) = mpsc::channel();
    // Rust's spawn starts the thread at once; the book's `Thread(...)` waits for
    // `start()`. A start message keeps the first frame after the line below.
    let (start, started) = mpsc::channel::<()>();
    let spinner = thread::Builder::new()
        .name("spinner".into())
        .spawn(move || {
            if started.recv().is_ok() {
                spin("thinking!", &done);
            }
        })
        .expect("the OS can start one more thread");
    println!("spinner object: {:?}", spinner.thread());
    let _ = start.send(());
    let result = check_big_prime_for(args.slow.seconds);
    let _ = stop.send(());
    let _ = spinner.join();
    println!("Answer: {result}");
}
