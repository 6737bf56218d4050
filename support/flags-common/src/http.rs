//! The HTTP clients of the flags programs, shaped like the book's httpx: `client.get(url)`
//! returns the whole answer, `resp.raise_for_status()` turns an error status into an
//! error, `resp.content` is the body. Each request is noted on the run's timeline as it
//! goes, so that a lesson's `get_flag` reads like the book's and nothing else. A request
//! that failed before its answer is tried again, as [`crate::retry`] explains.

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::FlagError;
use crate::retry::{self, RetryPolicy};
use crate::timeline::{RequestOutcome, Timeline};
pub use crate::transport::HttpVersion;
use crate::transport::{
    content_type, expect_gif, head, install_crypto_provider, proxy_for, read_capped,
    read_capped_blocking,
};

/// One answer, read to its end: the `httpx.Response` of the book.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that was asked.
    pub url: String,
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The reason phrase the server sent (`I'm a Teapot`), or the standard one.
    pub reason: String,
    /// The body.
    pub content: Bytes,
    /// How many times the request was sent to get this answer.
    pub attempts: u32,
}

impl Response {
    /// The `raise_for_status()` of httpx: a 404 becomes [`FlagError::NotFound`], any
    /// other error status [`FlagError::Http`] with the reason phrase the server sent.
    ///
    /// ```
    /// use flags_common::{FlagError, Job};
    /// use flags_server::{Config, Server};
    ///
    /// let server = Server::start(Config { error_rate: 1.0, ..Config::default() })?;
    /// let job = Job::new(vec![], server.base_url(), 1, std::time::Duration::from_secs(3), ".".into());
    /// let resp = job.blocking_client()?.get(&format!("{}/br/br.gif", server.base_url()))?;
    /// match resp.raise_for_status() {
    ///     Err(FlagError::Http { code, reason }) => assert_eq!((code, reason.as_str()), (418, "I'm a Teapot")),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn raise_for_status(&self) -> Result<(), FlagError> {
        if self.status.is_success() {
            Ok(())
        } else if self.status == reqwest::StatusCode::NOT_FOUND {
            Err(FlagError::NotFound(self.url.clone()))
        } else {
            let err = FlagError::Http {
                code: self.status.as_u16(),
                reason: self.reason.clone(),
            };
            Err(FlagError::after(self.attempts, err))
        }
    }
}

/// What both clients share: where they note each attempt, and how they retry.
#[derive(Debug, Clone)]
pub(crate) struct Requests {
    /// Where each attempt is noted.
    pub(crate) timeline: Timeline,
    /// The time one request may take, all its attempts together.
    pub(crate) timeout: Duration,
    /// When a failed attempt is tried again.
    pub(crate) retry: RetryPolicy,
    /// The largest body taken.
    pub(crate) max_body: u64,
    /// The proxy of the environment the requests go through, if any.
    pub(crate) proxy: Option<String>,
}

/// What comes after an attempt: a wait and another try, or the request's result.
enum Step {
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
        }
    }

    /// Notes attempt `attempt`, sent at `start`, and decides: another try (only if its
    /// wait ends before the deadline), or the result, naming the attempts if it failed.
    fn settle(
        &self,
        url: &str,
        start: f64,
        attempt: u32,
        deadline: Instant,
        result: Result<Answer, Failed>,
    ) -> Step {
        let wait = next_step(&result, attempt, &self.retry);
        let result = result
            .map(|answer| answer.response)
            .map_err(|failed| failed.error(self.proxy.as_deref()));
        self.timeline.note(url, start, attempt, ended(&result));
        match wait {
            Some(wait) if Instant::now() + wait < deadline => Step::Retry(wait),
            _ => Step::Done(result.map_err(|err| FlagError::after(attempt, err))),
        }
    }
}

/// The same settings for the async and the blocking builder (two types with the same
/// methods): the connect timeout, no proxy for this machine, the HTTP version.
macro_rules! configure {
    ($builder:expr, $requests:expr, $version:expr) => {{
        let requests: &Requests = $requests;
        let mut builder =
            $builder.connect_timeout(requests.retry.connect_timeout.min(requests.timeout));
        if requests.proxy.is_none() {
            builder = builder.no_proxy();
        }
        match $version {
            // HTTP/1.1, as the book's httpx speaks unless asked otherwise: one request per
            // connection at a time, so `-m 100` opens 100 connections.
            HttpVersion::Http1 => builder.http1_only(),
            // HTTP/2 spoken at once over plain TCP ("prior knowledge"): every request is a
            // stream on one connection.
            HttpVersion::Http2PriorKnowledge => builder.http2_prior_knowledge(),
            // https: HTTP/2 when the server agrees in the TLS handshake.
            HttpVersion::Http2Negotiated => builder,
        }
    }};
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

/// The async client: one connection pool for every request of a run.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    requests: Requests,
}

