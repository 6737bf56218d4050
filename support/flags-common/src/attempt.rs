//! One request's attempts, shared by both clients of [`crate::http`]: each attempt noted on
//! the timeline, its failure classified (before the answer, or while reading it), and the
//! decision after it: another try after a wait, or the result.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::FlagError;
use crate::response::Response;
use crate::retry::{self, RetryPolicy};
use crate::timeline::{RequestOutcome, Timeline};
use crate::transport::{content_type, expect_gif, head, proxy_for};

/// What both clients share: where they note each attempt, and how they retry.
#[derive(Debug, Clone)]
pub(crate) struct Requests {
    /// Where each attempt is noted.
    pub(crate) timeline: Timeline,
    /// The time one request may take, all its attempts together.
    pub(crate) timeout: Duration,
    /// When a failed attempt is tried again.
    pub(crate) retry: RetryPolicy,
    /// The largest body taken, in bytes.
    pub(crate) max_body: u64,
    /// The proxy of the environment the requests go through, if any.
    pub(crate) proxy: Option<String>,
    /// True for a plain `http://` site, which needs no certificates when reached directly:
    /// loading the system's TLS roots would count in the run's time.
    pub(crate) plain_http: bool,
    /// True when HTTP/2 is spoken from the first byte (`--http2` to an `http://` site): a
    /// server that answers in HTTP/1.1 then looks like a broken HTTP/2 peer.
    pub(crate) prior_knowledge: bool,
    /// Set once an attempt has seen HTTP/2 refused: the other requests on that connection
    /// only see it closed under them, and are told the same.
    not_http2: Arc<AtomicBool>,
}

/// What comes after an attempt: a wait and another try, or the request's result.
pub(crate) enum Step {
    Retry(Duration),
    Done(Result<Response, FlagError>),
}

impl Requests {
    /// The settings for `base_url`: a server on this machine is never reached through a
    /// proxy; any other, through the environment's, as reqwest does.
    pub(crate) fn new(
        timeline: Timeline,
        timeout: Duration,
        retry: RetryPolicy,
        max_body: u64,
        base_url: &str,
    ) -> Requests {
        Requests {
            timeline,
            timeout,
            retry,
            max_body,
            proxy: proxy_for(base_url),
            plain_http: base_url.starts_with("http://"),
            prior_knowledge: false,
            not_http2: Arc::default(),
        }
    }

    /// The same, speaking HTTP/2 from the first byte when `yes`.
    pub(crate) fn prior_knowledge(self, yes: bool) -> Requests {
        Requests {
            prior_knowledge: yes,
            ..self
        }
    }

    /// Notes attempt `attempt`, sent at `start`, and decides: another try (only if its
    /// wait ends before the deadline), or the result, naming the attempts if it failed.
    pub(crate) fn settle(
        &self,
        url: &str,
        start: f64,
        attempt: u32,
        deadline: Instant,
        result: Result<Answer, Failed>,
    ) -> Step {
        if let Err(Failed::BeforeAnswer(err)) = &result
            && self.prior_knowledge
            && is_http2_error(err)
        {
            self.not_http2.store(true, Ordering::Relaxed);
        }
        let not_http2 = self.prior_knowledge && self.not_http2.load(Ordering::Relaxed);
        let wait = match &result {
            // A server that does not speak HTTP/2 will not learn it on the next attempt.
            Err(Failed::BeforeAnswer(_)) if not_http2 => None,
            _ => next_step(&result, attempt, &self.retry),
        };
        let result = result
            .map(|answer| answer.response)
            .map_err(|failed| failed.error(self.proxy.as_deref(), not_http2));
        self.timeline.note(url, start, attempt, ended(&result));
        match wait {
            // Compared with what is left, never added to a clock: a server's `Retry-After`
            // may be as large as it likes.
            Some(wait) if wait < deadline.saturating_duration_since(Instant::now()) => {
                Step::Retry(wait)
            }
            _ => Step::Done(result.map_err(|err| FlagError::after(attempt, err))),
        }
    }
}

/// The retry loop of both clients, which differ only in how they wait (`.await` or a
/// blocking call): an attempt with the time that remains, noted and settled; then either a
/// wait and another attempt, or the result.
macro_rules! retrying {
    ($requests:expr, $url:expr, |$remaining:ident, $attempt:ident| $try:block, |$wait:ident| $sleep:expr) => {{
        let requests: &Requests = &$requests;
        let deadline = Instant::now() + requests.timeout;
        let mut $attempt = 0;
        loop {
            $attempt += 1;
            let $remaining = deadline.saturating_duration_since(Instant::now());
            let start = requests.timeline.now();
            let result = $try;
            match requests.settle($url, start, $attempt, deadline, result) {
                Step::Retry($wait) => $sleep,
                Step::Done(result) => return result,
            }
        }
    }};
}
pub(crate) use retrying;

/// One attempt's failure: before the answer (perhaps worth a retry) or while reading it.
pub(crate) enum Failed {
    BeforeAnswer(reqwest::Error),
    Reading(FlagError),
}

