//! When each request started and ended ([`Timeline`], [`Request`], [`RequestOutcome`]):
//! noted by the HTTP clients during a run, written as JSON (`--json`) or drawn as an SVG
//! picture (`--timeline FILE.svg`, see [`crate::svg`]); with each request's label
//! ([`label_for`]) and what the retries came to ([`retries`]).

use std::sync::Arc;
use std::time::Instant;

use parking_lot::Mutex;

/// How one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RequestOutcome {
    /// An answer with a success status.
    #[serde(rename = "ok")]
    Ok,
    /// `404 Not Found`.
    #[serde(rename = "not found")]
    NotFound,
    /// Any other status, or no answer.
    #[serde(rename = "error")]
    Error,
}

impl RequestOutcome {
    /// How an answer with `status` ended, as the server saw it (`flags-compare --timeline`
    /// in class mode): 200 OK, 404 not found, anything else (0: no answer) an error.
    ///
    /// ```
    /// use flags_common::timeline::RequestOutcome;
    /// assert_eq!(RequestOutcome::of_status(404), RequestOutcome::NotFound);
    /// assert_eq!(RequestOutcome::of_status(418), RequestOutcome::Error);
    /// ```
    pub fn of_status(status: u16) -> RequestOutcome {
        match status {
            200 => RequestOutcome::Ok,
            404 => RequestOutcome::NotFound,
            _ => RequestOutcome::Error,
        }
    }

    /// `ok`, `not found` or `error`: the JSON value and the picture's legend.
    pub fn name(self) -> &'static str {
        match self {
            RequestOutcome::Ok => "ok",
            RequestOutcome::NotFound => "not found",
            RequestOutcome::Error => "error",
        }
    }
}

/// One request: its label (the country code), how it ended, and when.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Request {
    /// `BR` for a flag, `BR meta` for its `metadata.json`.
    pub code: String,
    /// Ok, not found or error: the colour of its bar in the picture.
    pub outcome: RequestOutcome,
    /// The kind of error (`HTTP 418`, `timed out`...), for errors.
    pub error: Option<String>,
    /// Seconds from the start of the run to the request being sent.
    pub start: f64,
    /// Seconds from the start of the run to its answer (or failure).
    pub end: f64,
    /// 1 for the first try of a request, 2 for its first retry...
    #[serde(default = "first")]
    pub attempt: u32,
}

fn first() -> u32 {
    1
}

/// What the retries of a run came to: how many requests were tried more than once, and
/// how many of those still failed.
///
/// ```
/// use flags_common::timeline::{Request, RequestOutcome, retries};
///
/// let try_ = |code: &str, attempt, outcome| Request {
///     code: code.into(), outcome, error: None, start: 0.0, end: 0.1, attempt,
/// };
/// let requests = [
///     try_("BR", 1, RequestOutcome::Error),
///     try_("BR", 2, RequestOutcome::Ok),
///     try_("CN", 1, RequestOutcome::Ok),
/// ];
/// assert_eq!(retries(&requests), (1, 0));
/// ```
pub fn retries(requests: &[Request]) -> (usize, usize) {
    let mut last: std::collections::HashMap<&str, &Request> = std::collections::HashMap::new();
    for request in requests {
        let kept = last.entry(&request.code).or_insert(request);
        if request.attempt > kept.attempt {
            *kept = request;
        }
    }
    let retried: Vec<&&Request> = last.values().filter(|r| r.attempt > 1).collect();
    let gave_up = retried
        .iter()
        .filter(|r| r.outcome == RequestOutcome::Error)
        .count();
    (retried.len(), gave_up)
}

/// The label of a request on the timeline: `BR` for `.../br/br.gif`, `BR meta` for
/// `.../br/metadata.json`, the last part of the path otherwise.
///
/// ```
/// use flags_common::timeline::label_for;
///
/// assert_eq!(label_for("http://127.0.0.1:8001/flags/br/br.gif"), "BR");
/// assert_eq!(label_for("http://127.0.0.1:8001/flags/br/metadata.json"), "BR meta");
/// ```
pub fn label_for(url: &str) -> String {
    let mut parts = url.rsplit('/');
    let file = parts.next().unwrap_or_default();
    let folder = parts.next().unwrap_or_default().to_ascii_uppercase();
    match file.strip_suffix(".gif") {
        _ if file == "metadata.json" => format!("{folder} meta"),
        Some(stem) => stem.to_ascii_uppercase(),
        None => file.to_string(),
    }
}

/// Records requests as they happen. Cheap to clone: the clones share one record, so tasks
/// and threads can each hold one.
#[derive(Debug, Clone)]
pub struct Timeline {
    t0: Instant,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Timeline {
    /// A timeline whose clock starts now.
    pub(crate) fn new() -> Timeline {
        Timeline {
            t0: Instant::now(),
            requests: Arc::default(),
        }
    }

    /// Seconds since the clock started.
    pub(crate) fn now(&self) -> f64 {
        self.t0.elapsed().as_secs_f64()
    }

    /// Notes attempt `attempt` of a request to `url`, sent at `start`, that ended now with
    /// `outcome` (and, for an error, its kind: `HTTP 418`, `timed out`).
    pub(crate) fn note(
        &self,
        url: &str,
        start: f64,
        attempt: u32,
        (outcome, error): (RequestOutcome, Option<String>),
    ) {
        let end = self.now();
        let request = Request {
            code: label_for(url),
            outcome,
            error,
            start,
            end,
            attempt,
        };
        self.requests.lock().push(request);
    }

    /// The requests recorded so far, by start time.
    pub(crate) fn requests(&self) -> Vec<Request> {
        let mut requests = self.requests.lock().clone();
        requests.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.code.cmp(&b.code)));
        requests
    }
}
