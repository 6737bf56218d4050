//! flags-compare: every flags downloader on the same workload, against the same server
//! settings, each run several times, in one table: the comparison the book makes between
//! its sequential, thread-pool and asyncio versions, with the ideal time beside each.
//!
//! The idea to notice: the ideal time of a run is ceil(requests / concurrency) × delay,
//! since every request waits the server's delay. The sequential version is at its ideal
//! already; concurrency changes the ideal itself.
//!
//! Run it: `cargo run --release -p flags-compare` (or `-- -e -m 200`, `-- --chart compare.svg`)

mod chart;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use clap::Parser;
use flags_server::{Config, Delay, Server};
use indicatif::{ProgressBar, ProgressStyle};

/// The programs compared, in the order of the table: (binary, extra arguments, row name).
const PROGRAMS: [(&str, &[&str], &str); 6] = [
    ("flags-seq", &[], "flags-seq"),
    ("flags-threads", &[], "flags-threads"),
    ("flags-async", &[], "flags-async"),
    ("flags-bounded", &[], "flags-bounded"),
    (
        "callbacks-vs-async",
        &["--style", "callbacks"],
        "callbacks-vs-async callbacks",
    ),
    (
        "callbacks-vs-async",
        &["--style", "async"],
        "callbacks-vs-async async",
    ),
];

/// Run every flags downloader on one workload against one server, and compare.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Country code or 1st letter (e.g. B for BA...BZ). Default: the top 20 by population.
    #[arg(value_name = "CC")]
    cc: Vec<String>,
    /// Get all available flags (AD to ZW).
    #[arg(short, long)]
    all: bool,
    /// Get flags for every possible code (AA...ZZ).
    #[arg(short, long)]
    every: bool,
    /// Limit to N first codes.
    #[arg(short, long, value_name = "N")]
    limit: Option<u32>,
    /// Maximum concurrent requests, for the programs that take it [default: each program's].
    #[arg(short, long = "max-req", alias = "max_req", value_name = "CONCURRENT")]
    max_req: Option<u32>,
    /// The server's delay for every request: SECS, or MIN..MAX at random.
    #[arg(long, value_name = "SECS|MIN..MAX", default_value = "0.5")]
    delay: Delay,
    /// The server's probability of answering `418 I'm a Teapot`.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    error_rate: f64,
    /// Make the server's delays and errors reproducible (the same for every run).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Each program's per-request timeout, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 3.1)]
    timeout: f64,
    /// Run each program R times (the book reports the mean of 3).
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    repeat: u32,
    /// Also draw the table as a bar chart, in SVG.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Only these programs (comma-separated binary names).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    programs: Option<Vec<String>>,
    /// Do not build the programs first; use the binaries beside this one.
    #[arg(long)]
    no_build: bool,
    /// Print the table and every run as one JSON object instead of the table.
    #[arg(long)]
    json: bool,
}

/// One run of one program, read from its `--json` output and the server's counters.
#[derive(Debug, Clone)]
struct RunResult {
    elapsed: f64,
    concurrency: u64,
    requests: u64,
    peak_in_flight: u64,
    counts: (u64, u64, u64),
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The program (and style).
    pub name: String,
    /// The concurrency it used.
    pub concurrency: u64,
    /// Median, min and max elapsed seconds.
    pub median: f64,
    /// The fastest run.
    pub min: f64,
    /// The slowest run.
    pub max: f64,
    /// ceil(requests / concurrency) × delay, when the delay is fixed.
    pub ideal: Option<f64>,
    /// The counts of the first run: ok, not found, errors.
    pub counts: (u64, u64, u64),
    /// The server's peak number of requests in flight, over the runs.
    pub peak: u64,
    runs: Vec<RunResult>,
}

impl Row {
    fn from_runs(name: &str, runs: Vec<RunResult>, delay: Delay) -> Row {
        let mut times: Vec<f64> = runs.iter().map(|r| r.elapsed).collect();
        times.sort_by(f64::total_cmp);
        let first = &runs[0];
        let ideal = delay.is_fixed().then(|| {
            let rounds = first.requests.div_ceil(first.concurrency.max(1));
            rounds as f64 * delay.min.as_secs_f64()
        });
        Row {
            name: name.to_string(),
            concurrency: first.concurrency,
            median: median(&times),
            min: times[0],
            max: times[times.len() - 1],
            ideal,
            counts: first.counts,
            peak: runs.iter().map(|r| r.peak_in_flight).max().unwrap_or(0),
            runs,
        }
    }
}

