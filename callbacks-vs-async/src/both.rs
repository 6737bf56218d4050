//! Running what `--style` asks for ([`run`]): one style, or, for `both` (the default), one
//! run after the other on the same workload, each with its reports, then one line that
//! says whether they agreed, country by country.

use std::process::ExitCode;
use std::time::Duration;

use flags_common::{CancellationToken, Output, Progress, RunReport, Settings, Summary};

use crate::results::Endings;
use crate::{CONCURRENCY, Style};

/// What `--style` chooses: one style, or both and their comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Choice {
    Callbacks,
    Async,
    Both,
}

/// Runs what `choice` names until it is done or Ctrl-C, SIGTERM or SIGHUP stop it (the
/// run under way stops and reports), and says how the program exits. Call it once, from
/// `main`: it installs the process's signal handler.
pub fn run(settings: &Settings, choice: Choice) -> ExitCode {
    let connections = CONCURRENCY.actual(settings.max_req, settings.cc_list.len());
    let stop = match flags_common::stop_on_signals(connections) {
        Ok(stop) => stop,
        Err(err) => return flags_common::exit_code(&Err(err)),
    };
    let one = |style| flags_common::exit_code(&run_style(settings, style, &stop).0);
    match choice {
        Choice::Callbacks => one(Style::Callbacks),
        Choice::Async => one(Style::Async),
        Choice::Both => run_both(settings, &stop),
    }
}

/// One run of one style, with its own reports and, for a built-in server, a fresh server.
pub fn run_style(
    settings: &Settings,
    style: Style,
    stop: &CancellationToken,
) -> (anyhow::Result<RunReport>, Endings) {
    let mut endings = Endings::new();
    let report = flags_common::run(
        settings,
        |job, display| {
            let (tally, found) = crate::download_many(job, display, style)?;
            endings = found;
            Ok(tally)
        },
        CONCURRENCY,
        Progress::Bar,
        stop.clone(),
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

/// With `--json`, both runs in one object.
#[derive(serde::Serialize)]
struct Both {
    callbacks: Summary,
    #[serde(rename = "async")]
    coroutines: Summary,
    identical: bool,
    comparison: String,
}

/// Both styles, one after the other, and whether they agreed country by country: with
/// `--json`, one object holding both runs; with `--timeline`, one picture per style
/// (`run-callbacks.svg`, `run-async.svg`).
pub fn run_both(settings: &Settings, stop: &CancellationToken) -> ExitCode {
    let json = settings.output == Output::Json;
    let settings_for = |style: &str| Settings {
        output: if json { Output::Silent } else { Output::Human },
        timeline: settings.timeline.as_ref().map(|path| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            path.with_file_name(format!("{stem}-{style}.svg"))
        }),
        // `--json=FILE` gets both runs in one object, written below.
        json_file: None,
        ..settings.clone()
    };
    if !json {
        println!("=== callbacks ===");
    }
    let (first, callback_endings) = run_style(&settings_for("callbacks"), Style::Callbacks, stop);
    let Ok(first) = first else {
        return flags_common::exit_code(&first);
    };
    if first.tally.interrupted {
        return flags_common::exit_code(&Ok(first));
    }
    if !json {
        println!("\n=== async ===");
    }
    let (second, async_endings) = run_style(&settings_for("async"), Style::Async, stop);
    let Ok(second) = second else {
        return flags_common::exit_code(&second);
    };
    let verdict = comparison(
        &callback_endings,
        &async_endings,
        (first.elapsed, second.elapsed),
    );
    let identical = callback_endings == async_endings;
    if !json {
        println!("\n{verdict}");
    }
    if json || settings.json_file.is_some() {
        let both = Both {
            callbacks: Summary::from(&first),
            coroutines: Summary::from(&second),
            identical,
            comparison: verdict,
        };
        let written = serde_json::to_string(&both)
            .map_err(std::io::Error::other)
            .and_then(|text| match &settings.json_file {
                Some(path) => flags_common::save::write_whole(path, text.as_bytes()),
                None => {
                    println!("{text}");
                    Ok(())
                }
            });
        if let Err(err) = written {
            eprintln!("error: cannot write the JSON: {err}");
            return ExitCode::FAILURE;
        }
    }
    flags_common::exit_code(&Ok(second))
}
