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
//! run a process of its own against a fresh built-in server on the book's DELAY port.
//!
//! Layout, one line a module:
//! - [`programs`]: the lessons compared;
//! - [`in_process`]: the comparison in this process, each lesson's `download_many` in turn;
//! - [`row`]: what a run measured, and a program's runs as a row of the table;
//! - [`class`]: class mode, every program a process, the book's scripts among them;
//! - [`python`]: the book's scripts, how to run one and read its report;
//! - [`setup`]: whether Python and the packages the scripts import are there;
//! - [`process`]: a program run as a process, with its CPU time and peak memory;
//! - [`table`](mod@table): the rows as a table or JSON; [`chart`]: as an SVG bar chart;
//! - [`stacked`]: every program's requests on one time axis, as SVG;
//! - this file: what every run shares ([`Plan`]) and its server's settings
//!   ([`server_config`]), the scratch folder, the title, and [`Interrupted`], the error of a
//!   comparison cut short by Ctrl-C; `main.rs` parses the command line.

pub mod chart;
pub mod class;
pub mod in_process;
pub mod process;
pub mod programs;
pub mod python;
pub mod row;
pub mod setup;
pub mod stacked;
pub mod table;

pub use in_process::{compare, run_once, run_report};
pub use programs::{PROGRAMS, Program, select};
pub use row::{Counts, Row, RunResult, sequential};
pub use table::{table, to_json};

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use flags_common::Workload;
use flags_server::Delay;

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
    /// Cancelled on Ctrl-C once `main` has called [`Plan::stop_on_signals`]: the run
    /// under way stops, and so does the comparison.
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
            stop: flags_common::CancellationToken::new(),
            workload: workload.clone(),
        })
    }

    /// Makes room for the most connections a run of one of `programs` holds at once,
    /// then has Ctrl-C, SIGTERM or SIGHUP cancel [`Plan::stop`]
    /// ([`flags_common::stop_on_signals`], which says why in that order). Fails when the
    /// open-files limit cannot hold them.
    pub fn stop_on_signals(&mut self, programs: &[&Program]) -> anyhow::Result<()> {
        let connections = programs
            .iter()
            .map(|program| program.concurrency.actual(self.max_req, self.cc_list.len()))
            .max()
            .unwrap_or(0);
        self.stop = flags_common::stop_on_signals(connections)?;
        Ok(())
    }
}

/// The comparison was stopped by Ctrl-C (its scratch folder is removed on the way out).
#[derive(Debug, thiserror::Error)]
#[error("interrupted by Ctrl-C")]
pub struct Interrupted;

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

/// The built-in server's settings for a comparison: it waits `delay` before every answer,
/// answers `418` with probability `error_rate`, draws both from `seed` when given, and
/// keeps its defaults for the rest.
pub fn server_config(delay: Delay, error_rate: f64, seed: Option<u64>) -> flags_server::Config {
    flags_server::Config {
        delay,
        error_rate,
        seed,
        ..flags_server::Config::default()
    }
}
