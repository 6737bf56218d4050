//! How one download ends, and the tally of many.

use std::collections::BTreeMap;
use std::error::Error as _;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Why a flag was not downloaded. A caller matches on the kind: a 404 is no error at all
/// for the book (the country has no flag), a timeout is not the same as a `418`.
#[derive(Debug, thiserror::Error)]
pub enum FlagError {
    /// The server answered `404 Not Found`.
    #[error("not found: {0}")]
    NotFound(String),
    /// The server answered another error status: `HTTP error 418 - I'm a Teapot`.
    #[error("HTTP error {code} - {reason}")]
    Http {
        /// The status code: 418.
        code: u16,
        /// The reason phrase the server sent: `I'm a Teapot`.
        reason: String,
    },
    /// No complete answer within `--timeout`.
    #[error("timed out")]
    Timeout(#[source] reqwest::Error),
    /// The connection could not be made (refused, reset, no such host).
    #[error("connection failed")]
    Connect(#[source] reqwest::Error),
    /// Any other failure of the request (the connection dropped mid-answer, say).
    #[error("request failed")]
    Request(#[source] reqwest::Error),
    /// The answer arrived but is not what was expected (a `metadata.json` that is not
    /// valid JSON, or has no `country`).
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// `--http2` to an `http://` site whose server answered in HTTP/1.1 (or broke the
    /// connection at once): HTTP/2 without TLS needs a server that expects it.
    #[error("the server does not speak HTTP/2 without TLS (try without --http2)")]
    NotHttp2(#[source] reqwest::Error),
    /// The connection through the proxy of the environment failed.
    #[error("connection through proxy {proxy} failed")]
    Proxy {
        /// The proxy, its password masked.
        proxy: String,
        /// reqwest's error, kept as the source: `{:#}` prints the whole chain.
        #[source]
        source: reqwest::Error,
    },
    /// The connection broke while the answer's body was being read.
    #[error("request failed")]
    Body(#[source] std::io::Error),
    /// A `200` for a flag whose body is no GIF: what came back, `text/html, 1.2 KB`.
    #[error("not a GIF: {0}")]
    NotGif(String),
    /// The answer's body was larger than the limit (`--max-body`): a server sending
    /// without end, or something that is not a flag.
    #[error("response too large (over {0} bytes)")]
    TooLarge(u64),
    /// The flag arrived but could not be written to disk.
    #[error("could not save {}", .0.display())]
    Save(PathBuf, #[source] std::io::Error),
    /// The last error of a request tried more than once.
    #[error("{last} (after {attempts} attempts)")]
    Attempts {
        /// How many times the request was sent.
        attempts: u32,
        /// How the last one failed.
        last: Box<FlagError>,
    },
}

impl FlagError {
    /// `err`, naming the attempts when there was more than one.
    ///
    /// ```
    /// use flags_common::FlagError;
    ///
    /// let busy = FlagError::Http { code: 503, reason: "Service Unavailable".into() };
    /// let err = FlagError::after(3, busy);
    /// assert_eq!(err.to_string(), "HTTP error 503 - Service Unavailable (after 3 attempts)");
    /// assert_eq!(err.kind(), "HTTP 503");
    /// ```
    pub fn after(attempts: u32, err: FlagError) -> FlagError {
        if attempts > 1 && !matches!(err, FlagError::Attempts { .. }) {
            FlagError::Attempts {
                attempts,
                last: Box::new(err),
            }
        } else {
            err
        }
    }

    /// The kind, for the final report's error breakdown: `HTTP 418`, `timed out`...
    ///
    /// ```
    /// use flags_common::FlagError;
    ///
    /// let teapot = FlagError::Http { code: 418, reason: "I'm a Teapot".into() };
    /// assert_eq!(teapot.kind(), "HTTP 418");
    /// assert_eq!(teapot.to_string(), "HTTP error 418 - I'm a Teapot");
    /// ```
    pub fn kind(&self) -> String {
        match self {
            FlagError::NotFound(_) => "HTTP 404".into(),
            FlagError::Http { code, .. } => format!("HTTP {code}"),
            FlagError::Timeout(_) => "timed out".into(),
            FlagError::Connect(_) => "connection failed".into(),
            FlagError::Request(_) => "request failed".into(),
            FlagError::Malformed(_) => "malformed answer".into(),
            FlagError::Save(..) => "save failed".into(),
            FlagError::TooLarge(_) => "response too large".into(),
            FlagError::NotGif(_) => "not a GIF".into(),
            FlagError::Body(_) => "request failed".into(),
            FlagError::Proxy { .. } => "proxy failed".into(),
            FlagError::NotHttp2(_) => "not HTTP/2".into(),
            FlagError::Attempts { last, .. } => last.kind(),
        }
    }

    /// The message and its root cause: `connection failed: Connection refused (os error 111)`.
    ///
    /// ```
    /// use flags_common::FlagError;
    ///
    /// let err = FlagError::Save("downloaded/BR.gif".into(), std::io::Error::other("disk full"));
    /// assert_eq!(err.short(), "could not save downloaded/BR.gif: disk full");
    /// assert_eq!(err.chain(), err.short(), "one cause: the same");
    /// ```
    pub fn short(&self) -> String {
        if let FlagError::Attempts { attempts, last } = self {
            return format!("{} (after {attempts} attempts)", last.short());
        }
        let mut root = self.source();
        while let Some(next) = root.and_then(|e| e.source()) {
            root = Some(next);
        }
        match root {
            Some(cause) => format!("{self}: {cause}"),
            None => self.to_string(),
        }
    }

    /// The whole cause chain, as anyhow prints with `{:#}`, less a cause that only
    /// repeats the one before it (reqwest's blocking client wraps its async error, whose
    /// text is the same).
    pub fn chain(&self) -> String {
        if let FlagError::Attempts { attempts, last } = self {
            return format!("{} (after {attempts} attempts)", last.chain());
        }
        let mut text = self.to_string();
        let mut said = text.clone();
        let mut source = self.source();
        while let Some(cause) = source {
            let this = cause.to_string();
            if this != said {
                let _ = write!(text, ": {this}");
            }
            said = this;
            source = cause.source();
        }
        text
    }
}

/// How one download ended: the book's `DownloadStatus` (OK, NOT_FOUND, ERROR), with the
/// error's cause kept.
#[derive(Debug)]
pub enum Outcome {
    /// Downloaded and saved.
    Ok,
    /// The server has no such flag (404), at this URL.
    NotFound(String),
    /// Anything else went wrong.
    Error(FlagError),
}

impl From<Result<(), FlagError>> for Outcome {
    /// `Ok` is a saved flag, a 404 is "not found", any other error an error.
    fn from(result: Result<(), FlagError>) -> Outcome {
        match result {
            Ok(()) => Outcome::Ok,
            Err(FlagError::NotFound(url)) => Outcome::NotFound(url),
            Err(err) => Outcome::Error(err),
        }
    }
}

/// The counts of a run: the book's `Counter` of statuses, plus errors by kind and what an
/// interrupted run never attempted.
///
/// ```
/// use flags_common::{FlagError, Outcome, Tally};
///
/// let outcomes = [
///     Outcome::Ok,
///     Outcome::NotFound("http://x/xx/xx.gif".into()),
///     Outcome::from(Err(FlagError::Http { code: 418, reason: "I'm a Teapot".into() })),
/// ];
/// let tally: Tally = outcomes.iter().collect();
/// assert_eq!((tally.ok, tally.not_found, tally.errors), (1, 1, 1));
/// assert_eq!(tally.error_kinds["HTTP 418"], 1);
/// assert_eq!(tally.total(), 3);
/// ```
///
/// `--json` writes it as the summary's `counts` (serialised from here, so that the JSON and
/// the reports cannot disagree): the error kinds as `errors_by_kind`, and without
/// `interrupted`, which the summary gives beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    /// Flags downloaded and saved.
    pub ok: usize,
    /// Codes the server has no flag for.
    pub not_found: usize,
    /// Downloads that failed.
    pub errors: usize,
    /// The errors by kind: `HTTP 418` → 20, `timed out` → 7.
    #[serde(rename = "errors_by_kind")]
    pub error_kinds: BTreeMap<String, usize>,
    /// Codes never tried because the run was interrupted (Ctrl-C).
    pub not_attempted: usize,
    /// Requests in flight when the run was interrupted, dropped before they finished.
    pub dropped: usize,
    /// True when the run was stopped early by Ctrl-C.
    #[serde(skip)]
    pub interrupted: bool,
}

impl Tally {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Ok => self.ok += 1,
            Outcome::NotFound(_) => self.not_found += 1,
            Outcome::Error(err) => {
                self.errors += 1;
                *self.error_kinds.entry(err.kind()).or_default() += 1;
            }
        }
    }

    /// Counts a download's outcome, or one never started (a queued download after
    /// Ctrl-C): `None`.
    pub fn add_started(&mut self, outcome: Option<&Outcome>) {
        match outcome {
            Some(outcome) => self.add(outcome),
            None => self.not_attempted += 1,
        }
    }

    /// Every code accounted for: downloaded, not found, failed, dropped or not attempted.
    pub fn total(&self) -> usize {
        self.ok + self.not_found + self.errors + self.dropped + self.not_attempted
    }
}

impl<'a> FromIterator<&'a Outcome> for Tally {
    fn from_iter<I: IntoIterator<Item = &'a Outcome>>(outcomes: I) -> Tally {
        let mut tally = Tally::default();
        for outcome in outcomes {
            tally.add(outcome);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_counts_once_and_errors_by_kind() {
        let teapot = || FlagError::Http {
            code: 418,
            reason: "I'm a Teapot".into(),
        };
        let outcomes = [
            Outcome::Ok,
            Outcome::Error(teapot()),
            Outcome::Ok,
            Outcome::NotFound("u".into()),
            Outcome::Error(teapot()),
        ];
        let tally: Tally = outcomes.iter().collect();
        assert_eq!((tally.ok, tally.not_found, tally.errors), (2, 1, 2));
        assert_eq!(tally.error_kinds.get("HTTP 418"), Some(&2));
        assert_eq!(tally.total(), 5);
    }

    #[test]
    fn a_404_result_is_not_found_not_an_error() {
        let outcome = Outcome::from(Err(FlagError::NotFound("u".into())));
        assert!(matches!(outcome, Outcome::NotFound(url) if url == "u"));
        assert_eq!(
            FlagError::Http {
                code: 418,
                reason: "I'm a Teapot".into()
            }
            .to_string(),
            "HTTP error 418 - I'm a Teapot"
        );
    }
}
