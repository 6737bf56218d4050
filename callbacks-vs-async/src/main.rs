//! Runs callbacks-vs-async: one style (`--style callbacks`, `--style async`), or both, one
//! after the other, and says whether they agreed country by country (`both.rs`). The
//! lesson is in `callbacks.rs` and `coroutines.rs`.

use std::process::ExitCode;

use callbacks_vs_async::both::{run_both, run_style};
use callbacks_vs_async::{CONCURRENCY, Style};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Choice {
    Callbacks,
    Async,
    Both,
}

fn main() -> ExitCode {
    program::start();
    let (cli, command) = flags_common::parse_command_line::<Cli>(CONCURRENCY);
    let settings = flags_common::validate_or_exit(&cli.common, &command);
    let stop = flags_common::stop_on_signals();
    match cli.style {
        Choice::Callbacks => {
            flags_common::exit_code(&run_style(&settings, Style::Callbacks, &stop).0)
        }
        Choice::Async => flags_common::exit_code(&run_style(&settings, Style::Async, &stop).0),
        Choice::Both => run_both(&settings, &stop),
    }
}
