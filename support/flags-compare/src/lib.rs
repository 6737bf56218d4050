//! flags-compare: every flags downloader on the same workload, against the same server
//! settings, each run several times, in one table: the comparison the book makes between
//! its sequential, thread-pool and asyncio versions, with the ideal time beside each.
//!
//! The idea to notice: the ideal time of a run is ceil(requests / concurrency) × delay,
//! since every request waits the server's delay. The sequential version is at its ideal
//! already; concurrency changes the ideal itself.
//!
//! Each lesson is a library with a `download_many`: this program calls them in its own
//! process, one after the other, each against a fresh built-in server, so nothing has to
//! be built or found at run time.
//!
//! Class mode (`--python DIR`) runs the book's own Python scripts beside our programs, each
//! as a process of its own against one built-in server on the book's DELAY port ([`class`],
//! [`python`], [`process`]).
//!
//! Layout: [`programs`] the lessons compared; this file runs them into rows; [`table`](mod@table)
//! prints the rows as a table or JSON; [`chart`] draws them as SVG; [`stacked`] draws every
//! program's requests on one time axis; `main.rs` parses the command line.

pub mod chart;
pub mod class;
pub mod process;
pub mod programs;
pub mod python;
pub mod stacked;
pub mod table;

pub use programs::{PROGRAMS, Program, select};
pub use table::{table, to_json};

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use flags_common::timeline::Request;
use flags_common::{Concurrency, Output, Progress, RunReport, Settings, Site, Workload};
use flags_server::{Delay, Profile};

/// What every run of the comparison shares.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The codes to search.
    pub cc_list: Vec<String>,
    /// `-m`, when given.
    pub max_req: Option<usize>,
    /// The built-in server's settings, the same for every run.
    pub server: flags_server::Config,
    /// Each request's timeout.
    pub timeout: Duration,
    /// Runs per program.
    pub repeat: u32,
    /// The title of the table: the workload and the server's settings.
    pub title: String,
    /// Cancelled on Ctrl-C: the run under way stops, and so does the comparison.
    pub stop: flags_common::CancellationToken,
    /// The workload as the command line gave it, to pass on to the book's scripts.
    pub workload: Workload,
}

impl Plan {
    /// Checks the workload as every program would (the book's usage errors), before
    /// anything runs.
    pub fn new(
        workload: &Workload,
        server: flags_server::Config,
        timeout: Duration,
        repeat: u32,
        stop: flags_common::CancellationToken,
    ) -> Result<Plan, flags_common::UsageError> {
        let (cc_list, max_req) = workload.validate()?;
        let title = title(workload, cc_list.len(), &server, repeat);
        Ok(Plan {
            cc_list,
            max_req,
            server,
            timeout,
            repeat,
            title,
            stop,
            workload: workload.clone(),
        })
    }
}

/// One run of one program, as the run's report and the server's counters tell it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunResult {
    /// Seconds `download_many` took.
    pub elapsed: f64,
    /// The requests the server received.
    pub requests: u64,
    /// The most requests the server handled at once.
    pub peak_in_flight: u64,
    /// How the downloads ended.
    pub counts: Counts,
    /// Milliseconds the built-in server took to start.
    pub startup_ms: f64,
    /// The connections the server accepted.
    pub connections: u64,
    /// Seconds of CPU the program's process used (user and system), in class mode, where
    /// each program is a process of its own.
    pub cpu_seconds: Option<f64>,
    /// The process's peak resident memory in MB, in class mode.
    pub peak_memory_mb: Option<f64>,
    /// Each request, from the start of the run, for `--timeline`.
    #[serde(skip)]
    pub spans: Vec<Request>,
    #[serde(skip)]
    ideal: Option<f64>,
    #[serde(skip)]
    concurrency: usize,
}

/// The part of a run's [`Tally`](flags_common::Tally) every program must agree on, when
/// a comparison checks them against each other: `{"ok", "not_found", "errors"}` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// Flags downloaded.
    pub ok: usize,
    /// Codes without a flag.
    pub not_found: usize,
    /// Failed downloads.
    pub errors: usize,
}

impl From<&flags_common::Tally> for Counts {
    fn from(tally: &flags_common::Tally) -> Counts {
        let flags_common::Tally {
            ok,
            not_found,
            errors,
            ..
        } = *tally;
        Counts {
            ok,
            not_found,
            errors,
        }
    }
}

