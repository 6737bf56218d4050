//! Whether the book's scripts can run here: Python starts, is recent enough, and has the
//! packages they import; if not, the commands that set things up, before anything runs.
//! With the interpreter's default name ([`PYTHON`]) and its path as the scripts' folders
//! find it ([`absolute`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The packages from outside the standard library that the book's scripts import (the
/// getflags folder's `requirements.txt` pins these and their own dependencies).
pub const PACKAGES: [&str; 2] = ["httpx", "tqdm"];

/// Why the scripts cannot run: said with the commands that set things up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// The interpreter does not start.
    NoPython {
        interpreter: String,
        /// What the system said when asked to start it (`No such file or directory`).
        reason: String,
    },
    /// It starts, but is older than 3.9 (the scripts write `list[str]`).
    TooOld {
        interpreter: String,
        /// `3.8.10`.
        version: String,
    },
    /// Packages the scripts import are missing.
    Missing {
        interpreter: String,
        packages: Vec<String>,
    },
}

impl std::error::Error for SetupError {}

/// The Python on a class's `PATH`: python.org's Windows installer names it `python` (there
/// `python3` opens the Microsoft Store), Linux and macOS `python3`.
#[cfg(not(windows))]
pub const PYTHON: &str = "python3";
/// The Python on a class's `PATH` (see the other platforms' `PYTHON`).
#[cfg(windows)]
pub const PYTHON: &str = "python";

/// How to make the virtual environment the book's scripts need; Windows keeps its programs
/// in `Scripts` and spells the home folder `%USERPROFILE%` (in cmd).
#[cfg(not(windows))]
const VENV: &str = "Set up Python for the book's scripts once, in a virtual environment:\n\
                    \x20   python3 -m venv ~/fluent-venv\n\
                    \x20   ~/fluent-venv/bin/pip install httpx tqdm\n\
                    then pass it to flags-compare: --interpreter ~/fluent-venv/bin/python";
#[cfg(windows)]
const VENV: &str = "Set up Python for the book's scripts once, in a virtual environment (in cmd):\n\
                    \x20   python -m venv %USERPROFILE%\\fluent-venv\n\
                    \x20   %USERPROFILE%\\fluent-venv\\Scripts\\pip install httpx tqdm\n\
                    then pass it to flags-compare: \
                    --interpreter %USERPROFILE%\\fluent-venv\\Scripts\\python.exe";

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let venv = VENV;
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
/// use flags_compare::setup::absolute;
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

/// The Python that runs the book's scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    /// `3.11.7`.
    pub version: String,
    /// The interpreter's own file, as it names itself (`sys.executable`): a launcher
    /// such as a pyenv shim, a shell script that starts several processes before Python,
    /// would add their time and CPU to every script's.
    pub executable: PathBuf,
}

/// Checks that `interpreter` starts, is recent enough, and has `packages`: before
/// anything runs, so a class sees the setup commands, not a traceback per script.
pub fn check_setup(interpreter: &Path, packages: &[&str]) -> Result<Python, SetupError> {
    let name = interpreter.display().to_string();
    let probe = "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)";
    let output = Command::new(interpreter)
        .args(["-c", probe])
        .output()
        .map_err(|err| SetupError::NoPython {
            interpreter: name.clone(),
            reason: err.to_string(),
        })?;
    let said = String::from_utf8_lossy(&output.stdout);
    let mut lines = said.lines().map(str::trim);
    let version = lines.next().unwrap_or_default().to_string();
    // An embedded Python may not know its file (an empty line): the name given then runs.
    let executable = lines
        .next()
        .map(PathBuf::from)
        .filter(|file| file.is_file())
        .unwrap_or_else(|| interpreter.to_path_buf());
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
            !Command::new(&executable)
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
    Ok(Python {
        version,
        executable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
