//! The book's Python scripts in class mode: which are in the folder, how to run one, and
//! how to read its report. Whether Python and the packages they import are there is
//! [`crate::setup`]'s.
//!
//! A script is run as a class would run it, `python3 flags2_threadpool.py -s DELAY -m 20
//! ...`, in a scratch folder of its own (it saves into `downloaded/` and `-a` reads
//! `country_codes.txt` from the folder it runs in). Its figures come from what it prints:
//! `20 concurrent connections will be used.`, the counts, `Elapsed time: 0.54s`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Counts;
use crate::process::Said;
use crate::{PROGRAMS, Program};

/// A script of the book's flags2 set and our program that does the same.
#[derive(Debug, Clone, Copy)]
pub struct Script {
    /// Its file name: `flags2_threadpool.py`.
    pub file: &'static str,
    /// The row of ours beside it, whose default `-m` it gets when none is given (the
    /// book's defaults and ours are the same): `flags-threads`.
    pub ours: &'static str,
}

impl Script {
    /// Our program beside it.
    pub fn twin(&self) -> &'static Program {
        PROGRAMS
            .iter()
            .find(|p| p.name == self.ours)
            .expect("every script's twin is in PROGRAMS (tested)")
    }
}

/// The scripts class mode runs, in the order of the table (each beside its Rust twin).
pub const SCRIPTS: [Script; 4] = [
    Script {
        file: "flags2_sequential.py",
        ours: "flags-seq",
    },
    Script {
        file: "flags2_threadpool.py",
        ours: "flags-threads",
    },
    Script {
        file: "flags2_asyncio.py",
        ours: "flags-bounded",
    },
    Script {
        file: "flags3_asyncio.py",
        ours: "callbacks-vs-async async",
    },
];

/// The scripts of [`SCRIPTS`] found in `dir`, with their paths.
pub fn found_in(dir: &Path) -> Vec<(Script, PathBuf)> {
    SCRIPTS
        .iter()
        .map(|s| (*s, dir.join(s.file)))
        .filter(|(_, path)| path.is_file())
        .collect()
}

/// Reads the flags2 report from a script's output; `None` when it has no final report.
///
/// ```
/// let out = "DELAY site: http://localhost:8001/flags\nSearching for 78 flags: from AA to CZ\n\
///            20 concurrent connections will be used.\n--------------------\n\
///            \x2043 flags downloaded.\n 35 not found.\nElapsed time: 2.02s\n";
/// let report = flags_compare::python::parse_report(out).expect("a report");
/// assert_eq!((report.concurrency, report.counts.ok, report.counts.not_found, report.counts.errors), (20, 43, 35, 0));
/// assert_eq!(report.elapsed, 2.02);
/// ```
pub fn parse_report(stdout: &str) -> Option<Said> {
    let mut report = Said {
        concurrency: 0,
        counts: Counts {
            ok: 0,
            not_found: 0,
            errors: 0,
        },
        elapsed: f64::NAN,
    };
    let count = |line: &str| line.split_whitespace().next()?.parse::<usize>().ok();
    for line in stdout.lines().map(str::trim) {
        if line == "1 connection will be used." {
            report.concurrency = 1;
        } else if line.ends_with("concurrent connections will be used.") {
            report.concurrency = count(line)?;
        } else if line.ends_with(" downloaded.") {
            report.counts.ok = count(line)?;
        } else if line.ends_with(" not found.") && !line.contains(':') {
            report.counts.not_found = count(line)?;
        } else if line.ends_with(" error.") || line.ends_with(" errors.") {
            report.counts.errors = count(line)?;
        } else if let Some(seconds) = line.strip_prefix("Elapsed time: ") {
            report.elapsed = seconds.strip_suffix('s')?.parse().ok()?;
        }
    }
    (report.concurrency > 0 && report.elapsed.is_finite()).then_some(report)
}

/// How to run one script: the interpreter, the script, the flags2 arguments, the folder
/// to run in, and the server's URL for scripts that read `FLAGS_COMPARE_URL` (the
/// stand-ins; the book's scripts use `-s DELAY`'s http://localhost:8001/flags).
pub fn command(
    interpreter: &Path,
    script: &Path,
    args: &[String],
    folder: &Path,
    url: &str,
) -> Command {
    let mut command = Command::new(interpreter);
    command
        // Unbuffered, so a script that dies still shows its last lines.
        .arg("-u")
        .arg(script)
        .args(args)
        .current_dir(folder)
        .env("FLAGS_COMPARE_URL", url)
        // tqdm draws its bar for a terminal; here nobody sees it.
        .env("TQDM_DISABLE", "1");
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_has_its_twin_among_our_programs() {
        for script in SCRIPTS {
            assert_eq!(script.twin().name, script.ours);
        }
    }

    #[test]
    fn a_report_without_its_end_is_no_report() {
        assert_eq!(
            parse_report("DELAY site: x\n5 concurrent connections will be used.\n"),
            None
        );
        assert_eq!(parse_report(""), None);
    }

    #[test]
    fn singular_lines_are_read() {
        let report = parse_report(
            "1 connection will be used.\n--------------------\n  1 flag downloaded.\n  1 error.\nElapsed time: 0.50s\n",
        )
        .expect("a report");
        assert_eq!(
            (report.concurrency, report.counts.ok, report.counts.errors),
            (1, 1, 1)
        );
    }

    #[test]
    fn verbose_not_found_lines_are_not_counts() {
        let report = parse_report(
            "3 concurrent connections will be used.\nXX not found: http://localhost:8001/flags/xx/xx.gif\n\
             --------------------\n  0 flags downloaded.\n  1 not found.\nElapsed time: 0.50s\n",
        )
        .expect("a report");
        assert_eq!(report.counts.not_found, 1);
    }
}
