//! `charindex.py` as a command: the characters whose names hold every word given.
//!
//! Run it: `cargo run -p charindex -- cat smiling`

use std::process::ExitCode;
use std::time::Instant;

use charindex::{InvertedIndex, format_results, status_line};

fn main() -> ExitCode {
    // A closed stdout (`| head -1`, quitting `less`) ends the program quietly (status
    // 141, as a shell reports SIGPIPE), instead of with a panic at the next print.
    closed_stdout::exit_quietly();
    let mut words: Vec<String> = std::env::args().skip(1).collect();
    let verbose = words.first().is_some_and(|w| w == "-v");
    if verbose {
        words.remove(0);
    }
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
