//! One program run as a process of its own, with what it printed and what it cost: its CPU
//! time and peak memory, read by `wait4(2)` as it is reaped (the figures `time -v` prints).

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;

use wait4::Wait4;

/// What a program said of its run: ours print it as JSON in `--child` mode, the scripts
/// print the book's report ([`crate::python::parse_report`] reads it).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Said {
    /// The concurrency it used.
    pub concurrency: usize,
    /// What it downloaded, found missing and failed, in the JSON side by side with the rest.
    #[serde(flatten)]
    pub counts: crate::Counts,
    /// Its own elapsed time, in seconds.
    pub elapsed: f64,
}

/// A finished process.
#[derive(Debug)]
pub struct Finished {
    /// Its exit code, or the signal that ended it (shown as `exit status: 1`).
    pub status: ExitStatus,
    /// All it printed on stdout.
    pub stdout: String,
    /// All it printed on stderr.
    pub stderr: String,
    /// User and system CPU seconds.
    pub cpu_seconds: f64,
    /// Peak resident memory, in MB.
    pub peak_memory_mb: f64,
}

impl Finished {
    /// The last `n` lines it printed, stdout's then stderr's: what a failing row shows.
    pub fn last_lines(&self, n: usize) -> Vec<String> {
        let lines: Vec<&str> = self
            .stdout
            .lines()
            .chain(self.stderr.lines())
            // A progress bar redraws itself with carriage returns: keep its last drawing.
            .map(|line| line.rsplit('\r').next().unwrap_or(line))
            .filter(|line| !line.trim().is_empty())
            .collect();
        let skip = lines.len().saturating_sub(n);
        lines[skip..].iter().map(|l| l.to_string()).collect()
    }
}

/// Runs `command` to its end, with no input, collecting its output.
pub fn run(mut command: Command) -> io::Result<Finished> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn()?;
    // Both pipes are drained at once: a child that fills one while we read the other
    // would wait for ever.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let used = child.wait4()?;
    let joined = |handle: thread::JoinHandle<String>| handle.join().unwrap_or_default();
    Ok(Finished {
        status: used.status,
        stdout: joined(stdout),
        stderr: joined(stderr),
        cpu_seconds: (used.rusage.utime + used.rusage.stime).as_secs_f64(),
        peak_memory_mb: used.rusage.maxrss as f64 / 1e6,
    })
}

/// Reads `pipe` to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_is_measured_and_its_output_kept() {
        // Two lines, one on each stream, a busy loop, and status 3, in each system's shell.
        #[cfg(unix)]
        let mut command = Command::new("sh");
        #[cfg(unix)]
        command.args([
            "-c",
            "echo one; echo two >&2; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 3",
        ]);
        #[cfg(windows)]
        let mut command = Command::new("cmd");
        #[cfg(windows)]
        command.args([
            "/C",
            "echo one& echo two>&2& for /L %i in (1,1,20000) do @rem& exit 3",
        ]);
        let finished = run(command).expect("the shell runs");
        assert_eq!(finished.status.code(), Some(3));
        assert_eq!(finished.last_lines(5), ["one", "two"]);
        assert_eq!(finished.last_lines(1), ["two"]);
        assert!(finished.cpu_seconds > 0.0, "a busy loop uses CPU");
        assert!(
            finished.peak_memory_mb > 0.1 && finished.peak_memory_mb < 1000.0,
            "a shell's memory: {} MB",
            finished.peak_memory_mb
        );
    }
}
