//! How a run shows its progress: a line per flag (`-v`), the codes on one line (the book's
//! `flags.py`), a progress bar (the book's tqdm), or nothing (`--json`). The mode is fixed
//! when the display is made.

use std::io::Write as _;
use std::sync::Arc;

use console::Term;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use parking_lot::Mutex;

use crate::Outcome;

/// How a program shows its progress when not verbose: its choice, made in its `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A progress bar on stderr, as the flags2 scripts' tqdm (drawn only on a terminal).
    Bar,
    /// The code of each saved flag on one line, as the book's `flags.py` `show`.
    Codes,
}

/// What a display prints for each flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One line per flag: `BR OK`, `XX not found: <url>`, `BR error: ...`.
    Verbose,
    /// The program's [`Progress`] display.
    Progress(Progress),
    /// Nothing at all (`--json`, or a run inside flags-compare).
    Quiet,
}

/// Shows how each download ended, in one mode for the whole run. Cheap to clone: clones
/// share the bar and the open line, so tasks and threads can each hold one.
///
/// ```
/// use flags_common::{Display, Mode, Outcome};
///
/// let display = Display::new(Mode::Verbose, 2);
/// display.show("BR", &Outcome::Ok); // prints `BR OK`
/// display.finish();
/// ```
#[derive(Debug, Clone)]
pub struct Display {
    mode: Mode,
    /// Hidden unless the mode is a bar and stderr a terminal.
    bar: ProgressBar,
    /// True while a code line (`BD BR CD `) is open on stdout.
    line_open: Arc<Mutex<bool>>,
}

impl Display {
    /// A display for `total` flags.
    pub fn new(mode: Mode, total: usize) -> Display {
        let bar = if mode == Mode::Progress(Progress::Bar) {
            let style =
                ProgressStyle::with_template("{percent:>3}%|{bar:40}| {pos}/{len} [{elapsed}]")
                    .expect("the template is valid");
            ProgressBar::with_draw_target(Some(total as u64), bar_target()).with_style(style)
        } else {
            ProgressBar::hidden()
        };
        Display {
            mode,
            bar,
            line_open: Arc::default(),
        }
    }

    /// Shows how one download ended. Verbose: `BR OK`, `XX not found: <url>`,
    /// `BR error: HTTP error 418 - I'm a Teapot`. Codes: the code of each saved flag on
    /// one line, errors on lines of their own. Bar: one step.
    pub fn show(&self, cc: &str, outcome: &Outcome) {
        let line = match outcome {
            Outcome::Ok => format!("{cc} OK"),
            Outcome::NotFound(url) => format!("{cc} not found: {url}"),
            Outcome::Error(err) => format!("{cc} error: {}", err.chain()),
        };
        self.show_as(cc, outcome, &line);
    }

    /// Like [`Display::show`], with the verbose line given (callbacks-vs-async says which
    /// stage failed).
    pub fn show_as(&self, cc: &str, outcome: &Outcome, verbose_line: &str) {
        let mut out = std::io::stdout().lock();
        match self.mode {
            Mode::Quiet => {}
            Mode::Verbose => {
                let _ = writeln!(out, "{verbose_line}");
            }
            Mode::Progress(Progress::Bar) => self.bar.inc(1),
            Mode::Progress(Progress::Codes) => {
                let mut line_open = self.line_open.lock();
                let _ = match outcome {
                    Outcome::Ok => {
                        *line_open = true;
                        write!(out, "{cc} ")
                    }
                    Outcome::NotFound(_) => Ok(()),
                    Outcome::Error(err) => {
                        let newline = if std::mem::take(&mut *line_open) {
                            "\n"
                        } else {
                            ""
                        };
                        writeln!(out, "{newline}{cc} error: {}", err.short())
                    }
                };
            }
        }
        let _ = out.flush();
    }

    /// Ends the display so that the final report starts on a line of its own: the code
    /// line is closed, the bar is left as it stands and the cursor moved past it (tqdm ends
    /// its bar with a newline; indicatif leaves the cursor at the bar's end).
    pub fn finish(&self) {
        if !self.bar.is_hidden() {
            self.bar.abandon();
            eprintln!();
        }
        let mut line_open = self.line_open.lock();
        if std::mem::take(&mut *line_open) {
            println!();
        }
    }
}

/// Where the progress bars draw: stderr when it is a terminal (nowhere otherwise), two
/// columns short of the terminal's width.
///
/// Why short: indicatif pads its line with spaces to the last column, so that the cursor
/// waits there. Ctrl-C makes the terminal echo `^C`, which would then wrap to a new line,
/// and the bar's last drawing (or its clearing) would happen on that new line: the bar
/// would stay on screen twice. Two columns leave room for the `^C` on the bar's own line,
/// which the last drawing then covers.
pub fn bar_target() -> ProgressDrawTarget {
    let term = Term::buffered_stderr();
    if term.is_term() {
        ProgressDrawTarget::term_like_with_hz(Box::new(RoomForCtrlC(term)), 20)
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A terminal two columns narrower than it is.
#[derive(Debug)]
struct RoomForCtrlC(Term);

impl TermLike for RoomForCtrlC {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }

    fn height(&self) -> u16 {
        self.0.size().0
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }

    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}
