//! The `--json` summary of a run: one typed record, written by every flags program and read
//! back by the tests (and by anyone scripting a comparison), so that a renamed field is a
//! compile error, not a silent zero.

use crate::report::RunReport;
use crate::timeline::Request;
use crate::{Site, Tally};

/// One run, as `--json` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// The program: `flags-bounded`.
    pub program: String,
    /// Where the flags came from.
    pub server: ServerInfo,
    /// How many codes were searched.
    pub codes_searched: usize,
    pub concurrency: usize,
    /// How the downloads ended.
    pub counts: Tally,
    /// True when Ctrl-C stopped the run.
    pub interrupted: bool,
    /// Seconds `download_many` took.
    pub elapsed: f64,
    /// The ideal time in seconds, when the server's delay is fixed.
    pub ideal: Option<f64>,
    /// What the built-in server saw, when there was one.
    pub server_counters: Option<flags_server::Counters>,
    /// Requests tried more than once.
    #[serde(default)]
    pub retried: usize,
    /// Requests tried more than once that still failed.
    #[serde(default)]
    pub gave_up: usize,
    /// Each request, by start time.
    pub requests: Vec<Request>,
}

/// The server a run used.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServerInfo {
    /// `DELAY`, `REMOTE`, `URL`...
    pub label: String,
    pub url: String,
    /// The built-in server's settings, when it was one.
    pub built_in: Option<BuiltIn>,
}

/// A built-in server's settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BuiltIn {
    /// The shortest delay, in seconds.
    pub delay_min: f64,
    /// The longest delay, in seconds (equal to `delay_min` when fixed).
    pub delay_max: f64,
    /// The probability of a `418`.
    pub error_rate: f64,
    /// The seed of its draws, when one was given.
    pub seed: Option<u64>,
}

impl From<&RunReport> for Summary {
    /// ```
    /// use std::time::Duration;
    /// use flags_common::{RunReport, Site, Summary, Tally};
    /// use flags_server::Profile;
    ///
    /// let report = RunReport {
    ///     program: "flags-bounded".into(),
    ///     site: Site::BuiltIn(Profile::Delay, Profile::Delay.config()),
    ///     base_url: "http://127.0.0.1:8001/flags".into(),
    ///     codes: 20,
    ///     concurrency: 5,
    ///     tally: Tally { ok: 20, ..Tally::default() },
    ///     elapsed: Duration::from_secs(2),
    ///     server: None,
    ///     startup: Duration::ZERO,
    ///     requests: Vec::new(),
    /// };
    /// let summary = Summary::from(&report);
    /// assert_eq!((summary.ideal, summary.counts.ok), (Some(2.0), 20));
    /// let json = serde_json::to_string(&summary)?;
    /// assert_eq!(serde_json::from_str::<Summary>(&json)?, summary);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn from(report: &RunReport) -> Summary {
        let (retried, gave_up) = crate::timeline::retries(&report.requests);
        let built_in = match &report.site {
            Site::BuiltIn(_, config) => Some(BuiltIn {
                delay_min: config.delay.min.as_secs_f64(),
                delay_max: config.delay.max.as_secs_f64(),
                error_rate: config.error_rate,
                seed: config.seed,
            }),
            _ => None,
        };
        Summary {
            program: report.program.clone(),
            server: ServerInfo {
                label: report.site.label().to_string(),
                url: report.base_url.clone(),
                built_in,
            },
            codes_searched: report.codes,
            concurrency: report.concurrency,
            counts: report.tally.clone(),
            interrupted: report.tally.interrupted,
            elapsed: report.elapsed.as_secs_f64(),
            ideal: report.ideal(),
            server_counters: report.server,
            retried,
            gave_up,
            requests: report.requests.clone(),
        }
    }
}
