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
//! the log never stops the serving.

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
pub fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
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
