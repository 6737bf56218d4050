//! Runs callbacks-vs-async: the book's `if __name__ == '__main__': main(download_many, ...)`,
//! with a `--style` of its own: one style (`--style callbacks`, `--style async`), or both,
//! one after the other, compared country by country (`both.rs`). The lesson is in
//! `coroutines.rs`, `callbacks.rs` and `lib.rs`.

use std::process::ExitCode;

use callbacks_vs_async::CONCURRENCY;
use callbacks_vs_async::both::{self, Choice};
use clap::Parser;

/// Download flags saved under their country names, with callbacks, with async/await, or
/// both (then compare).
#[derive(Debug, Parser)]
#[command(about, version)]
struct Cli {
    #[command(flatten)]
    common: flags_common::Args,

    /// Which implementation to run; `both` runs them one after the other and compares.
    #[arg(long, value_enum, default_value = "both")]
    style: Choice,
}

fn main() -> ExitCode {
    program::start();
    let (cli, command) = flags_common::parse_command_line::<Cli>(CONCURRENCY);
    let settings = flags_common::validate_or_exit(&cli.common, &command);
    both::run(&settings, cli.style)
}
