//! What the two styles share, so that only the shape of the code differs between them:
//! the run's context ([`Ctx`]), the stages and their typed error ([`Stage`], [`StageError`],
//! [`AtStage`]), the requests, the country name, the safe file name, the save, and the way
//! a result is told ([`tell`], [`Ending`]).

use std::fmt;

use flags_common::{Client, FlagError, Job, Outcome, save_flag};
use tokio::sync::Semaphore;

/// Everything a download needs, shared by every download of a run.
pub struct Ctx {
    /// What to download, from where, and where to save it.
    pub job: Job,
    /// One HTTP client (one connection pool) for every request.
    pub client: Client,
    /// Bounds the requests in flight; each request takes its own permit.
    pub semaphore: Semaphore,
    /// Which code saved under each file name: two countries whose names make the same
    /// file name must not overwrite each other silently.
    pub saved_as: parking_lot::Mutex<std::collections::HashMap<String, String>>,
}

/// The three stages of a download, in the book's order (`flags3_asyncio.py`'s
/// `download_one`: `get_flag`, then `get_country`, then the save).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
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

#[derive(Debug)]
pub struct Saved {
    /// `Brazil.gif`.
    pub file_name: String,
    /// What was written.
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

/// How one country ended, in a form the two styles' results can be compared in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Saved under this name, with these bytes.
    Saved(String, Vec<u8>),
    /// Failed at this stage, with this message (a 404 included: at stage 1, the code has
    /// no flag).
    Failed(Stage, String),
}

/// One GET, holding a semaphore permit only while the request is on the wire: the
/// `async with semaphore:` the book puts around each of the two requests.
pub async fn http_get(ctx: &Ctx, url: &str) -> Result<Vec<u8>, FlagError> {
    let _permit = ctx
        .semaphore
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let resp = ctx.client.get(url).await?;
    resp.raise_for_status()?;
    Ok(resp.content.to_vec())
}

/// `{base_url}/br/metadata.json`.
pub fn metadata_url(ctx: &Ctx, cc: &str) -> String {
    format!("{}/{}/metadata.json", ctx.job.base_url, cc.to_lowercase())
}

/// `{base_url}/br/br.gif`.
pub fn flag_url(ctx: &Ctx, cc: &str) -> String {
    let cc = cc.to_lowercase();
    format!("{}/{cc}/{cc}.gif", ctx.job.base_url)
}

/// The book's `get_flag`: the flag's bytes (a permit held while on the wire).
pub async fn get_flag(ctx: &Ctx, cc: &str) -> Result<Vec<u8>, FlagError> {
    http_get(ctx, &flag_url(ctx, cc)).await
}

/// The book's `get_country`: `metadata.json`, then its `country`.
pub async fn get_country(ctx: &Ctx, cc: &str) -> Result<String, FlagError> {
    let metadata = http_get(ctx, &metadata_url(ctx, cc)).await?;
    country_name(&metadata)
}

/// Reads the `country` of a `metadata.json`.
pub fn country_name(metadata: &[u8]) -> Result<String, FlagError> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        country: String,
    }
    serde_json::from_slice::<Metadata>(metadata)
        .map(|m| m.country)
        .map_err(|err| FlagError::Malformed(format!("metadata.json: {err}")))
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

/// Stage 3: writes the flag of `cc` as `file_name` (blocking: call it where blocking is
/// allowed); refused when another code has already claimed that name in this run.
pub fn save(ctx: &Ctx, cc: &str, file_name: &str, image: &[u8]) -> Result<(), FlagError> {
    {
        // A blocking Mutex, not tokio's: held for one map update, never across an .await.
        let mut saved_as = ctx.saved_as.lock();
        let first = saved_as
            .entry(file_name.to_string())
            .or_insert_with(|| cc.to_string());
        if first != cc {
            let clash = std::io::Error::other(format!("{file_name} is already {first}'s flag"));
            return Err(FlagError::Save(ctx.job.dest(file_name), clash));
        }
    }
    save_flag(image, &ctx.job.dest(file_name))
}

/// Tells one country's result: the outcome for the counts, the ending for the comparison,
/// and the verbose line (`BR OK: Brazil.gif`, `BR error at stage 2 (country): ...`).
pub fn tell(cc: &str, result: Result<Saved, StageError>) -> (Outcome, Ending, String) {
    match result {
        Ok(Saved { file_name, image }) => {
            let line = format!("{cc} OK: {file_name}");
            (Outcome::Ok, Ending::Saved(file_name, image), line)
        }
        Err(StageError {
            stage,
            error: FlagError::NotFound(url),
        }) => {
            let line = format!("{cc} not found at {stage}: {url}");
            let ending = Ending::Failed(stage, format!("not found: {url}"));
            (Outcome::NotFound(url), ending, line)
        }
        Err(StageError { stage, error }) => {
            let line = format!("{cc} error at {stage}: {}", error.chain());
            let ending = Ending::Failed(stage, error.to_string());
            (Outcome::Error(error), ending, line)
        }
    }
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
        let err = StageError {
            stage: Stage::Flag,
            error: FlagError::Http {
                code: 418,
                reason: "I'm a Teapot".into(),
            },
        };
        let (_, _, line) = tell("BR", Err(err));
        assert_eq!(
            line,
            "BR error at stage 1 (flag): HTTP error 418 - I'm a Teapot"
        );
    }

    #[test]
    fn metadata_must_name_the_country() {
        assert_eq!(
            country_name(br#"{"tld_cc": ".br", "country": "Brazil"}"#).ok(),
            Some("Brazil".to_string())
        );
        assert!(matches!(country_name(b"{}"), Err(FlagError::Malformed(_))));
        assert!(matches!(
            country_name(b"<html>"),
            Err(FlagError::Malformed(_))
        ));
    }
}
