//! The `--trace` log: one line per poll, wake and event, with the time since the program
//! started, so the order in which the event loop does things can be read.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Turns the log on (from `main`, with `--trace`); the clock starts now.
pub fn enable() {
    START.get_or_init(Instant::now);
    ON.store(true, Ordering::SeqCst);
}

pub fn enabled() -> bool {
    ON.load(Ordering::SeqCst)
}

/// Prints `[0.100s] what` when the log is on.
pub fn log(what: &str) {
    if enabled() {
        let t = START.get_or_init(Instant::now).elapsed().as_secs_f64();
        println!("[{t:.3}s] {what}");
    }
}
