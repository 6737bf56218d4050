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
//! Layout: this file runs the programs and makes the table; [`chart`] draws it as SVG;
//! `main.rs` parses the command line.

pub mod chart;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use callbacks_vs_async::Style;
use flags_common::{
    Concurrency, Display, Job, Output, Progress, RunReport, Settings, Site, Tally, Workload,
};
use flags_server::{Delay, Profile};

/// A downloader: what a lesson's `main` passes to `flags_common::main`.
type DownloadMany = fn(&Job, &Display) -> anyhow::Result<Tally>;

/// One program of the comparison: its crate (the name `--programs` takes), its row's name,
/// its `download_many` and its concurrency.
pub struct Program {
    /// The crate, as `--programs` names it: `flags-bounded`.
    pub package: &'static str,
    /// The row's name: `callbacks-vs-async async`.
    pub name: &'static str,
    download_many: DownloadMany,
    concurrency: Concurrency,
}

/// The programs compared, in the order of the table.
pub const PROGRAMS: [Program; 6] = [
    Program {
        package: "flags-seq",
        name: "flags-seq",
        download_many: flags_seq::download_many,
        concurrency: flags_seq::CONCURRENCY,
    },
    Program {
        package: "flags-threads",
        name: "flags-threads",
        download_many: flags_threads::download_many,
        concurrency: flags_threads::CONCURRENCY,
    },
    Program {
        package: "flags-async",
        name: "flags-async",
        download_many: flags_async::download_many,
        concurrency: flags_async::CONCURRENCY,
    },
    Program {
        package: "flags-bounded",
        name: "flags-bounded",
        download_many: flags_bounded::download_many,
        concurrency: flags_bounded::CONCURRENCY,
    },
    Program {
        package: "callbacks-vs-async",
        name: "callbacks-vs-async callbacks",
        download_many: |job, display| {
            callbacks_vs_async::download_many(job, display, Style::Callbacks).map(|(t, _)| t)
        },
        concurrency: callbacks_vs_async::CONCURRENCY,
    },
    Program {
        package: "callbacks-vs-async",
        name: "callbacks-vs-async async",
        download_many: |job, display| {
            callbacks_vs_async::download_many(job, display, Style::Async).map(|(t, _)| t)
        },
        concurrency: callbacks_vs_async::CONCURRENCY,
    },
];

/// The programs `--programs` names, in the table's order; every name must be a package.
pub fn select(names: Option<&[String]>) -> Result<Vec<&'static Program>, String> {
    let Some(names) = names else {
        return Ok(PROGRAMS.iter().collect());
    };
    let known: Vec<&str> = PROGRAMS.iter().map(|p| p.package).collect();
    if let Some(unknown) = names.iter().find(|n| !known.contains(&n.as_str())) {
        let mut choices = known.clone();
        choices.dedup();
        return Err(format!(
            "--programs: no program named {unknown:?}; choose among {}",
            choices.join(", ")
        ));
    }
    Ok(PROGRAMS
        .iter()
        .filter(|p| names.iter().any(|n| n == p.package))
        .collect())
}

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
}

impl Plan {
    /// Checks the workload as every program would (the book's usage errors), before
    /// anything runs.
    pub fn new(
        workload: &Workload,
        server: flags_server::Config,
        timeout: Duration,
        repeat: u32,
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
        max_req: plan.max_req,
        site: Site::BuiltIn(Profile::Delay, plan.server.clone()),
        verbose: false,
        timeout: plan.timeout,
        dest_dir: dest.to_path_buf(),
        output: Output::Silent,
        timeline: None,
    };
    let report = flags_common::run(
        &settings,
        program.download_many,
        program.concurrency,
        Progress::Bar,
    )
    .with_context(|| format!("{} failed", program.name))?;
    Ok(RunResult::from(&report))
}

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

/// The comparison as JSON: the title and every row with its runs.
pub fn to_json(title: &str, rows: &[Row], sequential: Option<f64>) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut row = serde_json::to_value(r).unwrap_or_default();
            row["ratio"] = serde_json::json!(r.ratio());
            row["speed_up"] = serde_json::json!(sequential.map(|s| s / r.median));
            row["codes_per_second"] = serde_json::json!(r.codes_per_second());
            row
        })
        .collect();
    serde_json::json!({"title": title, "rows": rows})
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

fn seconds(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.2} s"))
}

/// The table: one row per program, aligned, Markdown-compatible.
pub fn table(title: &str, rows: &[Row], sequential: Option<f64>) -> String {
    let header = [
        "program",
        "conc.",
        "median",
        "min",
        "max",
        "ideal",
        "ratio",
        "speed-up",
        "codes/s",
        "ok",
        "not found",
        "errors",
        "peak",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for r in rows {
        lines.push(vec![
            r.name.clone(),
            r.concurrency.to_string(),
            seconds(Some(r.median)),
            seconds(Some(r.min)),
            seconds(Some(r.max)),
            seconds(r.ideal),
            r.ratio().map_or("-".into(), |ratio| format!("{ratio:.3}")),
            sequential.map_or("-".into(), |s| format!("{:.1}×", s / r.median)),
            format!("{:.0}", r.codes_per_second()),
            r.counts.ok.to_string(),
            r.counts.not_found.to_string(),
            r.counts.errors.to_string(),
            r.peak.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("{title}\n\n");
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c == 0 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            let rule: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    if c == 0 {
                        "-".repeat(*w)
                    } else {
                        format!("{}:", "-".repeat(w - 1))
                    }
                })
                .collect();
            out.push_str(&format!("| {} |\n", rule.join(" | ")));
        }
    }
    out.push_str(&agreement(rows));
    out
}

/// Whether every program counted the same: it must, for the same workload and server.
fn agreement(rows: &[Row]) -> String {
    let first = rows[0].counts;
    let differing: Vec<&str> = rows
        .iter()
        .filter(|r| r.counts != first || r.runs.iter().any(|run| run.counts != r.counts))
        .map(|r| r.name.as_str())
        .collect();
    if differing.is_empty() {
        format!(
            "\nEvery program, every run: {} downloaded, {} not found, {} errors.\n",
            first.ok, first.not_found, first.errors
        )
    } else {
        format!(
            "\nCounts differ from {}'s in: {} (with injected errors, programs that make other \
             requests, such as callbacks-vs-async's two per flag, draw other errors).\n",
            rows[0].name,
            differing.join(", ")
        )
    }
}
