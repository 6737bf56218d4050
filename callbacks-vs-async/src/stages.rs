//! What the two styles share and the book does not have: the run's context ([`Ctx`]),
//! the three stages and their typed error ([`Stage`], [`StageError`], [`AtStage`]), and the
//! file a country's flag is saved as ([`file_name_for`], claimed with [`Ctx::claim`]).

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use flags_common::{Client, FlagError, Job};
use tokio::sync::Semaphore;

/// Everything a download needs, shared by every download of a run. The book passes the
/// client, the base URL and the semaphore to each `download_one`; a spawned task must own
/// what it uses, so each holds an `Arc` to this one copy.
pub struct Ctx {
    /// What to download, from where, and where to save it.
    pub job: Job,
    /// One HTTP client (one connection pool) for every request.
    pub client: Client,
    /// Bounds the requests in flight: each request holds a permit while it is on the wire.
    pub semaphore: Semaphore,
    /// Which code claimed each file name: two countries whose names make the same file
    /// name must not overwrite each other silently.
    saved_as: parking_lot::Mutex<HashMap<String, String>>,
}

impl Ctx {
    /// A run's context, with no file name claimed yet.
    pub fn new(job: &Job, client: Client, semaphore: Semaphore) -> Ctx {
        Ctx {
            job: job.clone(),
            client,
            semaphore,
            saved_as: Default::default(),
        }
    }

    /// Where `cc`'s flag is to be saved as `file_name`; refused when another code has
    /// claimed that name in this run.
    pub fn claim(&self, cc: &str, file_name: &str) -> Result<PathBuf, FlagError> {
        let path = self.job.dest(file_name);
        // A blocking Mutex, not tokio's: held for one map update, never across an .await.
        let mut saved_as = self.saved_as.lock();
        let first = saved_as
            .entry(file_name.to_string())
            .or_insert_with(|| cc.to_string());
        if first != cc {
            let clash = std::io::Error::other(format!("{file_name} is already {first}'s flag"));
            return Err(FlagError::Save(path, clash));
        }
        Ok(path)
    }
}

/// The three stages of a download, in the book's order (`flags3_asyncio.py`'s
/// `download_one`: `get_flag`, then `get_country`, then the save).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Fetch the flag's GIF.
    Flag = 1,
    /// Fetch `metadata.json`, read the country name.
    Country = 2,
    /// Save it as `{Country_Name}.gif`.
    Save = 3,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Stage::Flag => "flag",
            Stage::Country => "country",
            Stage::Save => "save",
        };
        write!(f, "stage {} ({name})", *self as u8)
    }
}

/// A country whose three stages all succeeded: the name its flag was saved under, and
/// the bytes, which the two styles' runs must agree on.
#[derive(Debug)]
pub struct Saved {
    /// `Brazil.gif`.
    pub file_name: String,
    pub image: Vec<u8>,
}

/// Which stage failed, and why: the typed error of a country's three stages.
#[derive(Debug, thiserror::Error)]
#[error("{stage}: {error}")]
pub struct StageError {
    pub stage: Stage,
    /// Its request's or its save's error, kept as the source: `{:#}` prints the chain, as
    /// Python's `raise X from Y` does.
    #[source]
    pub error: FlagError,
}

impl Stage {
    /// `error`, tagged as this stage's.
    pub fn failed(self, error: FlagError) -> StageError {
        StageError { stage: self, error }
    }
}

/// `.at(Stage::Flag)?`: what anyhow's `.context(stage)` says, but typed, so the caller
/// gets the stage and the error back by matching, and a missing stage does not compile.
pub trait AtStage<T> {
    /// Tags the error, if any, with the stage it happened at.
    fn at(self, stage: Stage) -> Result<T, StageError>;
}

impl<T> AtStage<T> for Result<T, FlagError> {
    fn at(self, stage: Stage) -> Result<T, StageError> {
        self.map_err(|error| stage.failed(error))
    }
}

/// The book saves `Korea, South` as `Korea,_South.gif`: spaces become `_`. So does every
/// character that Linux, macOS or Windows refuses in a file name, so that every country
/// saves everywhere: `Congo_(Brazzaville).gif`, `Côte_d'Ivoire.gif`.
pub fn file_name_for(country: &str) -> String {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let mut name: String = country
        .chars()
        // Bidirectional controls (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F)
        // could make a name display as another: they are dropped.
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_whitespace() || c.is_control() => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces, and keeps device names for itself.
    while name.ends_with('.') {
        name.pop();
    }
    if name.is_empty() || RESERVED.contains(&name.to_ascii_uppercase().as_str()) {
        name.insert(0, '_');
    }
    format!("{name}.gif")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flags_server::countries::COUNTRIES;

    #[test]
    fn awkward_country_names_make_safe_file_names() {
        assert_eq!(file_name_for("Korea, South"), "Korea,_South.gif");
        assert_eq!(file_name_for("Côte d'Ivoire"), "Côte_d'Ivoire.gif");
        assert_eq!(
            file_name_for("Congo (Brazzaville)"),
            "Congo_(Brazzaville).gif"
        );
        assert_eq!(
            file_name_for("a/b\\c:d*e?f\"g<h>i|j"),
            "a_b_c_d_e_f_g_h_i_j.gif"
        );
        assert_eq!(file_name_for("Nul"), "_Nul.gif");
        assert_eq!(file_name_for("St. ..."), "St._.gif");
        assert_eq!(file_name_for(""), "_.gif");
        assert_eq!(file_name_for("Evil\u{202E}fig.exe\n"), "Evilfig.exe_.gif");
        assert_eq!(file_name_for("../../etc/passwd"), ".._.._etc_passwd.gif");
    }

    #[test]
    fn every_country_gets_a_distinct_safe_name() {
        let mut names: Vec<String> = COUNTRIES.iter().map(|c| file_name_for(c.country)).collect();
        for name in &names {
            assert!(
                !name.contains([' ', '/', '\\', ':', '*', '?', '"', '<', '>', '|']),
                "{name}"
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), COUNTRIES.len());
    }

    #[test]
    fn the_stage_says_its_number_and_name() {
        assert_eq!(Stage::Flag.to_string(), "stage 1 (flag)");
        assert_eq!(Stage::Country.to_string(), "stage 2 (country)");
        assert_eq!(Stage::Save.to_string(), "stage 3 (save)");
        let error = FlagError::Malformed("metadata.json: EOF".into());
        let err = Stage::Country.failed(error);
        assert_eq!(err.stage, Stage::Country);
        assert!(err.to_string().starts_with("stage 2 (country): "), "{err}");
    }
}
