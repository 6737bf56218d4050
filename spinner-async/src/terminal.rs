//! The spinner's terminal work, shared by every program of the crate: a frame drawn in
//! place, and the line blanked at the end. The book does each with one `print`; Rust must
//! flush by hand (a frame has no newline) and blank the line from a `Drop`, the only code
//! that runs when a task is cancelled.

use std::io::Write;
use std::time::Duration;

/// The time between two frames.
pub const FRAME: Duration = Duration::from_millis(100);
const CHARS: &str = r"\|/-";

/// The frames drawn by `spin`, cycling `\ | / -`: the book's `itertools.cycle(r'\|/-')`.
pub fn frames() -> impl Iterator<Item = char> {
    CHARS.chars().cycle()
}

/// One frame: `\r| thinking!`, the `\r` taking the cursor back to the start of the line.
pub fn status(char: char, msg: &str) -> String {
    format!("\r{char} {msg}")
}

/// Prints one frame, at once (stdout is line-buffered, and a frame has no newline).
pub fn show_frame(char: char, msg: &str) {
    print!("{}", status(char, msg));
    let _ = std::io::stdout().flush();
}

/// Overwrites the frame with spaces, `len(status)` of them as in the book.
pub fn blank_line(len: usize) {
    print!("\r{}\r", " ".repeat(len));
    let _ = std::io::stdout().flush();
}

/// Blanks the spinner's line when dropped: the `finally` of a task that is cancelled.
pub struct BlankLine(usize);

impl BlankLine {
    /// A guard for the frames of `msg`.
    pub fn after(msg: &str) -> BlankLine {
        BlankLine(status('-', msg).len())
    }
}

impl Drop for BlankLine {
    fn drop(&mut self) {
        blank_line(self.0);
    }
}