/// One attempt's failure: before the answer (perhaps worth a retry) or while reading it.
enum Failed {
    BeforeAnswer(reqwest::Error),
    Reading(FlagError),
}

impl Failed {
    /// The error to report; a connection that failed through a proxy names the proxy.
    fn error(self, proxy: Option<&str>) -> FlagError {
        match (self, proxy) {
            (Failed::BeforeAnswer(err), Some(proxy)) if err.is_connect() => FlagError::Proxy {
                proxy: crate::transport::masked(proxy),
                source: err,
            },
            (Failed::BeforeAnswer(err), _) => FlagError::from(err),
            (Failed::Reading(err), _) => err,
        }
    }
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
struct Head {
    url: String,
    status: reqwest::StatusCode,
    reason: String,
    retry_after: Option<Duration>,
    content_type: String,
}

impl Head {
    fn of(
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
    fn answer(self, content: Bytes, attempts: u32) -> Result<Answer, Failed> {
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
struct Answer {
    response: Response,
    retry_after: Option<Duration>,
}

impl Client {
    pub(crate) fn new(requests: Requests, version: HttpVersion) -> reqwest::Result<Client> {
        install_crypto_provider();
        let http = configure!(reqwest::Client::builder(), &requests, version).build()?;
        Ok(Client { http, requests })
    }

    /// `await client.get(url)`: sends the request and reads the whole answer, trying again
    /// as the retry policy allows, all within the timeout. Each `.await` inside is a point
    /// where this task gives its thread back until the network answers.
    pub async fn get(&self, url: &str) -> Result<Response, FlagError> {
        retrying!(
            self.requests,
            url,
            |remaining, attempt| { self.attempt(url, remaining, attempt).await },
            |wait| tokio::time::sleep(wait).await
        )
    }

    async fn attempt(
        &self,
        url: &str,
        remaining: Duration,
        attempt: u32,
    ) -> Result<Answer, Failed> {
        let resp = self
            .http
            .get(url)
            .timeout(remaining)
            .send()
            .await
            .map_err(Failed::BeforeAnswer)?;
        let head = Head::of(resp.url(), resp.status(), resp.headers(), resp.extensions());
        let content = read_capped(resp, self.requests.max_body)
            .await
            .map_err(Failed::Reading)?;
        head.answer(content, attempt)
    }
}

/// The blocking client, for the sequential and thread-pool versions.
#[derive(Debug, Clone)]
pub struct BlockingClient {
    http: reqwest::blocking::Client,
    requests: Requests,
}

impl BlockingClient {
    pub(crate) fn new(requests: Requests, version: HttpVersion) -> reqwest::Result<BlockingClient> {
        install_crypto_provider();
        let http = configure!(reqwest::blocking::Client::builder(), &requests, version).build()?;
        Ok(BlockingClient { http, requests })
    }

    /// `httpx.get(url)`: blocks the calling thread until the whole answer has arrived,
    /// trying again as the retry policy allows, all within the timeout.
    pub fn get(&self, url: &str) -> Result<Response, FlagError> {
        retrying!(
            self.requests,
            url,
            |remaining, attempt| { self.attempt(url, remaining, attempt) },
            |wait| std::thread::sleep(wait)
        )
    }

    fn attempt(&self, url: &str, remaining: Duration, attempt: u32) -> Result<Answer, Failed> {
        let resp = self
            .http
            .get(url)
            .timeout(remaining)
            .send()
            .map_err(Failed::BeforeAnswer)?;
        let head = Head::of(resp.url(), resp.status(), resp.headers(), resp.extensions());
        let content =
            read_capped_blocking(resp, self.requests.max_body).map_err(Failed::Reading)?;
        head.answer(content, attempt)
    }
}

impl From<reqwest::Error> for FlagError {
    /// Sorts a failed request by kind, as the book's `except` clauses do.
    fn from(err: reqwest::Error) -> FlagError {
        if err.is_timeout() {
            FlagError::Timeout(err)
        } else if err.is_connect() {
            FlagError::Connect(err)
        } else {
            FlagError::Request(err)
        }
    }
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
