//! Class mode (`--python DIR`): the book's flags2 scripts and our programs, each run as a
//! process of its own against a fresh built-in server on the book's DELAY port, with the
//! same workload and the same `-m` given to both explicitly.
//!
//! Every program being a process makes the columns the book cannot show fair on both
//! sides: the CPU time and the peak memory of the whole process (`process`). The
//! server's counters give the rest: requests, connections, the peak in flight.
//!
//! This file holds what runs ([`Class`], [`Entry`], [`entries`]) and the runs themselves
//! ([`compare`]); `class/caveats.rs` the notes printed under the table ([`caveats()`]).

mod caveats;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use flags_common::timeline::{Request, RequestOutcome, label_for};
use flags_common::{Concurrency, Workload};
use flags_server::Server;

use crate::process::Cut;
use crate::python::{self, Script};
use crate::{Interrupted, Plan, Program, Row, RunResult};

pub use caveats::caveats;

/// How to run the book's scripts, and ours beside them.
#[derive(Debug, Clone)]
pub struct Class {
    /// The Python to run them with.
    pub interpreter: PathBuf,
    /// The port the built-in server listens on: the book's DELAY port, 8001, which the
    /// book's scripts reach with `-s DELAY`.
    pub port: u16,
    /// This program, which runs each of ours as a process (`--child NAME`).
    pub this_program: PathBuf,
    /// How long one run of a program may take before it is killed, with every process it
    /// started, and its row reported as timed out.
    pub deadline: std::time::Duration,
}

/// One row to run: a script of the book's, or one of our programs.
#[derive(Clone, Copy)]
pub enum Entry<'a> {
    /// The book's script, at its path.
    Book(Script, &'a Path),
    /// A lesson of ours, run as `flags-compare --child` so that it is a process too.
    Ours(&'a Program),
}

impl Entry<'_> {
    pub fn name(&self) -> &str {
        match self {
            Entry::Book(script, _) => script.file,
            Entry::Ours(program) => program.name,
        }
    }

    /// The `-m` this entry is given: the plan's, else its default (a script gets its
    /// twin's: the book's defaults and ours are the same, 1, 30, 5), so both sides of a pair
    /// get the same number. None for a program without a bound.
    pub fn max_req(&self, plan: &Plan) -> Option<usize> {
        let program = match self {
            Entry::Book(script, _) => script.twin(),
            Entry::Ours(program) => program,
        };
        match program.concurrency {
            Concurrency::Bounded { default, .. } => Some(plan.max_req.unwrap_or(default)),
            Concurrency::Unbounded => None,
        }
    }
}

/// The rows in the table's order: each script of the book's just before its Rust twin,
/// our programs without a twin where they are.
pub fn entries<'a>(programs: &[&'a Program], scripts: &'a [(Script, PathBuf)]) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for program in programs {
        for (script, path) in scripts.iter().filter(|(s, _)| s.ours == program.name) {
            entries.push(Entry::Book(*script, path));
        }
        entries.push(Entry::Ours(program));
    }
    // A script whose twin was left out by --programs still runs, at the end.
    for (script, path) in scripts {
        if !programs.iter().any(|p| p.name == script.ours) {
            entries.push(Entry::Book(*script, path));
        }
    }
    entries
}

/// A program that did not finish with a report: its row is left out, its last lines shown.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The program, named as its row would have been.
    pub name: String,
    /// How it ended: `exit status: 1`.
    pub status: String,
    /// Its last lines of output.
    pub lines: Vec<String>,
}

/// What class mode found.
#[derive(Debug)]
pub struct Comparison {
    /// One row per program that ran.
    pub rows: Vec<Row>,
    pub failures: Vec<Failure>,
}

/// Runs every entry `plan.repeat` times (a failure ends that entry, not the comparison),
/// calling `progress` before each run.
pub fn compare(
    plan: &Plan,
    class: &Class,
    entries: &[Entry],
    mut progress: impl FnMut(&str, u32),
) -> anyhow::Result<Comparison> {
    let scratch = crate::scratch()?;
    // The book's `country_codes.txt`, which `-a` reads from the folder a script runs in.
    let country_codes = flags_server::countries::COUNTRIES
        .iter()
        .map(|c| c.iso_cc)
        .collect::<Vec<_>>()
        .join(" ");
    let mut comparison = Comparison {
        rows: Vec::new(),
        failures: Vec::new(),
    };
    for (n, entry) in entries.iter().enumerate() {
        let mut runs = Vec::new();
        for i in 1..=plan.repeat {
            progress(entry.name(), i);
            // Each run in a folder of its own: the scripts save into `downloaded/` there and
            // read `country_codes.txt` there for `-a`.
            let folder = scratch.path().join(format!("{n}-{i}"));
            std::fs::create_dir_all(folder.join("downloaded"))
                .and_then(|()| std::fs::write(folder.join("country_codes.txt"), &country_codes))
                .context("cannot prepare a scratch folder")?;
            let run = run_process(plan, class, entry, &folder)?;
            // Ctrl-C reaches the program too, which then ends early: not a failure of its.
            if plan.stop.is_cancelled() {
                bail!(Interrupted);
            }
            match run {
                Run::Done(run) => runs.push(run),
                Run::Failed(failure) => {
                    comparison.failures.push(failure);
                    break;
                }
            }
        }
        if !runs.is_empty() {
            let language = match entry {
                Entry::Book(..) => "Python",
                Entry::Ours(_) => "Rust",
            };
            comparison
                .rows
                .push(Row::from_language_runs(entry.name(), language, runs));
        }
    }
    Ok(comparison)
}

