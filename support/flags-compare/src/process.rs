//! One program run as a process of its own, with what it printed and what it cost: its CPU
//! time, read by `wait4(2)` as it is reaped (the figure `time -v` prints), and its peak
//! memory. On Linux a reaped child's peak counts the memory its parent had when the child
//! started (the kernel keeps the larger of the two across `exec`), so there the peak is
//! the child's own high-water mark (`VmHWM` in `/proc/PID/status`), read every 10 ms while
//! it runs; elsewhere, `wait4`'s.

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use flags_common::CancellationToken;
use wait4::Wait4;

/// What a program said of its run: ours print it as JSON in `--child` mode, the scripts
/// print the book's report ([`crate::python::parse_report`] reads it).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Said {
    pub concurrency: usize,
    /// What it downloaded, found missing and failed, in the JSON side by side with the rest.
    #[serde(flatten)]
    pub counts: crate::Counts,
    /// Its own elapsed time, in seconds.
    pub elapsed: f64,
}

#[derive(Debug)]
pub struct Finished {
    /// Its exit code, or the signal that ended it (shown as `exit status: 1`).
    pub status: ExitStatus,
    /// The end of what it printed on stdout (at most [`KEPT`] bytes).
    pub stdout: String,
    /// The end of what it printed on stderr (at most [`KEPT`] bytes).
    pub stderr: String,
    /// User and system CPU seconds.
    pub cpu_seconds: f64,
    /// Peak resident memory, in MB.
    pub peak_memory_mb: f64,
    /// Why it was killed before it ended, if it was.
    pub cut: Option<Cut>,
}

/// Why a process was killed, with every process it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// It ran past its deadline.
    Deadline(Duration),
    /// The stop token was cancelled (Ctrl-C, SIGTERM or SIGHUP to flags-compare).
    Stopped,
}

/// How much of each stream a run keeps: its end, where the book's report and a failing
/// script's last lines are. A script that prints more costs no more memory.
pub const KEPT: usize = 256 * 1024;

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

/// Runs `command` to its end, with no input, keeping the end of its output; kills it, and
/// every process it started, at `deadline` or when `stop` is cancelled.
pub fn run(
    mut command: Command,
    deadline: Duration,
    stop: &CancellationToken,
) -> io::Result<Finished> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A group of its own, so that its children (a script's pool of processes) go with it;
    // a terminal's Ctrl-C then reaches flags-compare alone, which passes it on below.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn()?;
    // Both pipes are drained at once: a child that fills one while we read the other
    // would wait for ever.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let (ended, watched) = mpsc::channel::<()>();
    let watchdog = {
        let (stop, pid) = (stop.clone(), child.id());
        thread::spawn(move || {
            let start = Instant::now();
            let mut peak = None;
            loop {
                peak = peak.max(own_peak_memory(pid));
                // Woken each 10 ms to look at the stop token, or at once when it ends.
                match watched.recv_timeout(Duration::from_millis(10)) {
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => return (None, peak),
                }
                let cut = if stop.is_cancelled() {
                    Cut::Stopped
                } else if start.elapsed() >= deadline {
                    Cut::Deadline(deadline)
                } else {
                    continue;
                };
                kill_tree(pid);
                return (Some(cut), peak);
            }
        })
    };
    let used = child.wait4();
    drop(ended);
    let (cut, own_peak) = watchdog.join().unwrap_or((None, None));
    let used = used?;
    let joined = |handle: thread::JoinHandle<String>| handle.join().unwrap_or_default();
    Ok(Finished {
        status: used.status,
        stdout: joined(stdout),
        stderr: joined(stderr),
        cpu_seconds: (used.rusage.utime + used.rusage.stime).as_secs_f64(),
        peak_memory_mb: own_peak.unwrap_or(used.rusage.maxrss) as f64 / 1e6,
        cut,
    })
}

/// The peak resident memory of process `pid` so far, in bytes, from its
/// `/proc/PID/status` (Linux's `VmHWM`); `None` elsewhere, or once it has ended.
fn own_peak_memory(pid: u32) -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kb * 1024)
}

