//! The command line: `--seconds`, so that a class (or a test) need not wait the book's 3 s.

/// Animate a spinner on a thread while a slow function runs on the main thread.
#[derive(Debug, clap::Parser)]
#[command(version, about)]
pub struct Args {
    /// How long `slow()` takes, in seconds.
    #[arg(long, default_value_t = 3.0, value_parser = program::seconds)]
    pub seconds: f64,
}