impl Failed {
    /// The error to report; a connection that failed through a proxy names the proxy, and
    /// a failure before the answer from a server seen refusing HTTP/2 (`not_http2`) says
    /// so.
    fn error(self, proxy: Option<&str>, not_http2: bool) -> FlagError {
        match (self, proxy) {
            (Failed::BeforeAnswer(err), Some(proxy)) if err.is_connect() => FlagError::Proxy {
                proxy: crate::transport::masked(proxy),
                source: err,
            },
            (Failed::BeforeAnswer(err), None) if not_http2 => FlagError::NotHttp2(err),
            (Failed::BeforeAnswer(err), _) => FlagError::from(err),
            (Failed::Reading(err), _) => err,
        }
    }
}

/// Whether hyper's HTTP/2 layer gave up on the connection (`http2 error: ...`), which is
/// what an HTTP/1.1 answer to HTTP/2's first bytes looks like to it.
fn is_http2_error(err: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause.to_string().starts_with("http2 error") {
            return true;
        }
        source = cause.source();
    }
    false
}

/// What to do after an attempt: keep its result, or wait and try again.
fn next_step(
    result: &Result<Answer, Failed>,
    attempt: u32,
    policy: &RetryPolicy,
) -> Option<Duration> {
    if attempt > policy.retries {
        return None;
    }
    match result {
        Err(Failed::BeforeAnswer(err)) if retry::retryable(err) => {
            Some(policy.backoff(attempt, fastrand::f64()))
        }
        // The server's `Retry-After`, when it sent one: it knows when it will have room.
        Ok(answer) if policy.retries_status(answer.response.status.as_u16()) => Some(
            answer
                .retry_after
                .unwrap_or_else(|| policy.backoff(attempt, fastrand::f64())),
        ),
        _ => None,
    }
}

/// An answer's head: what is known before its body is read.
pub(crate) struct Head {
    url: String,
    status: reqwest::StatusCode,
    reason: String,
    retry_after: Option<Duration>,
    content_type: String,
}

impl Head {
    pub(crate) fn of(
        url: &reqwest::Url,
        status: reqwest::StatusCode,
        headers: &reqwest::header::HeaderMap,
        extensions: &http::Extensions,
    ) -> Head {
        let (url, status, reason) = head(url, status, extensions);
        Head {
            url,
            status,
            reason,
            retry_after: retry::retry_after(headers),
            content_type: content_type(headers),
        }
    }

    /// The answer, with its body; a `.gif` that is no GIF is an error.
    pub(crate) fn answer(self, content: Bytes, attempts: u32) -> Result<Answer, Failed> {
        expect_gif(&self.url, self.status, &self.content_type, &content)
            .map_err(Failed::Reading)?;
        Ok(Answer {
            response: Response {
                url: self.url,
                status: self.status,
                reason: self.reason,
                content,
                attempts,
            },
            retry_after: self.retry_after,
        })
    }
}

/// One attempt's answer, with the wait the server asked for.
pub(crate) struct Answer {
    response: Response,
    retry_after: Option<Duration>,
}

/// How an attempt ended, for the timeline: its outcome, and for an error its kind.
fn ended(result: &Result<Response, FlagError>) -> (RequestOutcome, Option<String>) {
    match result {
        Ok(resp) => match resp.raise_for_status() {
            Ok(()) => (RequestOutcome::Ok, None),
            Err(FlagError::NotFound(_)) => (RequestOutcome::NotFound, None),
            Err(err) => (RequestOutcome::Error, Some(err.kind())),
        },
        Err(err) => (RequestOutcome::Error, Some(err.kind())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Timeline;

    fn response(status: u16) -> Result<Response, FlagError> {
        Ok(Response {
            url: "u".into(),
            status: reqwest::StatusCode::from_u16(status).expect("valid"),
            reason: String::new(),
            content: Default::default(),
            attempts: 1,
        })
    }

    #[test]
    fn the_timeline_notes_each_request_with_its_outcome() {
        let timeline = Timeline::new();
        let clone = timeline.clone();
        clone.note(
            "http://x/flags/br/br.gif",
            clone.now(),
            1,
            ended(&response(200)),
        );
        timeline.note(
            "http://x/flags/xx/metadata.json",
            0.0,
            1,
            ended(&response(404)),
        );
        timeline.note("http://x/flags/cd/cd.gif", 0.0, 1, ended(&response(418)));
        let requests = timeline.requests();
        assert_eq!(requests.len(), 3);
        let by_code = |code: &str| {
            requests
                .iter()
                .find(|r| r.code == code)
                .unwrap_or_else(|| panic!("{code}"))
        };
        assert_eq!(by_code("BR").outcome, RequestOutcome::Ok);
        assert_eq!(by_code("XX meta").outcome, RequestOutcome::NotFound);
        assert_eq!(by_code("CD").error.as_deref(), Some("HTTP 418"));
        assert!(requests.iter().all(|r| r.start <= r.end));
    }
}