/// Kills process `pid` and every process it started: its process group on Unix (it leads
/// one, see [`run`]); on Windows its tree, as `taskkill /T` finds it.
fn kill_tree(pid: u32) {
    #[cfg(unix)]
    if let Some(group) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    #[cfg(windows)]
    let _ = Command::new("taskkill")
        .args(["/F", "/T", "/PID", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Reads `pipe` to its end on a thread of its own, keeping its last [`KEPT`] bytes.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut pipe) = pipe {
            let mut chunk = vec![0; 64 * 1024];
            while let Ok(n @ 1..) = pipe.read(&mut chunk) {
                text.extend_from_slice(&chunk[..n]);
                if text.len() > 2 * KEPT {
                    text.drain(..text.len() - KEPT);
                }
            }
            if text.len() > KEPT {
                text.drain(..text.len() - KEPT);
            }
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
        let finished = run(command, Duration::from_secs(60), &CancellationToken::new())
            .expect("the shell runs");
        assert_eq!(finished.cut, None);
        assert_eq!(finished.status.code(), Some(3));
        assert_eq!(finished.last_lines(5), ["one", "two"]);
        assert_eq!(finished.last_lines(1), ["two"]);
        assert!(finished.cpu_seconds > 0.0, "a busy loop uses CPU");
        // Wine reports no memory for a process that has ended; Windows itself does.
        if cfg!(windows) && finished.peak_memory_mb == 0.0 {
            eprintln!("skipped: the shell's peak memory (none reported, as under Wine)");
            return;
        }
        assert!(
            finished.peak_memory_mb > 0.1 && finished.peak_memory_mb < 1000.0,
            "a shell's memory: {} MB",
            finished.peak_memory_mb
        );
    }

    /// A shell line, in this system's shell.
    #[cfg(unix)]
    fn shell(line: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", line]);
        command
    }

    #[cfg(unix)]
    #[test]
    fn past_its_deadline_a_process_and_its_children_are_killed() {
        // A child that starts a grandchild holding the pipes, then both sleep: without the
        // group kill, the read of the pipes would wait for the grandchild's 30 s.
        let t0 = Instant::now();
        let finished = run(
            shell("sleep 30 & echo started; sleep 30"),
            Duration::from_millis(300),
            &CancellationToken::new(),
        )
        .expect("the shell runs");
        assert_eq!(
            finished.cut,
            Some(Cut::Deadline(Duration::from_millis(300)))
        );
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
        assert_eq!(finished.last_lines(1), ["started"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_stop_kills_the_process_at_once() {
        let stop = CancellationToken::new();
        let cancel = stop.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(200));
            cancel.cancel();
        });
        let t0 = Instant::now();
        let finished =
            run(shell("sleep 30"), Duration::from_secs(60), &stop).expect("the shell runs");
        assert_eq!(finished.cut, Some(Cut::Stopped));
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    }

    #[cfg(unix)]
    #[test]
    fn only_the_end_of_a_long_output_is_kept() {
        // 2 MB of lines, then the report's last line.
        let finished = run(
            shell("head -c 2000000 /dev/zero | tr '\\0' 'x' | fold -w 100; echo; echo the end"),
            Duration::from_secs(60),
            &CancellationToken::new(),
        )
        .expect("the shell runs");
        assert!(finished.stdout.len() <= KEPT, "{}", finished.stdout.len());
        assert_eq!(finished.last_lines(1), ["the end"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_childs_peak_memory_is_its_own_not_its_parents() {
        // This process holds 300 MB when the child starts; the child, a shell, far less.
        let ballast = vec![1u8; 300_000_000];
        let touched: u64 = ballast.iter().step_by(4096).map(|&b| u64::from(b)).sum();
        let finished = run(
            shell("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"),
            Duration::from_secs(60),
            &CancellationToken::new(),
        )
        .expect("the shell runs");
        assert!(touched > 0);
        assert!(
            finished.peak_memory_mb < 100.0,
            "a shell's memory: {} MB",
            finished.peak_memory_mb
        );
        drop(ballast);
    }
}