impl From<&RunReport> for RunResult {
    fn from(report: &RunReport) -> RunResult {
        let counters = report.server.unwrap_or_default();
        RunResult {
            elapsed: report.elapsed.as_secs_f64(),
            requests: counters.requests,
            peak_in_flight: counters.peak_in_flight,
            counts: Counts::from(&report.tally),
            startup_ms: report.startup.as_secs_f64() * 1e3,
            connections: counters.connections,
            cpu_seconds: None,
            peak_memory_mb: None,
            spans: report.requests.clone(),
            ideal: report.ideal(),
            concurrency: report.concurrency,
        }
    }
}

/// The settings `program` runs with: the plan's workload and timeout, silent, saving into
/// `dest`, from `site`.
fn settings(plan: &Plan, program: &Program, site: Site, dest: &Path) -> Settings {
    Settings {
        program: program.name.to_string(),
        cc_list: plan.cc_list.clone(),
        // A program with no bound takes no `-m` (it would only say so).
        max_req: plan
            .max_req
            .filter(|_| program.concurrency != Concurrency::Unbounded),
        site,
        verbose: false,
        timeout: plan.timeout,
        retry: flags_common::RetryPolicy::default(),
        http2: false,
        max_body: flags_common::job::DEFAULT_MAX_BODY,
        dest_dir: dest.to_path_buf(),
        output: Output::Silent,
        timeline: None,
        json_file: None,
    }
}

/// Runs `program` once, in this process, against a fresh built-in server with the plan's
/// settings (the same seed draws the same delays and errors for every program, and the
/// server's counters belong to this run alone), saving into `dest`.
pub fn run_once(plan: &Plan, program: &Program, dest: &Path) -> anyhow::Result<RunResult> {
    let site = Site::BuiltIn(Profile::Delay, plan.server.clone());
    let report = run_report(plan, program, site, dest)?;
    Ok(RunResult::from(&report))
}

/// Runs `program` once, in this process, from `site`.
pub fn run_report(
    plan: &Plan,
    program: &Program,
    site: Site,
    dest: &Path,
) -> anyhow::Result<RunReport> {
    let report = flags_common::run(
        &settings(plan, program, site, dest),
        program.download_many,
        program.concurrency,
        Progress::Bar,
        plan.stop.clone(),
    )
    .with_context(|| format!("{} failed", program.name))?;
    if report.tally.interrupted {
        bail!(Interrupted);
    }
    Ok(report)
}

/// The comparison was stopped by Ctrl-C (its scratch folder is removed on the way out).
#[derive(Debug, thiserror::Error)]
#[error("interrupted by Ctrl-C")]
pub struct Interrupted;

/// One row of the table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The program (and style).
    #[serde(rename = "program")]
    pub name: String,
    /// `Rust`, or `Python` for the book's scripts in class mode.
    pub language: &'static str,
    /// The concurrency it used.
    pub concurrency: usize,
    /// The median elapsed seconds.
    pub median: f64,
    /// The fastest run.
    pub min: f64,
    /// The slowest run.
    pub max: f64,
    /// ceil(requests / concurrency) × delay, when the delay is fixed.
    pub ideal: Option<f64>,
    /// The counts of the first run.
    pub counts: Counts,
    /// The server's peak number of requests in flight, over the runs.
    #[serde(rename = "peak_in_flight")]
    pub peak: u64,
    /// Every run.
    pub runs: Vec<RunResult>,
}

impl Row {
    /// A row from a program's runs (at least one).
    pub fn from_runs(name: &str, runs: Vec<RunResult>) -> Row {
        Row::from_language_runs(name, "Rust", runs)
    }

    /// A row from a program's runs (at least one), in `language`.
    pub fn from_language_runs(name: &str, language: &'static str, runs: Vec<RunResult>) -> Row {
        let mut times: Vec<f64> = runs.iter().map(|r| r.elapsed).collect();
        times.sort_by(f64::total_cmp);
        let first = &runs[0];
        Row {
            name: name.to_string(),
            language,
            concurrency: first.concurrency,
            median: median(&times),
            min: times[0],
            max: times[times.len() - 1],
            ideal: first.ideal,
            counts: first.counts,
            peak: runs.iter().map(|r| r.peak_in_flight).max().unwrap_or(0),
            runs,
        }
    }

    /// The median over the ideal time, when there is an ideal (a fixed delay above 0).
    pub fn ratio(&self) -> Option<f64> {
        self.ideal.filter(|i| *i > 0.0).map(|i| self.median / i)
    }

