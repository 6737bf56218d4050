//! flags-compare: every flags downloader on one workload, in one table (and a chart).
//! The comparison itself is in `lib.rs`; the files it writes are checked here, before any
//! run, and written by `files.rs`.
//!
//! Run it: `cargo run --release -p flags-compare` (or `-- -e -m 200`, `-- --chart compare.svg`,
//! `-- --timeline timeline.svg`); beside the book's Python: `-- --python DIR -m 20`.

mod files;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use files::write;
use flags_common::Site;
use flags_common::Workload;
use flags_common::cli::parse_timeout;
use flags_common::save::check_output;
use flags_compare::class::{self, Class};
use flags_compare::{
    PROGRAMS, Plan, chart, compare, python, select, sequential, server_config, setup, stacked,
    table, to_json,
};
use flags_server::Delay;
use indicatif::{ProgressBar, ProgressStyle};

/// Run every flags downloader on one workload against one server, and compare.
///
/// Class mode: `--python DIR` runs the book's flags2 scripts found in DIR beside ours, each
/// program a process of its own against the built-in server on the book's DELAY port
/// (`-s DELAY`, http://localhost:8001/flags), with the same -m given to both.
///
/// Exit status: 0 when the table is printed (a program that failed is shown under it), 2
/// for a usage error, 1 when the comparison cannot run (Python or its packages missing, the
/// port taken), 130 on Ctrl-C.
#[derive(Debug, Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The workload every program gets (default: the top 20 by population).
    #[command(flatten)]
    workload: Workload,
    /// The server's delay for every request: SECS, or MIN..MAX at random.
    #[arg(long, value_name = "SECS|MIN..MAX", default_value = "0.5")]
    delay: Delay,
    /// The server's probability of answering `418 I'm a Teapot`, from 0 to 1.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = program::probability)]
    error_rate: f64,
    /// Make the server's delays and errors reproducible (the same for every run).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Each program's per-request timeout, in seconds (0.001 to 3600).
    #[arg(long, value_name = "SECS", default_value_t = 3.1, value_parser = parse_timeout)]
    timeout: f64,
    /// Run each program R times, 1 to 100 (the book reports the mean of 3).
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    repeat: u32,
    /// Also draw the table as a bar chart, in SVG (class mode always draws it: to
    /// class-compare.svg unless named here).
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Only these programs (comma-separated crate names: flags-seq, flags-threads,
    /// flags-async, flags-bounded, callbacks-vs-async).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    programs: Option<Vec<String>>,
    /// Also draw every program's requests on one time axis, stacked, in SVG.
    #[arg(long, value_name = "FILE.svg")]
    timeline: Option<PathBuf>,
    /// Print the table and every run as one JSON object instead of the table.
    #[arg(long)]
    json: bool,
    /// Class mode: also run the book's scripts in DIR (flags2_sequential.py,
    /// flags2_threadpool.py, flags2_asyncio.py, flags3_asyncio.py: the book's
    /// 20-executors/getflags folder, or any with the flags2 command line).
    #[arg(long, value_name = "DIR")]
    python: Option<PathBuf>,
    /// The Python that runs the scripts (a virtual environment's, with httpx and tqdm).
    #[arg(
        long,
        value_name = "PATH",
        default_value = flags_compare::setup::PYTHON,
        requires = "python"
    )]
    interpreter: PathBuf,
    /// Class mode: the port of the built-in server. The book's scripts reach DELAY on 8001
    /// only; another port is for scripts that read FLAGS_COMPARE_URL (our stand-ins).
    #[arg(long, value_name = "PORT", default_value_t = 8001, requires = "python")]
    port: u16,
    /// Class mode: kill a program (and every process it started) that runs longer than
    /// SECS, and report its row as timed out (0.001 to 3600).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 300.0,
        value_parser = parse_timeout,
        requires = "python"
    )]
    deadline: f64,
    /// Run one program and print its figures as JSON (class mode runs each of ours so).
    #[arg(long, value_name = "NAME", hide = true)]
    child: Option<String>,
    /// With --child: the server's base URL.
    #[arg(long, hide = true, requires = "child")]
    url: Option<String>,
    /// With --child: where to save the flags.
    #[arg(long, hide = true, requires = "child")]
    dest: Option<PathBuf>,
}

