//! How each country's result is told: its verbose line and its count (the book's
//! `print(cc, msg)` and `counter[status] += 1`, whose drawing `flags_common` does), and its
//! ending, kept so that the two styles' runs can be compared ([`Results`], [`Ending`]).

use flags_common::{Display, FlagError, Job, Outcome, Tally};

use crate::stages::{Saved, Stage, StageError};

/// How one country ended, in a form the two styles' results can be compared in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Saved under this name, with these bytes.
    Saved(String, Vec<u8>),
    /// Failed at this stage, with this message (a 404 included: at stage 1, the code has
    /// no flag).
    Failed(Stage, String),
}

/// Each country's ending, sorted by code: what the two styles must agree on.
pub type Endings = Vec<(String, Ending)>;

/// A run's results as they come in, in completion order: each shown at once (a verbose
/// line or a step of the progress bar), counted, and kept for the comparison.
pub struct Results<'a> {
    display: &'a Display,
    tally: Tally,
    endings: Endings,
}

impl<'a> Results<'a> {
    /// No result in yet; each one will be shown on `display`.
    pub fn new(display: &'a Display) -> Results<'a> {
        Results {
            display,
            tally: Tally::default(),
            endings: Vec::new(),
        }
    }

    /// Shows, counts and keeps one country's result.
    pub fn add(&mut self, cc: &str, result: Result<Saved, StageError>) {
        let (outcome, ending, line) = tell(cc, result);
        self.display.show_as(cc, &outcome, &line);
        self.tally.add(&outcome);
        self.endings.push((cc.to_string(), ending));
    }

    /// The counts, and the endings sorted by code. When `job.stop` was cancelled (Ctrl-C),
    /// the countries that never reported count as dropped.
    pub fn finish(mut self, job: &Job) -> (Tally, Endings) {
        if job.stop.is_cancelled() {
            self.tally.interrupted = true;
            self.tally.dropped = job.cc_list.len() - self.tally.total();
        }
        self.endings.sort_by(|a, b| a.0.cmp(&b.0));
        (self.tally, self.endings)
    }
}

/// One country's result three ways: the outcome for the counts, the ending for the
/// comparison, and the verbose line (`BR OK: Brazil.gif`, `BR error at stage 2
/// (country): ...`).
fn tell(cc: &str, result: Result<Saved, StageError>) -> (Outcome, Ending, String) {
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

    #[test]
    fn a_failure_is_told_with_its_stage() {
        let err = Stage::Flag.failed(FlagError::Http {
            code: 418,
            reason: "I'm a Teapot".into(),
        });
        let (_, ending, line) = tell("BR", Err(err));
        assert_eq!(
            line,
            "BR error at stage 1 (flag): HTTP error 418 - I'm a Teapot"
        );
        assert!(matches!(ending, Ending::Failed(Stage::Flag, _)));
    }

    #[test]
    fn a_missing_file_is_not_found_at_its_stage() {
        let url = "http://x/br/metadata.json";
        let err = Stage::Country.failed(FlagError::NotFound(url.into()));
        let (outcome, ending, line) = tell("BR", Err(err));
        assert_eq!(
            line,
            "BR not found at stage 2 (country): http://x/br/metadata.json"
        );
        assert!(matches!(outcome, Outcome::NotFound(_)));
        assert_eq!(
            ending,
            Ending::Failed(
                Stage::Country,
                "not found: http://x/br/metadata.json".into()
            )
        );
    }
}
