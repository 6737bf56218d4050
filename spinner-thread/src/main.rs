//! spinner-thread: the book's `spinner_thread.py`: a spinner animated by a second thread
//! while the main thread blocks in a slow function.
//!
//! The idea to notice: the operating system runs the two threads at once, so `slow()` may
//! block as it likes. But a thread cannot be killed from outside, in Rust as in Python: the
//! supervisor asks the spinner to stop (here, through a channel) and waits for it to finish.
//!
//! Run it: `cargo run -p spinner-thread` (`args.rs` holds its one option, `--seconds`)

mod args;

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use args::Args;
use hidden_cursor::HiddenCursor;

/// Repaints `\r<char> thinking!` every 0.1 s until `done` says stop, then blanks the line.
fn spin(msg: &str, done: Receiver<()>) {
    let mut status = String::new();
    for char in r"\|/-".chars().cycle() {
        status = format!("\r{char} {msg}");
        print!("{status}");
        let _ = std::io::stdout().flush();
        // `done.wait(.1)` in Python: sleep up to 0.1 s, waking at once if signalled.
        // `Disconnected` (the sender is gone) means stop too.
        match done.recv_timeout(Duration::from_millis(100)) {
            Err(RecvTimeoutError::Timeout) => continue,
            Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let blanks = " ".repeat(status.len());
    print!("\r{blanks}\r");
    let _ = std::io::stdout().flush();
}

/// Pretends to wait for I/O: blocks the calling thread, then returns the answer.
fn slow(seconds: f64) -> u32 {
    thread::sleep(Duration::from_secs_f64(seconds));
    42
}

fn supervisor(seconds: f64) -> u32 {
    // The `threading.Event` of the book: here a channel whose message means "stop".
    let (done, done_rx) = mpsc::channel();
    // Python's `Thread(target=spin, ...)` makes a thread that waits for `start()`; Rust's
    // spawn starts it at once, so it could paint a frame before the line below is printed.
    // The spinner therefore waits for a "start" message first: `start.send(())` is the
    // `spinner.start()` of the book, and no frame can come before it.
    let (start, start_rx) = mpsc::channel::<()>();
    let spinner = thread::Builder::new()
        .name("spinner".into())
        .spawn(move || {
            if start_rx.recv().is_ok() {
                spin("thinking!", done_rx);
            }
        })
        .expect("the OS can start one more thread");
    println!("spinner object: {:?}", spinner.thread());
    let _ = start.send(());
    let result = slow(seconds);
    // There is no `spinner.kill()`: ask it to stop, then wait until it has.
    let _ = done.send(());
    spinner.join().expect("the spinner thread does not panic");
    result
}

fn main() {
    let args = program::args::<Args>();
    // Hidden while the spinner runs; shown again at the end, on a panic or on Ctrl-C.
    let _cursor = HiddenCursor::hide();
    let result = supervisor(args.slow.seconds);
    println!("Answer: {result}");
}
