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
//! Layout: [`programs`] the lessons compared; this file runs them into rows; [`table`](mod@table)
//! prints the rows as a table or JSON; [`chart`] draws them as SVG; `main.rs` parses the
//! command line.

pub mod chart;
pub mod programs;
pub mod table;

pub use programs::{PROGRAMS, Program, select};
pub use table::{table, to_json};

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
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
    #[serde(skip)]
    ideal: Option<f64>,
    #[serde(skip)]
    concurrency: usize,
}

/// Downloaded, not found, errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Flags downloaded.
    pub ok: usize,
    /// Codes without a flag.
    pub not_found: usize,
    /// Failed downloads.
    pub errors: usize,
}

impl From<&RunReport> for RunResult {
    fn from(report: &RunReport) -> RunResult {
        let counters = report.server.unwrap_or_default();
        RunResult {
            elapsed: report.elapsed.as_secs_f64(),
            requests: counters.requests,
            peak_in_flight: counters.peak_in_flight,
            counts: Counts {
                ok: report.tally.ok,
                not_found: report.tally.not_found,
                errors: report.tally.errors,
            },
            startup_ms: report.startup.as_secs_f64() * 1e3,
            ideal: report.ideal(),
            concurrency: report.concurrency,
        }
    }
}

/// Runs `program` once, in this process, against a fresh built-in server with the plan's
/// settings (the same seed draws the same delays and errors for every program, and the
/// server's counters belong to this run alone), saving into `dest`.
pub fn run_once(plan: &Plan, program: &Program, dest: &Path) -> anyhow::Result<RunResult> {
    let settings = Settings {
        program: program.name.to_string(),
        cc_list: plan.cc_list.clone(),
        // A program with no bound takes no `-m` (it would only say so).
        max_req: plan
            .max_req
            .filter(|_| program.concurrency != Concurrency::Unbounded),
        site: Site::BuiltIn(Profile::Delay, plan.server.clone()),
        verbose: false,
        timeout: plan.timeout,
        retry: flags_common::RetryPolicy::default(),
        http2: false,
        max_body: flags_common::job::DEFAULT_MAX_BODY,
        dest_dir: dest.to_path_buf(),
        output: Output::Silent,
        timeline: None,
        json_file: None,
    };
    let report = flags_common::run(
        &settings,
        program.download_many,
        program.concurrency,
        Progress::Bar,
        plan.stop.clone(),
    )
    .with_context(|| format!("{} failed", program.name))?;
    if report.tally.interrupted {
        bail!(Interrupted);
    }
    Ok(RunResult::from(&report))
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
        let mut times: Vec<f64> = runs.iter().map(|r| r.elapsed).collect();
        times.sort_by(f64::total_cmp);
        let first = &runs[0];
        Row {
            name: name.to_string(),
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
    let in_memory = Path::new("/dev/shm");
    let scratch = if in_memory.is_dir() {
        tempfile::tempdir_in(in_memory)
    } else {
        tempfile::tempdir()
    }
    .context("cannot make a scratch folder")?;
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
