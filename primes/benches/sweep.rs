//! The book's `log-procs.txt`, for threads and processes: the 20 numbers checked with 1,
//! 2, ... workers, up to twice the cores, each run once; elapsed time and speed-up over
//! `sequential`, measured in the same run.
//!
//! Run it: `cargo bench -p primes` (a release build; it runs the programs 4 × cores + 1
//! times, one after the other)

use std::process::Command;
use std::time::Instant;

/// Runs a program of this crate and returns its wall time, checking it printed 20 results.
fn time(bin: &str, workers: Option<usize>) -> f64 {
    let mut command = Command::new(bin);
    if let Some(n) = workers {
        command.arg(n.to_string());
    }
    let t0 = Instant::now();
    let output = command.output().expect("the program runs");
    let elapsed = t0.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = stdout
        .lines()
        .filter(|l| {
            l.ends_with('s') && l.get(..16).is_some_and(|n| n.trim().parse::<u64>().is_ok())
        })
        .count();
    assert!(output.status.success() && results == 20, "{bin}:\n{stdout}");
    elapsed
}

fn main() {
    let cores = primes::cores();
    let sequential = time(env!("CARGO_BIN_EXE_sequential"), None);
    println!("{cores} cores; sequential: {sequential:.2} s\n");
    println!("| workers | threads | speed-up | procs | speed-up | procs / threads |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in 1..=2 * cores {
        let threads = time(env!("CARGO_BIN_EXE_threads"), Some(n));
        let procs = time(env!("CARGO_BIN_EXE_procs"), Some(n));
        println!(
            "| {n} | {threads:.2} s | {:.2}× | {procs:.2} s | {:.2}× | {:.3} |",
            sequential / threads,
            sequential / procs,
            procs / threads
        );
    }
}
