//! flags-compare: every flags downloader on one workload, in one table (and a chart).
//! The comparison itself is in `lib.rs`.
//!
//! Run it: `cargo run --release -p flags-compare` (or `-- -e -m 200`, `-- --chart compare.svg`)

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use flags_common::Workload;
use flags_common::cli::{parse_probability, parse_timeout};
use flags_compare::{Plan, chart, compare, select, sequential, server_config, table, to_json};
use flags_server::Delay;
use indicatif::{ProgressBar, ProgressStyle};

/// Run every flags downloader on one workload against one server, and compare.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// The workload every program gets (default: the top 20 by population).
    #[command(flatten)]
    workload: Workload,
    /// The server's delay for every request: SECS, or MIN..MAX at random.
    #[arg(long, value_name = "SECS|MIN..MAX", default_value = "0.5")]
    delay: Delay,
    /// The server's probability of answering `418 I'm a Teapot`, from 0 to 1.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    error_rate: f64,
    /// Make the server's delays and errors reproducible (the same for every run).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Each program's per-request timeout, in seconds (more than 0, at most 3600).
    #[arg(long, value_name = "SECS", default_value_t = 3.1, value_parser = parse_timeout)]
    timeout: f64,
    /// Run each program R times, 1 to 100 (the book reports the mean of 3).
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    repeat: u32,
    /// Also draw the table as a bar chart, in SVG.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Only these programs (comma-separated crate names: flags-seq, flags-threads,
    /// flags-async, flags-bounded, callbacks-vs-async).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    programs: Option<Vec<String>>,
    /// Print the table and every run as one JSON object instead of the table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // A closed stdout (`| head -1`, quitting `less`) ends the program quietly (status
    // 141, as a shell reports SIGPIPE), instead of with a panic at the next print.
    closed_stdout::exit_quietly();
    let cli = Cli::parse();
    // Every usage error is found before anything runs: exit 2, as clap's own.
    let usage = |message: String| {
        eprintln!("flags-compare: {message}");
        ExitCode::from(2)
    };
    // A long comparison must not end in "cannot write": the chart's folder is checked now.
    if let Some(folder) = cli
        .chart
        .as_deref()
        .and_then(|chart| chart.parent())
        .filter(|folder| !folder.as_os_str().is_empty() && !folder.is_dir())
    {
        return usage(format!(
            "--chart FILE: there is no folder {}",
            folder.display()
        ));
    }
    let programs = match select(cli.programs.as_deref()) {
        Ok(programs) => programs,
        Err(message) => return usage(message),
    };
    let server = server_config(cli.delay, cli.error_rate, cli.seed);
    let timeout = Duration::from_secs_f64(cli.timeout);
    // Ctrl-C stops the run under way; the scratch folder in /dev/shm is removed.
    let stop = flags_common::stop_on_signals();
    let plan = match Plan::new(&cli.workload, server, timeout, cli.repeat, stop) {
        Ok(plan) => plan,
        Err(usage_error) => return usage(usage_error.to_string()),
    };
    match run(&cli, &plan, &programs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is::<flags_compare::Interrupted>() => {
            eprintln!("flags-compare: interrupted by Ctrl-C");
            ExitCode::from(130)
        }
        Err(err) => {
            eprintln!("flags-compare: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, plan: &Plan, programs: &[&flags_compare::Program]) -> anyhow::Result<()> {
    let bar = ProgressBar::new((programs.len() as u64) * u64::from(plan.repeat)).with_style(
        ProgressStyle::with_template("{pos:>3}/{len} runs [{elapsed}] {msg}")
            .expect("the template is valid"),
    );
    let mut started = 0;
    let rows = compare(plan, programs, |name, i| {
        bar.set_position(started);
        bar.set_message(format!("{name}, run {i} of {}", plan.repeat));
        started += 1;
    })?;
    bar.finish_and_clear();

    let sequential = sequential(&rows);
    if cli.json {
        println!("{}", to_json(&plan.title, &rows, sequential));
    } else {
        print!("{}", table(&plan.title, &rows, sequential));
    }
    if let Some(path) = &cli.chart {
        std::fs::write(path, chart::svg(&plan.title, &rows, sequential))
            .map_err(|err| anyhow::anyhow!("cannot write --chart {}: {err}", path.display()))?;
    }
    Ok(())
}
