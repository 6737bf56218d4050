//! The comparison run in this process: each lesson's `download_many` called one after the
//! other, each against a fresh built-in server with the plan's settings.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use flags_common::{Concurrency, Output, Progress, RunReport, Settings, Site};
use flags_server::Profile;

use crate::{Interrupted, Plan, Program, Row, RunResult, scratch};

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
