//! stdout that cannot be written ends a program with a clear status, never a panic's text:
//! a closed pipe (`| head -1`, quitting `less`) quietly, with the status a shell gives a
//! program killed by SIGPIPE (141); any other error (a full disk, `> /dev/full`) with one
//! line on stderr and status 1.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe is an error, and `println!` panics on
//! it. Restoring SIGPIPE's default would end the program at once, as C tools end, but also
//! on a write to a socket its peer closed (hyper writes with `writev`, which has no
//! `MSG_NOSIGNAL`): a client would die of a server hanging up. So the signal stays ignored,
//! and only the panics of `println!` and `eprintln!` are turned into exits: [`exit_quietly`]
//! installs the panic hook, [`failed_print`] reads a panic as a [`Failed`] print.
//!
//! A server's log is the exception: [`say`] drops a line that cannot be written, so that
//! the log never stops the serving; and every line is written by a thread of the log's
//! own, many lines a write, so that a slow reader of the log (a terminal, a pipe) never
//! holds up the tasks that answer the clients. [`flush_log`] writes what is left before
//! the program ends.

use std::sync::{Condvar, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

/// What a panic of `print!`/`println!` (or `eprint!`) means for the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    /// The reader went away: end quietly, status 141.
    ClosedPipe,
    /// stdout failed otherwise (the error's text): one line on stderr, status 1.
    Stdout(String),
    /// stderr failed: nothing can be said; status 1.
    Stderr,
}

/// Reads a panic's message: `None` for a panic that is not a failed print.
pub fn failed_print(message: &str) -> Option<Failed> {
    if let Some(error) = message.strip_prefix("failed printing to stdout: ") {
        return Some(if error.contains("Broken pipe") {
            Failed::ClosedPipe
        } else {
            Failed::Stdout(error.to_string())
        });
    }
    if let Some(error) = message.strip_prefix("failed printing to stderr: ") {
        return Some(if error.contains("Broken pipe") {
            Failed::ClosedPipe
        } else {
            Failed::Stderr
        });
    }
    None
}

/// Installs, for the whole process, a panic hook that turns a failed `println!` (or
/// `eprintln!`) into an exit, as [`Failed`] says; any other panic goes to the default
/// hook. Call it once, first thing in `main`.
pub fn exit_quietly() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        match failed_print(message) {
            Some(Failed::ClosedPipe) => std::process::exit(141),
            Some(Failed::Stdout(error)) => {
                let program = std::env::args()
                    .next()
                    .and_then(|p| {
                        std::path::Path::new(&p)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| "program".into());
                // If stderr fails too, there is no one to tell.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "{program}: cannot write to stdout: {error}"
                );
                std::process::exit(1);
            }
            Some(Failed::Stderr) => std::process::exit(1),
            None => default(info),
        }
    }));
}

/// A server's log line on stdout. A server's clients come before its log: a log whose
/// reader went away (`| head -1`) or whose disk is full never stops the serving, so a
/// failed write is dropped, not a panic and not an exit.
///
/// The line joins the log's queue and `say` returns at once, whatever thread says it: the
/// log's own thread lets lines gather for [`LOG_GATHER`] after the first, then writes them
/// in one write, so that a thousand clients' lines cost a write and a wake-up every few
/// milliseconds, not one per line, and a reader that stops reading stalls only the log.
/// Past [`LOG_QUEUE`] bytes waiting, lines are counted instead of kept, and the log says
/// how many it dropped. A program calls [`flush_log`] before it ends, so that its last
/// lines are written at once.
pub fn say(line: &str) {
    let log = log();
    let mut queue = log.queue.lock().unwrap_or_else(PoisonError::into_inner);
    if queue.waiting.len() + line.len() >= LOG_QUEUE {
        queue.dropped += 1;
        return;
    }
    // The log's thread looks again after each write, and gathers lines for a while once
    // it has one: it needs waking only for a line said to an empty, idle log, and for the
    // line that brings the queue to WRITE_AT_ONCE, which is written without gathering.
    let asleep = queue.waiting.is_empty() && !queue.writing;
    let was_below = queue.waiting.len() < WRITE_AT_ONCE;
    queue.note_dropped();
    queue.waiting += line;
    queue.waiting.push('\n');
    if asleep || (was_below && queue.waiting.len() >= WRITE_AT_ONCE) {
        log.said.notify_one();
    }
}