impl Row {
    /// The median over the ideal time, when there is an ideal (a fixed delay above 0).
    pub fn ratio(&self) -> Option<f64> {
        self.ideal.filter(|i| *i > 0.0).map(|i| self.median / i)
    }

    /// Codes searched per second, at the median time.
    pub fn codes_per_second(&self) -> f64 {
        (self.counts.0 + self.counts.1 + self.counts.2) as f64 / self.median.max(1e-9)
    }
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Where the programs are: beside this binary, in the same Cargo profile folder.
fn bin_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot find this program's path")?;
    Ok(exe
        .parent()
        .context("this program has no folder")?
        .to_path_buf())
}

/// Builds the programs with the profile this binary was built with, so that a fresh clone
/// needs only `cargo run --release -p flags-compare`.
fn build(bin_dir: &Path, packages: &[&str]) -> anyhow::Result<()> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("no workspace folder")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.arg("build").current_dir(workspace);
    match bin_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => {}
        Some("release") => {
            command.arg("--release");
        }
        Some(profile) => {
            command.args(["--profile", profile]);
        }
        None => bail!("cannot tell the build profile from {}", bin_dir.display()),
    }
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command
        .output()
        .context("cannot run cargo to build the programs")?;
    if !output.status.success() {
        bail!(
            "building the programs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// The workload options every program gets.
fn workload_args(cli: &Cli, program: &str) -> Vec<String> {
    let mut args: Vec<String> = cli.cc.clone();
    if cli.all {
        args.push("-a".into());
    }
    if cli.every {
        args.push("-e".into());
    }
    if let Some(limit) = cli.limit {
        args.extend(["-l".into(), limit.to_string()]);
    }
    // flags-async has no bound to set (it would only say so).
    if let (Some(m), false) = (cli.max_req, program == "flags-async") {
        args.extend(["-m".into(), m.to_string()]);
    }
    args.extend(["--timeout".into(), cli.timeout.to_string()]);
    args
}

/// Runs `program` once against a fresh server with the compare's settings.
fn run_once(
    cli: &Cli,
    bin: &Path,
    program: &str,
    extra: &[&str],
    dest: &Path,
) -> anyhow::Result<RunResult> {
    // A fresh server for every run: the same seed draws the same delays and errors for
    // every program, and its counters (the peak in flight) belong to this run alone.
    let server = Server::start(Config {
        delay: cli.delay,
        error_rate: cli.error_rate,
        seed: cli.seed,
        ..Config::default()
    })
    .context("cannot start the server")?;
    let output = Command::new(bin)
        .args(workload_args(cli, program))
        .args(extra)
        .args(["--json", "-s", &server.base_url(), "--dest-dir"])
        .arg(dest)
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    let counters = server.stop();
    if !output.status.success() {
        bail!(
            "{program} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .with_context(|| format!("{program} did not print JSON"))?;
    let number = |v: &serde_json::Value| v.as_u64().unwrap_or(0);
    let counts = &json["counts"];
    Ok(RunResult {
        elapsed: json["elapsed"]
            .as_f64()
            .context("no elapsed time in the JSON")?,
        concurrency: number(&json["concurrency"]),
        requests: counters.requests,
        peak_in_flight: counters.peak_in_flight,
        counts: (
            number(&counts["ok"]),
            number(&counts["not_found"]),
            number(&counts["errors"]),
        ),
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !(0.0..=1.0).contains(&cli.error_rate) || cli.timeout.is_nan() || cli.timeout <= 0.0 {
        eprintln!("flags-compare: --error-rate must be from 0 to 1 and --timeout > 0");
        return ExitCode::from(2);
    }
    match compare(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("flags-compare: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn compare(cli: &Cli) -> anyhow::Result<()> {
    let programs: Vec<_> = PROGRAMS
        .iter()
        .filter(|(bin, _, _)| {
            cli.programs
                .as_ref()
                .is_none_or(|only| only.iter().any(|p| p == bin))
        })
        .collect();
    if programs.is_empty() {
        bail!(
            "--programs names none of: flags-seq, flags-threads, flags-async, flags-bounded, callbacks-vs-async"
        );
    }
    let bin_dir = bin_dir()?;
    let bar = ProgressBar::new((programs.len() as u64) * u64::from(cli.repeat)).with_style(
        ProgressStyle::with_template("{pos:>3}/{len} runs [{elapsed}] {msg}")
            .expect("the template is valid"),
    );
    if !cli.no_build {
        bar.set_message("building the programs…");
        let mut packages: Vec<&str> = programs.iter().map(|(bin, _, _)| *bin).collect();
        packages.dedup();
        build(&bin_dir, &packages)?;
    }
    // The flags go to a scratch folder, in memory (/dev/shm) where the machine has one:
    // what is compared is the concurrency, not the disk.
    let in_memory = Path::new("/dev/shm");
    let scratch = if in_memory.is_dir() {
        tempfile::tempdir_in(in_memory)
    } else {
        tempfile::tempdir()
    }
    .context("cannot make a scratch folder")?;
    let mut rows = Vec::new();
    for (bin, extra, name) in &programs {
        let path = bin_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
        if !path.exists() {
            bail!(
                "{} is missing: build it, or drop --no-build",
                path.display()
            );
        }
        let mut runs = Vec::new();
        for i in 1..=cli.repeat {
            bar.set_message(format!("{name}, run {i} of {}", cli.repeat));
            let dest = scratch
                .path()
                .join(format!("{}-{i}", name.replace(' ', "-")));
            runs.push(run_once(cli, &path, bin, extra, &dest)?);
            bar.inc(1);
        }
        rows.push(Row::from_runs(name, runs, cli.delay));
    }
    bar.finish_and_clear();

    let sequential = rows
        .iter()
        .find(|r| r.name == "flags-seq")
        .map(|r| r.median);
    let title = title(cli, &rows);
    if cli.json {
        println!("{}", to_json(&title, &rows, sequential));
    } else {
        print!("{}", table(&title, &rows, sequential));
    }
    if let Some(path) = &cli.chart {
        std::fs::write(path, chart::svg(&title, &rows, sequential))
            .with_context(|| format!("cannot write --chart {}", path.display()))?;
    }
    Ok(())
}

fn title(cli: &Cli, rows: &[Row]) -> String {
    let codes = rows
        .first()
        .map_or(0, |r| r.counts.0 + r.counts.1 + r.counts.2);
    let mut workload: Vec<String> = cli.cc.clone();
    if cli.every {
        workload.push("-e".into());
    } else if cli.all {
        workload.push("-a".into());
    }
    if let Some(limit) = cli.limit {
        workload.push(format!("-l {limit}"));
    }
    if let Some(m) = cli.max_req {
        workload.push(format!("-m {m}"));
    }
    if workload.is_empty() {
        workload.push("POP20".into());
    }
    format!(
        "{codes} codes ({}), delay {}, error rate {}, {} run{} each",
        workload.join(" "),
        cli.delay,
        cli.error_rate,
        cli.repeat,
        if cli.repeat == 1 { "" } else { "s" }
    )
}

fn seconds(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.2} s"))
}

/// The table: one row per program, aligned, Markdown-compatible.
fn table(title: &str, rows: &[Row], sequential: Option<f64>) -> String {
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
            r.counts.0.to_string(),
            r.counts.1.to_string(),
            r.counts.2.to_string(),
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
            first.0, first.1, first.2
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

fn to_json(title: &str, rows: &[Row], sequential: Option<f64>) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "program": r.name,
                "concurrency": r.concurrency,
                "median": r.median,
                "min": r.min,
                "max": r.max,
                "ideal": r.ideal,
                "ratio": r.ratio(),
                "speed_up": sequential.map(|s| s / r.median),
                "codes_per_second": r.codes_per_second(),
                "counts": {"ok": r.counts.0, "not_found": r.counts.1, "errors": r.counts.2},
                "peak_in_flight": r.peak,
                "runs": r.runs.iter().map(|run| serde_json::json!({
                    "elapsed": run.elapsed,
                    "requests": run.requests,
                    "peak_in_flight": run.peak_in_flight,
                    "counts": {"ok": run.counts.0, "not_found": run.counts.1, "errors": run.counts.2},
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({"title": title, "rows": rows})
}
