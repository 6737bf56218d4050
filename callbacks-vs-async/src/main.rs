//! callbacks-vs-async: the book's last section, "From Callbacks to Futures and Coroutines",
//! made runnable. One real task, the book's `flags3` (for each country: fetch
//! `metadata.json` for its name, fetch the flag, save it as `{Country_Name}.gif`), written
//! twice, run one after the other on the same workload, with the same results.
//!
//! The idea to notice: compare `callbacks::three_stages` with `coroutines::three_stages`.
//! The callbacks nest, one level per stage, each handling its own errors; the coroutine is
//! straight-line code where `?` and `.context(...)` do the error handling.
//!
//! Run it: `cargo run -p callbacks-vs-async` (or `-- --style callbacks`, `-- -s ERROR -a --seed 7`)

mod callbacks;
mod coroutines;
mod stages;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use flags_common::{Job, Output, RunReport, Settings, Tally};
use tokio::sync::Semaphore;

use stages::{Ctx, Ending};

/// The book's flags3 defaults: 5 requests at a time, at most 1000.
const DEFAULT_CONCUR_REQ: usize = 5;
const MAX_CONCUR_REQ: usize = 1000;

/// Download flags saved under their country names, with callbacks, with async/await, or
/// both (then compare).
#[derive(Debug, Parser)]
#[command(about, version)]
struct Cli {
    #[command(flatten)]
    common: flags_common::Args,

    /// Which implementation to run; `both` runs them one after the other and compares.
    #[arg(long, value_enum, default_value = "both")]
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Style {
    Callbacks,
    Async,
    Both,
}

/// Each country's ending, sorted by code: what the two styles must agree on.
type Endings = Vec<(String, Ending)>;

/// Downloads every flag of `job` in the given style, counting and showing each result as
/// it completes.
fn download_many(job: &Job, style: Style) -> anyhow::Result<(Tally, Endings)> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the tokio runtime")?;
    runtime.block_on(async {
        let ctx = Arc::new(Ctx {
            client: job.client().context("cannot build the HTTP client")?,
            base_url: job.base_url.clone(),
            dest_dir: job.dest_dir.clone(),
            semaphore: Semaphore::new(job.concur_req),
            timeline: job.timeline.clone(),
        });
        let bar = job.progress_bar();
        let mut tally = Tally::default();
        let mut endings = Vec::with_capacity(job.cc_list.len());
        let on_result = |cc: &str, result| {
            let (outcome, ending, line) = stages::tell(cc, result);
            if job.verbose {
                println!("{line}");
            }
            tally.add(&outcome);
            endings.push((cc.to_string(), ending));
            bar.inc(1);
        };
        // Either way, this future is done when the last country has reported.
        match style {
            Style::Callbacks => callbacks::download_all(ctx, &job.cc_list, on_result).await?,
            _ => coroutines::download_all(ctx, &job.cc_list, on_result).await?,
        }
        bar.finish();
        endings.sort_by(|a, b| a.0.cmp(&b.0));
        Ok((tally, endings))
    })
}

/// One run of one style, with its own reports and, for a built-in server, a fresh server.
fn run_style(
    settings: &flags_common::Settings,
    style: Style,
) -> (anyhow::Result<RunReport>, Endings) {
    let mut endings = Endings::new();
    let report = flags_common::run(
        settings,
        |job| {
            let (tally, found) = download_many(job, style)?;
            endings = found;
            Ok(tally)
        },
        MAX_CONCUR_REQ,
    );
    (report, endings)
}

/// The line that says whether the two styles agreed, country by country.
fn comparison(callbacks: &Endings, coroutines: &Endings, times: (Duration, Duration)) -> String {
    let differing: Vec<&str> = callbacks
        .iter()
        .zip(coroutines)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    let timing = format!(
        "callbacks {:.2}s, async {:.2}s",
        times.0.as_secs_f64(),
        times.1.as_secs_f64()
    );
    if callbacks.len() == coroutines.len() && differing.is_empty() {
        format!(
            "Identical outcomes for all {} countries (saved file names and bytes, errors and their stages); {timing}.",
            callbacks.len()
        )
    } else {
        format!(
            "Outcomes differ for {} countries: {}; {timing}.",
            differing.len(),
            differing.join(", ")
        )
    }
}

fn main() -> ExitCode {
    let (cli, command) = flags_common::parse_command_line::<Cli>(DEFAULT_CONCUR_REQ);
    let settings = flags_common::validate_or_exit(&cli.common, &command, DEFAULT_CONCUR_REQ);
    if cli.style != Style::Both {
        return flags_common::exit_code(&run_style(&settings, cli.style).0);
    }
    // Both styles: with --json, one object holding both runs; with --timeline, one picture
    // per style (`run-callbacks.svg`, `run-async.svg`).
    let json = settings.output == Output::Json;
    let settings_for = |style: &str| Settings {
        output: if json { Output::Silent } else { Output::Human },
        timeline: settings.timeline.as_ref().map(|path| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            path.with_file_name(format!("{stem}-{style}.svg"))
        }),
        ..settings.clone()
    };
    if !json {
        println!("=== callbacks ===");
    }
    let (first, callback_endings) = run_style(&settings_for("callbacks"), Style::Callbacks);
    let Ok(first) = first else {
        return flags_common::exit_code(&first);
    };
    if !json {
        println!("\n=== async ===");
    }
    let (second, async_endings) = run_style(&settings_for("async"), Style::Async);
    let Ok(second) = second else {
        return flags_common::exit_code(&second);
    };
    let verdict = comparison(
        &callback_endings,
        &async_endings,
        (first.elapsed, second.elapsed),
    );
    if json {
        let both = serde_json::json!({
            "callbacks": first.to_json(),
            "async": second.to_json(),
            "identical": callback_endings == async_endings,
            "comparison": verdict,
        });
        println!("{both}");
    } else {
        println!("\n{verdict}");
    }
    flags_common::exit_code(&Ok(second))
}
