//! The command line: `--seconds` (program::Seconds, the spinners' one option), so that a
//! class (or a test) need not wait the book's 3 s.

/// Animate a spinner on a thread while a slow function runs on the main thread.
#[derive(Debug, clap::Parser)]
#[command(version, about)]
pub struct Args {
    #[command(flatten)]
    pub slow: program::Seconds,
}
