//! What every program of the workspace does before its lesson starts, so that a `main`
//! holds only the book's `main`: stdout that may close under it ([`start`]), and the
//! command line ([`args`], [`parse`]; the spinners' `--seconds`, [`Seconds`], checked by
//! [`seconds`]; and [`probability`], for the flags programs' rates).
//!
//! Python needs neither: a script killed by a closed pipe prints a traceback nobody minds,
//! and the book's scripts read `sys.argv` by hand.

use clap::Parser;

/// Makes a closed stdout (`| head -1`, quitting `less`) end the program quietly (status
/// 141, as a shell reports SIGPIPE) instead of with a panic at the next print
/// (closed-stdout), then parses the command line: `--help`, `--version`, or a usage error
/// with exit status 2, as clap does ([`parse`]). Call it first thing in `main`.
pub fn args<A: Parser>() -> A {
    start();
    parse()
}

/// Parses the command line as clap's `A::parse()` does, the usage line naming the program
/// as its file is named less the extension: `Usage: charindex` on every system, where
/// clap alone says `charindex.exe` on Windows. The servers call it alone: a closed log
/// must not stop them.
pub fn parse<A: Parser>() -> A {
    let mut command = A::command();
    let started_as = std::env::args_os().next();
    if let Some(stem) = started_as
        .as_deref()
        .map(std::path::Path::new)
        .and_then(|p| p.file_stem())
    {
        command = command.bin_name(stem.to_string_lossy().into_owned());
    }
    let matches = command.get_matches_mut();
    A::from_arg_matches(&matches).unwrap_or_else(|err| err.format(&mut command).exit())
}

/// [`args`] without the parsing, for a program that reads no arguments or parses them
/// another way: only the closed-stdout handling.
pub fn start() {
    closed_stdout::exit_quietly();
}

/// A number of seconds from 0 to 3600, for clap's `value_parser`: how long a `slow()`
/// takes, in the spinner lessons.
///
/// ```
/// assert_eq!(program::seconds("0.5"), Ok(0.5));
/// assert!(program::seconds("-1").is_err());
/// assert!(program::seconds("soon").is_err());
/// ```
pub fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=3600.0).contains(&x) => Ok(x),
        _ => Err("must be a number of seconds from 0 to 3600".into()),
    }
}

/// A probability from 0 to 1, for clap's `value_parser`: the flags server's and the flags
/// programs' error and busy rates.
///
/// ```
/// assert_eq!(program::probability("0.25"), Ok(0.25));
/// assert!(program::probability("1.5").is_err());
/// ```
pub fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err("must be a number from 0 to 1".into()),
    }
}

// The spinner programs' one option. Used alone, it is their whole command line (its doc
// line below is then their `--help` summary); flattened (`#[command(flatten)]`) into a
// program's own arguments, that program's summary replaces it.
/// How long `slow()` takes: the book's 3 s, or `--seconds`.
#[derive(Debug, Clone, Copy, Parser)]
pub struct Seconds {
    /// How long the slow work (`slow()`, or the prime checks) takes, in seconds (0 to 3600).
    #[arg(long, default_value_t = 3.0, value_parser = crate::seconds)]
    pub seconds: f64,
}
