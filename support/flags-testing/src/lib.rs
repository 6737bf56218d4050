//! Test support for the lessons' integration tests: run a flags binary as a user does,
//! read what it printed, its typed JSON summary (the counts the tests check), and signal it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use flags_common::Summary;

pub mod faults;
pub use faults::fault_suite;

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

/// Runs `bin args` in a pseudo-terminal, as on a real screen (util-linux's `script`), and
/// returns every byte the terminal received, stdout and stderr mixed as a person sees them.
#[cfg(unix)]
pub fn through_a_terminal(bin: &str, args: &[&str], cwd: &Path) -> Vec<u8> {
    let command = std::iter::once(bin)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("cannot run script (util-linux): {err}"));
    output.stdout
}

/// On a terminal, the progress bar ends with a newline: the report's first line is on a
/// line of its own (tqdm's behaviour), not on the finished bar's.
#[cfg(unix)]
pub fn assert_bar_ends_its_line(bin: &str) {
    let dir = tmp();
    let screen = through_a_terminal(bin, &["-s", "LOCAL", "-l", "20"], dir.path());
    let text = String::from_utf8_lossy(&screen);
    let rule = text
        .find("--------------------")
        .unwrap_or_else(|| panic!("no report in {text:?}"));
    let before = &text[..rule];
    let last_line = before
        .trim_end_matches('\n')
        .trim_end_matches('\r')
        .rsplit(['\n', '\r'])
        .next()
        .unwrap_or_default();
    assert!(
        before.ends_with('\n'),
        "the rule shares a line: {:?}",
        &before[before.len().saturating_sub(80)..]
    );
    assert!(
        last_line.contains("20/20"),
        "the finished bar comes just before: {last_line:?}"
    );
}

/// Sends SIGINT, what Ctrl-C sends, to a running child.
#[cfg(unix)]
pub fn interrupt(child: &Child) {
    signal(child, "INT");
}

/// Sends a signal (`INT`, `TERM`, `HUP`) to a running child.
#[cfg(unix)]
pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap_or_else(|err| panic!("cannot run kill: {err}"));
    assert!(status.success(), "kill -{name} failed");
}

/// Runs `bin -v -e -m 2 --delay 0.05` (and `extra`) against a slow built-in server, sends `signal` once `lines` verbose
/// lines have come, and checks what every flags client must do then: exit 130, the
/// report's interruption line, counts that add up to the codes asked for (from the
/// summary), and nothing in the destination but whole flags.
#[cfg(unix)]
pub fn assert_stops_cleanly_on(bin: &str, extra: &[&str], signal_name: &str, lines: usize) -> Run {
    let dir = tmp();
    let mut args = vec!["-v", "-e", "-m", "2", "--delay", "0.05"];
    args.extend(extra);
    let mut child = Watched::spawn(bin, &args, dir.path());
    child.wait_for(lines, |l| l.contains(" OK") || l.contains(" not found"));
    signal(child.child(), signal_name);
    let run = child.finish();
    assert_eq!(run.code, Some(130), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("interrupted by Ctrl-C."),
        "no interruption line in:\n{}",
        run.stdout
    );
    let counts = &run.summary().counts;
    assert!(run.summary().interrupted);
    assert_eq!(counts.total(), 676, "{counts:?}");
    assert!(counts.ok + counts.not_found >= lines.min(1), "{counts:?}");
    let saved = std::fs::read_dir(dir.path().join("downloaded"))
        .map(|entries| entries.filter_map(Result::ok).count())
        .unwrap_or(0);
    assert_eq!(saved, counts.ok, "only whole flags, one per download");
    run
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

/// The folder the browser tests run their Node.js scripts in (`target/browser-test`, with
/// playwright-core in its `node_modules`), when Node.js, Chromium (`$CHROMIUM` or
/// `/usr/bin/chromium`) and playwright-core are all there. Without them the test is
/// skipped, and says so, except in CI (`CI` set), where it fails: `.ci/run` installs all
/// three.
pub fn browser_test_folder() -> Option<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-test");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = folder.join("node_modules/playwright-core").is_dir()
        && Path::new(&chromium).exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install node, chromium and playwright-core"
        );
        eprintln!("skipped: no node, chromium or playwright-core (see .ci/run)");
        return None;
    }
    Some(folder)
}
