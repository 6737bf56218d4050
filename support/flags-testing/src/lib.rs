//! Helpers for the integration tests of the flags binaries: run one, read its reports.

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// What a finished run of a binary printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
    /// The exit status (`None` when killed by a signal).
    pub code: Option<i32>,
}

/// Runs `bin` with `args` in the folder `cwd` and waits for it to end.
pub fn run(bin: &str, args: &[&str], cwd: &Path) -> Run {
    finish(spawn(bin, args, cwd))
}

/// Starts `bin` with `args` in the folder `cwd`, its output captured, without waiting.
pub fn spawn(bin: &str, args: &[&str], cwd: &Path) -> Child {
    Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {bin}: {err}"))
}

/// Waits for a spawned binary to end and collects what it printed.
pub fn finish(child: Child) -> Run {
    let output = child
        .wait_with_output()
        .unwrap_or_else(|err| panic!("cannot wait for the child: {err}"));
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

/// Sends SIGINT, what Ctrl-C sends, to a running child.
#[cfg(unix)]
pub fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap_or_else(|err| panic!("cannot run kill: {err}"));
    assert!(status.success(), "kill -INT failed");
}

impl Run {
    /// The number on the final report's line that ends with `suffix` (e.g. `not found.`),
    /// or 0 when the line is absent (the book prints no zero counts but the first).
    pub fn count(&self, suffix: &str) -> usize {
        self.stdout
            .lines()
            .filter_map(|line| line.strip_suffix(suffix))
            .filter_map(|rest| rest.trim().parse().ok())
            .next_back()
            .unwrap_or(0)
    }

    /// (downloaded, not found, errors), from the final report.
    pub fn counts(&self) -> (usize, usize, usize) {
        let ok = self.count(" flags downloaded.") + self.count(" flag downloaded.");
        let errors = self.count(" errors.") + self.count(" error.");
        (ok, self.count(" not found."), errors)
    }

    /// (requests served, errors injected, peak in flight), from the built-in server's line:
    /// `Server: 20 requests served, 0 errors injected, peak 20 in flight.`
    pub fn server_counters(&self) -> (u64, u64, u64) {
        let line = self
            .stdout
            .lines()
            .find(|l| l.starts_with("Server: "))
            .unwrap_or_else(|| panic!("no server line in:\n{}", self.stdout));
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        match numbers[..] {
            [requests, injected, peak] => (requests, injected, peak),
            _ => panic!("unexpected server line: {line}"),
        }
    }
}

/// A running binary whose stdout is read as it comes, so a test can wait for a moment
/// (the first downloads done) rather than sleep a guessed time.
pub struct Watched {
    child: Child,
    reader: std::io::BufReader<std::process::ChildStdout>,
    seen: String,
}

impl Watched {
    /// Starts `bin` with `args` in the folder `cwd`.
    pub fn spawn(bin: &str, args: &[&str], cwd: &Path) -> Watched {
        let mut child = spawn(bin, args, cwd);
        let stdout = child.stdout.take().expect("stdout is piped");
        Watched {
            child,
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
        &self.child
    }

    /// Waits for the end and collects everything it printed.
    pub fn finish(mut self) -> Run {
        use std::io::Read;
        let mut rest = String::new();
        let _ = self.reader.read_to_string(&mut rest);
        let mut run = finish(self.child);
        run.stdout = format!("{}{rest}{}", self.seen, run.stdout);
        run
    }
}
