//! The spinners' terminal handling, shared by the spinner programs of spinner-thread,
//! spinner-async, primes and futures-inside: the cursor, hidden while a spinner runs
//! ([`HiddenCursor`]) and shown again on every way out ([`show_cursor_on_signals`]); and
//! the spinner's line, blanked when a cancelled task is dropped ([`BlankLine`]). Nothing
//! here is about threads or coroutines, so the lessons only call it.
//!
//! A signal (Ctrl-C's SIGINT, SIGTERM from `timeout` or `kill`, SIGHUP when the terminal
//! window closes; on Windows, Ctrl-C, Ctrl-Break and the console window closing, which the
//! ctrlc crate catches alike) ends the process without running destructors, so
//! [`show_cursor_on_signals`] installs a handler that shows the cursor first
//! ([`HiddenCursor::hide`] installs it, once a process). A panic unwinds, so
//! [`HiddenCursor`]'s `Drop` runs and shows it.

use std::io::Write as _;

/// Hides the terminal cursor while the spinner runs (only when stdout is a terminal), and
/// shows it again when dropped: at the end of `main`, or while a panic unwinds.
#[derive(Debug)]
pub struct HiddenCursor(Option<console::Term>);

impl HiddenCursor {
    /// Hides the cursor, if stdout is a terminal, until the value is dropped; and, the
    /// first time, installs [`show_cursor_on_signals`].
    pub fn hide() -> HiddenCursor {
        static HANDLER: std::sync::Once = std::sync::Once::new();
        HANDLER.call_once(|| {
            let _ = show_cursor_on_signals();
        });
        let term = console::Term::stdout();
        if !term.is_term() {
            return HiddenCursor(None);
        }
        let _ = term.hide_cursor();
        HiddenCursor(Some(term))
    }
}

impl Drop for HiddenCursor {
    fn drop(&mut self) {
        if let Some(term) = &self.0 {
            let _ = term.show_cursor();
        }
    }
}

/// Installs, for the whole process, a handler of SIGINT, SIGTERM and SIGHUP that shows the
/// cursor and exits with status 130 (the shell's code for Ctrl-C). It runs on a thread of
/// its own, so it works even while the program's own threads are blocked (spinner-async's
/// `spinner_async_experiment` and `spinner_prime_async_broken`, whose one runtime thread
/// could not notice a signal). A process has one handler: a second call returns an error
/// and changes nothing.
pub fn show_cursor_on_signals() -> Result<(), ctrlc::Error> {
    ctrlc::set_handler(|| {
        if console::Term::stdout().is_term() {
            let _ = console::Term::stdout().show_cursor();
        }
        std::process::exit(130);
    })
}

/// Blanks a spinner's line when dropped: the book's `print(f'\r{blanks}\r', end='')` after
/// its loop. A cancelled task runs no more of its own code, only its destructors, so the
/// async spinners blank their line from a `Drop` where Python catches `CancelledError`.
#[derive(Debug)]
pub struct BlankLine(usize);

impl BlankLine {
    /// A guard for the frames `\r<char> msg`: as many spaces as a frame has characters, the
    /// book's `' ' * len(status)`.
    pub fn after(msg: &str) -> BlankLine {
        BlankLine(format!("\r- {msg}").len())
    }
}

impl Drop for BlankLine {
    fn drop(&mut self) {
        print!("\r{}\r", " ".repeat(self.0));
        // No newline, and stdout is line-buffered: flushed, the line is blank at once.
        let _ = std::io::stdout().flush();
    }
}
