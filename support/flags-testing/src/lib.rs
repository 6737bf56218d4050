//! Test support for the lessons' integration tests: run a flags binary as a user does
//! ([`run`], [`spawn`], [`Watched`] to read its output as it comes), read what it printed,
//! its typed JSON summary (the counts the tests check), and signal it ([`terminal`]); the
//! tests every flags client shares ([`client_tests!`], [`faults`]); and the tests that
//! need a tool the machine may lack, counted as ignored without it ([`needs`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use flags_common::Summary;

pub mod faults;
pub mod needs;
#[cfg(unix)]
pub mod terminal;

pub use faults::fault_suite;
#[cfg(unix)]
pub use terminal::{
    assert_bar_ends_its_line, assert_stops_cleanly_on, interrupt, signal, through_a_terminal,
};

/// What a finished run of a binary printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
    /// The exit status (`None` when killed by a signal).
    pub code: Option<i32>,
    /// The run's `--json=FILE` summary, when it wrote one (not for usage errors, nor for
    /// callbacks-vs-async's two styles at once).
    pub summary: Option<Summary>,
}

pub use tempfile::TempDir;

/// A fresh temporary folder for one test's run (its `downloaded/` lands inside).
pub fn tmp() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A spawned binary and where it writes its summary.
pub struct Spawned {
    child: Child,
    summary_file: Option<PathBuf>,
}

impl Spawned {
    /// The child, to signal it.
    pub fn child(&self) -> &Child {
        &self.child
    }
}

/// Runs `bin` with `args` in the folder `cwd` and waits for it to end.
pub fn run(bin: &str, args: &[&str], cwd: &Path) -> Run {
    finish(spawn(bin, args, cwd))
}

/// A file name of its own for each summary of this test process.
fn summary_file() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    std::env::temp_dir().join(format!("flags-summary-{}-{n}.json", std::process::id()))
}

/// Starts `bin` with `args` in the folder `cwd`, its output captured, without waiting.
/// Unless `args` ask for `--json` themselves, the run also writes its typed summary
/// (`--json=FILE`) for [`Run::counts`] and [`Run::server_counters`] to read.
pub fn spawn(bin: &str, args: &[&str], cwd: &Path) -> Spawned {
    let mut command = Command::new(bin);
    command.args(args);
    let summary_file = (!args.iter().any(|a| a.starts_with("--json"))).then(summary_file);
    if let Some(file) = &summary_file {
        command.arg(format!("--json={}", file.display()));
    }
    let child = command
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {bin}: {err}"));
    Spawned {
        child,
        summary_file,
    }
}

/// Waits for a spawned binary to end and collects what it printed and its summary.
pub fn finish(spawned: Spawned) -> Run {
    let output = spawned
        .child
        .wait_with_output()
        .unwrap_or_else(|err| panic!("cannot wait for the child: {err}"));
    let summary = spawned.summary_file.and_then(|file| {
        let text = std::fs::read_to_string(&file).ok();
        let _ = std::fs::remove_file(&file);
        serde_json::from_str(&text?).ok()
    });
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
        summary,
    }
}

impl Run {
    /// The run's typed summary; panics, showing what was printed, when it wrote none.
    pub fn summary(&self) -> &Summary {
        self.summary.as_ref().unwrap_or_else(|| {
            panic!(
                "no JSON summary; stdout:\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// (downloaded, not found, errors), from the summary.
    pub fn counts(&self) -> (usize, usize, usize) {
        let counts = &self.summary().counts;
        (counts.ok, counts.not_found, counts.errors)
    }

    /// (requests served, errors injected, peak in flight), from the built-in server's
    /// counters in the summary.
    pub fn server_counters(&self) -> (u64, u64, u64) {
        let counters = self
            .summary()
            .server_counters
            .unwrap_or_else(|| panic!("no built-in server in:\n{}", self.stdout));
        (
            counters.requests,
            counters.injected_errors,
            counters.peak_in_flight,
        )
    }
}

/// A running binary whose stdout is read as it comes, so a test can wait for a moment
/// (the first downloads done) rather than sleep a guessed time.
pub struct Watched {
    spawned: Spawned,
    reader: std::io::BufReader<std::process::ChildStdout>,
    seen: String,
}

impl Watched {
    /// Starts `bin` with `args` in the folder `cwd`.
    pub fn spawn(bin: &str, args: &[&str], cwd: &Path) -> Watched {
        let mut spawned = spawn(bin, args, cwd);
        let stdout = spawned.child.stdout.take().expect("stdout is piped");
        Watched {
            spawned,
            reader: std::io::BufReader::new(stdout),
            seen: String::new(),
        }
    }

    /// Reads stdout until `count` lines have satisfied `pred`; panics if it ends first.
    pub fn wait_for(&mut self, count: usize, pred: impl Fn(&str) -> bool) {
        use std::io::BufRead;
        let mut found = 0;
        while found < count {
            let mut line = String::new();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("stdout is readable");
            assert!(
                read > 0,
                "stdout ended before {count} lines came:\n{}",
                self.seen
            );
            if pred(line.trim_end()) {
                found += 1;
            }
            self.seen.push_str(&line);
        }
    }

    /// The child, to signal it.
    pub fn child(&self) -> &Child {
        self.spawned.child()
    }

    /// Waits for the end and collects everything it printed.
    pub fn finish(mut self) -> Run {
        use std::io::Read;
        let mut rest = String::new();
        let _ = self.reader.read_to_string(&mut rest);
        let mut run = finish(self.spawned);
        run.stdout = format!("{}{rest}{}", self.seen, run.stdout);
        run
    }
}

/// The tests every flags client shares, one line in each client's test file: the fault
/// suite, and Ctrl-C and SIGTERM mid-run; with `bar`, also the progress bar on a terminal.
///
/// `flags_testing::client_tests!(BIN, extra: []);` or
/// `flags_testing::client_tests!(BIN, extra: [], bar);`
#[macro_export]
macro_rules! client_tests {
    ($bin:expr, extra: [$($extra:expr),*]) => {
        /// Every fault of a bad server: a clear line per code, counts that add up,
        /// nothing saved, time and memory bounded.
        #[test]
        fn the_fault_suite() {
            $crate::fault_suite($bin, &[$($extra),*]);
        }

        /// Ctrl-C, and SIGTERM as `kill` or `timeout` send it: the partial report, exit 130.
        #[cfg(unix)]
        #[test]
        fn an_interrupted_run_reports_what_it_did() {
            $crate::assert_stops_cleanly_on($bin, &[$($extra),*], "INT", 3);
            $crate::assert_stops_cleanly_on($bin, &[$($extra),*], "TERM", 3);
        }
    };
    ($bin:expr, extra: [$($extra:expr),*], bar) => {
        $crate::client_tests!($bin, extra: [$($extra),*]);

        /// Through a pseudo-terminal: the bar's last line, a newline, then the report.
        #[cfg(unix)]
        #[test]
        fn on_a_terminal_the_bar_ends_with_a_newline() {
            $crate::assert_bar_ends_its_line($bin);
        }
    };
}