/// Where class mode draws its chart unless `--chart` names another file.
const CLASS_CHART: &str = "class-compare.svg";

fn main() -> ExitCode {
    let cli = program::args::<Cli>();
    // Every usage error is found before anything runs: exit 2, as clap's own.
    let usage = |message: String| {
        eprintln!("flags-compare: {message}");
        ExitCode::from(2)
    };
    // A long comparison must not end in "cannot write": the pictures are checked now,
    // class mode's chart too when it goes to its default name.
    let chart = cli
        .chart
        .clone()
        .or_else(|| cli.python.is_some().then(|| PathBuf::from(CLASS_CHART)));
    for (option, path) in [("--chart", &chart), ("--timeline", &cli.timeline)] {
        if let Some(Err(message)) = path.as_deref().map(|p| check_output(option, p)) {
            return usage(message);
        }
    }
    // Class mode's scripts, found once. Each runs in a scratch folder of its own, so their
    // paths must not be relative to this one.
    let scripts = match &cli.python {
        None => Vec::new(),
        Some(given) => {
            let Some(dir) = given.canonicalize().ok().filter(|dir| dir.is_dir()) else {
                return usage(format!(
                    "--python DIR: there is no folder {}",
                    given.display()
                ));
            };
            let scripts = python::found_in(&dir);
            if scripts.is_empty() {
                let names: Vec<&str> = python::SCRIPTS.iter().map(|s| s.file).collect();
                return usage(format!(
                    "--python DIR: {} has none of the book's scripts ({}); give the book's \
                     20-executors/getflags folder",
                    dir.display(),
                    names.join(", ")
                ));
            }
            scripts
        }
    };
    let programs = match select(cli.programs.as_deref()) {
        Ok(programs) => programs,
        Err(message) => return usage(message),
    };
    let server = server_config(cli.delay, cli.error_rate, cli.seed);
    let timeout = Duration::from_secs_f64(cli.timeout);
    let mut plan = match Plan::new(&cli.workload, server, timeout, cli.repeat) {
        Ok(plan) => plan,
        Err(usage_error) => return usage(usage_error.to_string()),
    };
    // Ctrl-C stops the run under way; the scratch folder in /dev/shm is removed. Room is
    // made first for the connections of the programs this process runs: a child's one, or
    // each compared in turn; class mode runs each as a process of its own.
    let result = match &cli.child {
        Some(name) => child(&cli, &mut plan, name),
        None if cli.python.is_some() => plan
            .stop_on_signals(&[])
            .and_then(|()| run_class(&cli, &plan, &programs, &scripts)),
        None => plan
            .stop_on_signals(&programs)
            .and_then(|()| run(&cli, &plan, &programs)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is::<flags_compare::Interrupted>() => {
            eprintln!("flags-compare: interrupted by Ctrl-C");
            ExitCode::from(130)
        }
        Err(err) if err.is::<SetupFailed>() => {
            eprintln!("flags-compare: {err}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("flags-compare: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, plan: &Plan, programs: &[&flags_compare::Program]) -> anyhow::Result<()> {
    let bar = runs_bar((programs.len() as u64) * u64::from(plan.repeat));
    let mut started = 0;
    let rows = compare(plan, programs, |name, i| {
        bar.set_position(started);
        bar.set_message(format!("{name}, run {i} of {}", plan.repeat));
        started += 1;
    });
    bar.finish_and_clear();
    let rows = rows?;

    let sequential = sequential(&rows);
    if cli.json {
        println!("{}", to_json(&plan.title, &rows, sequential));
    } else {
        print!("{}", table(&plan.title, &rows, sequential));
    }
    if let Some(path) = &cli.chart {
        write(path, "--chart", &chart::svg(&plan.title, &rows, sequential))?;
    }
    if let Some(path) = &cli.timeline {
        let title = format!("flags-compare: {}", plan.title);
        write(
            path,
            "--timeline",
            &stacked::svg(&title, &rows, "each program's own clock"),
        )?;
    }
    Ok(())
}

/// Class mode: the book's scripts (with their absolute paths) beside ours.
fn run_class(
    cli: &Cli,
    plan: &Plan,
    programs: &[&flags_compare::Program],
    scripts: &[(python::Script, PathBuf)],
) -> anyhow::Result<()> {
    let interpreter = setup::absolute(&cli.interpreter);
    let paths: Vec<PathBuf> = scripts.iter().map(|(_, path)| path.clone()).collect();
    let python =
        setup::check_setup(&interpreter, &setup::imported_packages(&paths)).map_err(SetupFailed)?;
    let class = Class {
        interpreter: python.executable,
        port: cli.port,
        this_program: std::env::current_exe()?,
        deadline: Duration::from_secs_f64(cli.deadline),
    };
    let entries = class::entries(programs, scripts);
    let bar = runs_bar(entries.len() as u64 * u64::from(plan.repeat));
    let mut started = 0;
    let comparison = class::compare(plan, &class, &entries, |name, i| {
        bar.set_position(started);
        bar.set_message(format!("{name}, run {i} of {}", plan.repeat));
        started += 1;
    });
    // Cleared whatever happened, so that the message or the table starts on a clean line.
    bar.finish_and_clear();
    let comparison = comparison?;

    let title = format!("Python beside Rust: {}", plan.title);
    let caveats = class::caveats(plan, &comparison, &python.version);
    // The chart is the point of class mode: drawn even unasked, where the class runs it.
    let chart_path = cli
        .chart
        .clone()
        .unwrap_or_else(|| PathBuf::from(CLASS_CHART));
    // The table first: a chart that cannot be written must not cost the class the table.
    if cli.json {
        let mut json = table::class_json(&title, &comparison, &caveats);
        json["chart"] = serde_json::json!(chart_path);
        println!("{json}");
    } else {
        print!("{}", table::class_table(&title, &comparison, &caveats));
        if !comparison.rows.is_empty() {
            println!("\nChart: {}", chart_path.display());
        }
    }
    if comparison.rows.is_empty() {
        anyhow::bail!("no program finished");
    }
    write(
        &chart_path,
        "--chart",
        &chart::svg(&title, &comparison.rows, None),
    )?;
    if let Some(path) = &cli.timeline {
        let title = format!("flags-compare: {title}");
        write(
            path,
            "--timeline",
            &stacked::svg(&title, &comparison.rows, "the server's clock"),
        )?;
    }
    Ok(())
}

/// Python, or a package the scripts need, is missing: the message says how to set it up.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct SetupFailed(setup::SetupError);

/// `--child NAME`: one run of one of ours against `--url`, its figures printed as JSON.
fn child(cli: &Cli, plan: &mut Plan, name: &str) -> anyhow::Result<()> {
    let program = PROGRAMS
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| anyhow::anyhow!("--child: no program named {name:?}"))?;
    let (Some(url), Some(dest)) = (&cli.url, &cli.dest) else {
        anyhow::bail!("--child needs --url and --dest");
    };
    plan.stop_on_signals(&[program])?;
    let report = flags_compare::run_report(plan, program, Site::Url(url.clone()), dest)?;
    let said = flags_compare::process::Said {
        concurrency: report.concurrency,
        counts: flags_compare::Counts::from(&report.tally),
        elapsed: report.elapsed.as_secs_f64(),
    };
    println!("{}", serde_json::to_string(&said)?);
    Ok(())
}

/// A progress bar counting runs.
fn runs_bar(runs: u64) -> ProgressBar {
    ProgressBar::with_draw_target(Some(runs), flags_common::display::bar_target()).with_style(
        ProgressStyle::with_template("{pos:>3}/{len} runs [{elapsed}] {msg}")
            .expect("the template is valid"),
    )
}
