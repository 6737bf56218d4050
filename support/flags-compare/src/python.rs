//! The book's Python scripts in class mode: which are in the folder, whether Python and
//! the packages they import are there, how to run one, and how to read its report.
//!
//! A script is run as a class would run it, `python3 flags2_threadpool.py -s DELAY -m 20
//! ...`, in a scratch folder of its own (it saves into `downloaded/` and `-a` reads
//! `country_codes.txt` from the folder it runs in). Its figures come from what it prints:
//! `20 concurrent connections will be used.`, the counts, `Elapsed time: 0.54s`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Counts;
use crate::process::{self, Finished, Said};
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

/// The packages from outside the standard library that the book's scripts import (the
/// getflags folder's `requirements.txt` pins these and their own dependencies).
pub const PACKAGES: [&str; 2] = ["httpx", "tqdm"];

/// Why the scripts cannot run: said with the commands that set things up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// The interpreter does not start.
    NoPython {
        /// The interpreter tried.
        interpreter: String,
        /// What the system said when asked to start it (`No such file or directory`).
        reason: String,
    },
    /// It starts, but is older than 3.9 (the scripts write `list[str]`).
    TooOld {
        /// The interpreter tried.
        interpreter: String,
        /// `3.8.10`.
        version: String,
    },
    /// Packages the scripts import are missing.
    Missing {
        /// The interpreter tried.
        interpreter: String,
        /// The packages missing.
        packages: Vec<String>,
    },
}

impl std::error::Error for SetupError {}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let venv = "Set up Python for the book's scripts once, in a virtual environment:\n\
                    \x20   python3 -m venv ~/fluent-venv\n\
                    \x20   ~/fluent-venv/bin/pip install httpx tqdm\n\
                    then pass it to flags-compare: --interpreter ~/fluent-venv/bin/python";
        match self {
            SetupError::NoPython {
                interpreter,
                reason,
            } => write!(
                f,
                "cannot start Python ({interpreter}: {reason}).\n\
                 Install Python 3.9 or newer (Debian, Ubuntu: sudo apt install python3 \
                 python3-venv; macOS: brew install python; Windows: python.org), or name \
                 yours with --interpreter PATH.\n{venv}"
            ),
            SetupError::TooOld {
                interpreter,
                version,
            } => write!(
                f,
                "{interpreter} is Python {version}; the book's scripts need 3.9 or newer.\n{venv}"
            ),
            SetupError::Missing {
                interpreter,
                packages,
            } => write!(
                f,
                "the book's scripts import {}, which {interpreter} does not have.\n{venv}",
                packages.join(" and ")
            ),
        }
    }
}

/// The [`PACKAGES`] that the scripts at `paths` (and their `flags2_common.py`) import.
pub fn imported_packages(paths: &[PathBuf]) -> Vec<&'static str> {
    let mut texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if let Some(common) = paths
        .first()
        .and_then(|p| p.parent())
        .map(|dir| dir.join("flags2_common.py"))
    {
        texts.extend(std::fs::read_to_string(common).ok());
    }
    PACKAGES
        .into_iter()
        .filter(|package| {
            texts.iter().any(|text| {
                text.lines().any(|line| {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    matches!(words.as_slice(), ["import" | "from", module, ..]
                        if module.split('.').next() == Some(*package))
                })
            })
        })
        .collect()
}

/// `interpreter` as the scripts' folders will find it: a path with a folder in it
/// (`.venv/bin/python`) made absolute, a bare name (`python3`) left to the `PATH`.
///
/// ```
/// use std::path::Path;
/// use flags_compare::python::absolute;
/// assert_eq!(absolute(Path::new("python3")), Path::new("python3"));
/// assert!(absolute(Path::new("venv/bin/python")).is_absolute());
/// ```
pub fn absolute(interpreter: &Path) -> PathBuf {
    if interpreter.components().count() > 1 {
        std::path::absolute(interpreter).unwrap_or_else(|_| interpreter.to_path_buf())
    } else {
        interpreter.to_path_buf()
    }
}

/// Checks that `interpreter` starts, is recent enough, and has `packages`: before
/// anything runs, so a class sees the setup commands, not a traceback per script.
pub fn check_setup(interpreter: &Path, packages: &[&str]) -> Result<String, SetupError> {
    let name = interpreter.display().to_string();
    let probe = "import sys; print('%d.%d.%d' % sys.version_info[:3])";
    let output = Command::new(interpreter)
        .args(["-c", probe])
        .output()
        .map_err(|err| SetupError::NoPython {
            interpreter: name.clone(),
            reason: err.to_string(),
        })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let numbers: Vec<u32> = version.split('.').filter_map(|n| n.parse().ok()).collect();
    if !output.status.success() || numbers.len() != 3 {
        return Err(SetupError::NoPython {
            interpreter: name,
            reason: format!("it did not say its version ({})", output.status),
        });
    }
    if numbers[..2] < [3, 9][..] {
        return Err(SetupError::TooOld {
            interpreter: name,
            version,
        });
    }
    let missing: Vec<String> = packages
        .iter()
        .filter(|package| {
            !Command::new(interpreter)
                .args(["-c", &format!("import {package}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|p| p.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(SetupError::Missing {
            interpreter: name,
            packages: missing,
        });
    }
    Ok(version)
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
pub fn run(
    interpreter: &Path,
    script: &Path,
    args: &[String],
    folder: &Path,
    url: &str,
) -> std::io::Result<Finished> {
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
    process::run(command)
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

    #[test]
    fn imports_are_found_in_the_scripts_and_their_common_module() {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("flags2_common.py"), "import tqdm  # bar\n")
            .expect("written");
        std::fs::write(
            dir.path().join("flags2_asyncio.py"),
            "import asyncio\nfrom httpx import get\n",
        )
        .expect("written");
        let paths = vec![dir.path().join("flags2_asyncio.py")];
        assert_eq!(imported_packages(&paths), ["httpx", "tqdm"]);
        std::fs::write(dir.path().join("flags2_common.py"), "# import tqdm? no\n")
            .expect("written");
        assert_eq!(imported_packages(&paths), ["httpx"]);
    }

    #[test]
    fn a_missing_interpreter_is_a_setup_error_with_the_commands() {
        let err = check_setup(Path::new("/no/such/python3"), &[]).expect_err("no such file");
        assert!(matches!(err, SetupError::NoPython { .. }));
        let message = err.to_string();
        assert!(message.contains("pip install httpx tqdm"), "{message}");
        assert!(message.contains("--interpreter"), "{message}");
    }
}
