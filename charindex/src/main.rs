//! `charindex.py` as a command: the characters whose names hold every word given.
//!
//! Run it: `cargo run -p charindex -- cat smiling`

use std::process::ExitCode;
use std::time::Instant;

use charindex::{InvertedIndex, format_results, status_line};
use clap::Parser;

/// Find Unicode characters whose names hold every word given.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Say on stderr how long building the index took.
    #[arg(short)]
    v: bool,
    /// The words to search for, in any case and order (`cat smiling`).
    words: Vec<String>,
}

fn main() -> ExitCode {
    // `--help`, an unknown option or an argument that is not UTF-8: clap's message, exit 2.
    let Args { v: verbose, words } = program::args();
    if words.is_empty() {
        println!("Please give one or more words to search.");
        return ExitCode::from(2);
    }
    let t0 = Instant::now();
    let index = InvertedIndex::new();
    if verbose {
        eprintln!(
            "Index built in {:.2}s: {} words.",
            t0.elapsed().as_secs_f64(),
            index.words()
        );
    }
    let chars = index.search(&words.join(" "));
    for line in format_results(chars.iter().copied()) {
        println!("{line}");
    }
    println!("{}", status_line(chars.len()));
    ExitCode::SUCCESS
}