/// How one run of a program went: its result, or why it gave none.
enum Run {
    Done(RunResult),
    Failed(Failure),
}

/// One run of `entry`, as a process of its own, against a fresh server. An error is a
/// failure of the comparison itself (the port is taken, the program cannot start).
fn run_process(plan: &Plan, class: &Class, entry: &Entry, folder: &Path) -> anyhow::Result<Run> {
    let config = flags_server::Config {
        addr: ([127, 0, 0, 1], class.port).into(),
        record: true,
        ..plan.server.clone()
    };
    let server = Server::start(config).with_context(|| {
        format!(
            "cannot listen on port {} (the book's DELAY port, where its scripts look for the \
             server): is another server there, such as the book's slow_server.py or \
             flags-server? Stop it, or pass --port",
            class.port
        )
    })?;
    let url = server.base_url();
    let args = flags2_args(&plan.workload, entry.max_req(plan));
    let finished = match entry {
        Entry::Book(_, script) => {
            let mut args = args;
            args.extend(["-s".to_string(), "DELAY".to_string()]);
            let command = python::command(&class.interpreter, script, &args, folder, &url);
            crate::process::run(command, class.deadline, &plan.stop)
        }
        Entry::Ours(program) => {
            let mut command = Command::new(&class.this_program);
            command
                .args(["--child", program.name, "--url", &url, "--timeout"])
                .arg(plan.timeout.as_secs_f64().to_string())
                .arg("--dest")
                .arg(folder.join("downloaded"))
                .args(&args);
            crate::process::run(command, class.deadline, &plan.stop)
        }
    }
    .with_context(|| format!("cannot start {}", entry.name()))?;
    let served = server.served();
    let counters = server.stop();

    let said = match entry {
        Entry::Book(..) => python::parse_report(&finished.stdout),
        Entry::Ours(_) => serde_json::from_str(finished.stdout.trim()).ok(),
    };
    let status = match finished.cut {
        Some(Cut::Deadline(after)) => format!("timed out after {} s: killed", after.as_secs_f64()),
        Some(Cut::Stopped) => "cut short by Ctrl-C".to_string(),
        None => finished.status.to_string(),
    };
    let said = said.filter(|_| finished.status.success() && finished.cut.is_none());
    let Some(said) = said else {
        return Ok(Run::Failed(Failure {
            name: entry.name().to_string(),
            status,
            lines: finished.last_lines(8),
        }));
    };
    // The server's clock starts before the process does: the picture starts at the
    // first request, so that Python's start-up does not shift its lane.
    let first = served.iter().map(|s| s.start).fold(f64::INFINITY, f64::min);
    let mut spans: Vec<Request> = served
        .iter()
        .map(|s| Request {
            code: label_for(&s.path),
            outcome: RequestOutcome::of_status(s.status),
            error: None,
            start: s.start - first,
            end: s.end - first,
            attempt: 1,
        })
        .collect();
    spans.sort_by(|a, b| a.start.total_cmp(&b.start));
    let codes = plan.cc_list.len();
    Ok(Run::Done(RunResult {
        elapsed: said.elapsed,
        requests: counters.requests,
        peak_in_flight: counters.peak_in_flight,
        counts: said.counts,
        startup_ms: 0.0,
        connections: counters.connections,
        cpu_seconds: Some(finished.cpu_seconds),
        peak_memory_mb: Some(finished.peak_memory_mb),
        spans,
        ideal: flags_common::report::ideal(
            (counters.requests as usize).max(codes),
            said.concurrency,
            plan.server.delay,
        ),
        concurrency: said.concurrency,
    }))
}

/// The flags2 command line for `workload`, with `-m` when given.
///
/// ```
/// use flags_common::Workload;
/// let workload = Workload { cc: vec!["a".into(), "b".into()], all: false, every: false, limit: Some(30), max_req: None };
/// assert_eq!(flags_compare::class::flags2_args(&workload, Some(20)), ["a", "b", "-l", "30", "-m", "20"]);
/// ```
pub fn flags2_args(workload: &Workload, max_req: Option<usize>) -> Vec<String> {
    let mut args = workload.cc.clone();
    if workload.every {
        args.push("-e".into());
    }
    if workload.all {
        args.push("-a".into());
    }
    if let Some(limit) = workload.limit {
        args.extend(["-l".to_string(), limit.to_string()]);
    }
    if let Some(m) = max_req {
        args.extend(["-m".to_string(), m.to_string()]);
    }
    args
}