    /// The built-in server's start-up, median over the runs, in milliseconds.
    pub fn startup_ms(&self) -> f64 {
        let mut times: Vec<f64> = self.runs.iter().map(|r| r.startup_ms).collect();
        times.sort_by(f64::total_cmp);
        median(&times)
    }

    /// The server's requests per second, at the median time.
    pub fn requests_per_second(&self) -> f64 {
        self.runs[0].requests as f64 / self.median.max(1e-9)
    }

    /// The median CPU seconds over the runs, in class mode.
    pub fn cpu_seconds(&self) -> Option<f64> {
        let mut cpu: Vec<f64> = self.runs.iter().filter_map(|r| r.cpu_seconds).collect();
        cpu.sort_by(f64::total_cmp);
        (!cpu.is_empty()).then(|| median(&cpu))
    }

    /// The largest peak memory over the runs, in MB, in class mode.
    pub fn peak_memory_mb(&self) -> Option<f64> {
        self.runs
            .iter()
            .filter_map(|r| r.peak_memory_mb)
            .reduce(f64::max)
    }

    /// The connections of the first run.
    pub fn connections(&self) -> u64 {
        self.runs[0].connections
    }

    /// The run whose time is closest to the median: the one the stacked timeline draws.
    pub fn typical_run(&self) -> &RunResult {
        self.runs
            .iter()
            .min_by(|a, b| {
                (a.elapsed - self.median)
                    .abs()
                    .total_cmp(&(b.elapsed - self.median).abs())
            })
            .unwrap_or(&self.runs[0])
    }

    /// Codes searched per second, at the median time.
    pub fn codes_per_second(&self) -> f64 {
        (self.counts.ok + self.counts.not_found + self.counts.errors) as f64 / self.median.max(1e-9)
    }
}

/// Runs every program `plan.repeat` times, calling `progress` before each run, and makes
/// the table's rows. The flags go to a scratch folder, in memory (/dev/shm) where the
/// machine has one (what is compared is the concurrency, not the disk), removed on the
/// way out.
pub fn compare(
    plan: &Plan,
    programs: &[&Program],
    mut progress: impl FnMut(&str, u32),
) -> anyhow::Result<Vec<Row>> {
    let scratch = scratch()?;
    let mut rows = Vec::new();
    for program in programs {
        let mut runs = Vec::new();
        for i in 1..=plan.repeat {
            progress(program.name, i);
            let dest: PathBuf = scratch
                .path()
                .join(format!("{}-{i}", program.name.replace(' ', "-")));
            runs.push(run_once(plan, program, &dest)?);
        }
        rows.push(Row::from_runs(program.name, runs));
    }
    if rows.is_empty() {
        bail!("no program to run");
    }
    Ok(rows)
}

/// A scratch folder for the flags, in memory (/dev/shm) where the machine has one (what is
/// compared is the concurrency, not the disk), removed when dropped.
pub(crate) fn scratch() -> anyhow::Result<tempfile::TempDir> {
    let in_memory = Path::new("/dev/shm");
    if in_memory.is_dir() {
        tempfile::tempdir_in(in_memory)
    } else {
        tempfile::tempdir()
    }
    .context("cannot make a scratch folder")
}

/// The median of sorted numbers.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// `20 codes (POP20), delay 0.50s, error rate 0, 3 runs each`.
fn title(workload: &Workload, codes: usize, server: &flags_server::Config, repeat: u32) -> String {
    let mut words: Vec<String> = workload.cc.clone();
    if workload.every {
        words.push("-e".into());
    } else if workload.all {
        words.push("-a".into());
    }
    if let Some(limit) = workload.limit {
        words.push(format!("-l {limit}"));
    }
    if let Some(m) = workload.max_req {
        words.push(format!("-m {m}"));
    }
    if words.is_empty() {
        words.push("POP20".into());
    }
    format!(
        "{codes} codes ({}), delay {}, error rate {}, {repeat} run{} each",
        words.join(" "),
        server.delay,
        server.error_rate,
        if repeat == 1 { "" } else { "s" }
    )
}

/// The sequential version's median, the base of the speed-ups.
pub fn sequential(rows: &[Row]) -> Option<f64> {
    rows.iter()
        .find(|r| r.name == "flags-seq")
        .map(|r| r.median)
}

/// A delay given to the comparison: the built-in server waits it on every request.
pub fn server_config(delay: Delay, error_rate: f64, seed: Option<u64>) -> flags_server::Config {
    flags_server::Config {
        delay,
        error_rate,
        seed,
        ..flags_server::Config::default()
    }
}