/// Waits until every line said so far is written (with the count of any dropped), or
/// [`LOG_DRAIN`] has passed with a reader that does not read: what a server's `main` does
/// before the process ends.
pub fn flush_log() {
    let log = log();
    let mut queue = log.queue.lock().unwrap_or_else(PoisonError::into_inner);
    queue.note_dropped();
    // Whether asleep or gathering, the log's thread writes what waits now.
    if !queue.waiting.is_empty() {
        queue.hurry = true;
        log.said.notify_one();
    }
    let (_written, _) = log
        .written
        .wait_timeout_while(queue, LOG_DRAIN, |q| !q.waiting.is_empty() || q.writing)
        .unwrap_or_else(PoisonError::into_inner);
}

/// How many bytes of log may wait for a reader before lines are dropped.
pub const LOG_QUEUE: usize = 1 << 20;

/// How many bytes waiting make the log's thread write without gathering more: half the
/// queue, well before [`say`] would drop lines.
const WRITE_AT_ONCE: usize = LOG_QUEUE / 2;

/// How long [`flush_log`] waits for the log to be written.
pub const LOG_DRAIN: Duration = Duration::from_secs(1);

/// How long the log's thread lets lines gather after the first before it writes them: too
/// short for a person watching the log to see, long enough that a busy server's lines
/// leave by the hundred.
pub const LOG_GATHER: Duration = Duration::from_millis(5);

struct Queue {
    waiting: String,
    dropped: usize,
    /// The log's thread is writing a batch taken from `waiting`.
    writing: bool,
    /// [`flush_log`] waits: write without gathering.
    hurry: bool,
}

impl Queue {
    /// Puts the count of the lines dropped since the last one kept into the log.
    fn note_dropped(&mut self) {
        if self.dropped > 0 {
            let dropped = std::mem::take(&mut self.dropped);
            self.waiting +=
                &format!("({dropped} log lines dropped: the log's reader fell behind)\n");
        }
    }
}

struct Log {
    queue: Mutex<Queue>,
    said: Condvar,
    written: Condvar,
}

/// The log, its thread started by the first line said.
fn log() -> &'static Log {
    static LOG: Log = Log {
        queue: Mutex::new(Queue {
            waiting: String::new(),
            dropped: 0,
            writing: false,
            hurry: false,
        }),
        said: Condvar::new(),
        written: Condvar::new(),
    };
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        std::thread::Builder::new()
            .name("log".into())
            .spawn(|| write_the_log(&LOG))
            .expect("a thread for the log");
    });
    &LOG
}

fn write_the_log(log: &Log) {
    use std::io::Write;
    let mut queue = log.queue.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        queue = log
            .said
            .wait_while(queue, |q| q.waiting.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        // The lines said while it waits here join this write, without waking it.
        let first = Instant::now();
        while !queue.hurry && queue.waiting.len() < WRITE_AT_ONCE {
            let left = LOG_GATHER.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            queue = log
                .said
                .wait_timeout(queue, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        queue.hurry = false;
        let batch = std::mem::take(&mut queue.waiting);
        queue.writing = true;
        drop(queue);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(batch.as_bytes());
        let _ = out.flush();
        drop(out);
        queue = log.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.writing = false;
        log.written.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failed_print() {
        assert_eq!(
            failed_print("failed printing to stdout: Broken pipe (os error 32)"),
            Some(Failed::ClosedPipe)
        );
        assert_eq!(
            failed_print("failed printing to stdout: No space left on device (os error 28)"),
            Some(Failed::Stdout(
                "No space left on device (os error 28)".into()
            ))
        );
        assert_eq!(
            failed_print("failed printing to stderr: No space left on device (os error 28)"),
            Some(Failed::Stderr)
        );
        assert_eq!(failed_print("index out of bounds"), None);
    }
}
