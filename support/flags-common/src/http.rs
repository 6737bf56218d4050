//! The HTTP clients of the flags programs, shaped like the book's httpx: `client.get(url)`
//! returns the whole answer, `resp.raise_for_status()` turns an error status into an
//! error, `resp.content` is the body. Each request is noted on the run's timeline as it
//! goes, so that a lesson's `get_flag` reads like the book's and nothing else. A request
//! that failed before its answer is tried again, as [`crate::retry`] explains.

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::FlagError;
use crate::retry::{self, RetryPolicy};
use crate::timeline::Timeline;

/// The HTTP version the clients speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HttpVersion {
    /// HTTP/1.1 only, as the book's httpx by default.
    #[default]
    Http1,
    /// HTTP/2 from the first byte, over plain TCP (`--http2` with an `http://` URL).
    Http2PriorKnowledge,
    /// HTTP/2 if the server agrees during the TLS handshake (`--http2` with `https://`).
    Http2Negotiated,
}

impl HttpVersion {
    /// The version for `--http2` (or not) and a base URL.
    pub fn for_url(http2: bool, base_url: &str) -> HttpVersion {
        match (http2, base_url.starts_with("https://")) {
            (false, _) => HttpVersion::Http1,
            (true, false) => HttpVersion::Http2PriorKnowledge,
            (true, true) => HttpVersion::Http2Negotiated,
        }
    }
}

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

/// The async client: one connection pool for every request of a run.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    timeline: Timeline,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: u64,
    proxy: Option<String>,
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
                proxy: crate::report::masked(proxy),
                source: err,
            },
            (Failed::BeforeAnswer(err), _) => FlagError::from(err),
            (Failed::Reading(err), _) => err,
        }
    }
}

/// The proxy the requests to `base_url` go through, from the environment (`http_proxy`,
/// `HTTPS_PROXY`, `ALL_PROXY`...), as school networks set them; never for a server on
/// this machine (the built-in ones), whatever the environment says. `NO_PROXY` is left to
/// reqwest.
fn proxy_for(base_url: &str) -> Option<String> {
    let url = reqwest::Url::parse(base_url).ok()?;
    let loopback = match url.host()? {
        url::Host::Domain(name) => name == "localhost" || name.ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if loopback {
        return None;
    }
    let names: &[&str] = if url.scheme() == "https" {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"]
    };
    names
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
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

impl Client {
    pub(crate) fn new(
        timeout: Duration,
        retry: RetryPolicy,
        version: HttpVersion,
        max_body: u64,
        base_url: &str,
        timeline: Timeline,
    ) -> reqwest::Result<Client> {
        install_crypto_provider();
        // A server on this machine is never reached through a proxy; any other, through
        // the environment's, as reqwest does.
        let proxy = proxy_for(base_url);
        let mut builder =
            reqwest::Client::builder().connect_timeout(retry.connect_timeout.min(timeout));
        if proxy.is_none() {
            builder = builder.no_proxy();
        }
        let http = match version {
            // HTTP/1.1, as the book's httpx speaks unless asked otherwise: one request per
            // connection at a time, so `-m 100` opens 100 connections.
            HttpVersion::Http1 => builder.http1_only(),
            // HTTP/2 spoken at once over plain TCP ("prior knowledge"): every request is a
            // stream on one connection.
            HttpVersion::Http2PriorKnowledge => builder.http2_prior_knowledge(),
            // https: HTTP/2 when the server agrees in the TLS handshake.
            HttpVersion::Http2Negotiated => builder,
        }
        .build()?;
        Ok(Client {
            http,
            timeline,
            timeout,
            retry,
            max_body,
            proxy,
        })
    }

    /// `await client.get(url)`: sends the request and reads the whole answer, trying again
    /// as the retry policy allows, all within the timeout. Each `.await` inside is a point
    /// where this task gives its thread back until the network answers.
    pub async fn get(&self, url: &str) -> Result<Response, FlagError> {
        let deadline = Instant::now() + self.timeout;
        let mut attempt = 1;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let start = self.timeline.now();
            let result = self.attempt(url, remaining, attempt).await;
            let step = next_step(&result, attempt, &self.retry);
            let result = result
                .map(|r| r.response)
                .map_err(|failed| failed.error(self.proxy.as_deref()));
            self.timeline.note(url, start, attempt, &result);
            match step {
                // Only a wait that ends before the deadline leaves time for another try.
                Some(wait) if Instant::now() + wait < deadline => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return result.map_err(|err| FlagError::after(attempt, err)),
            }
        }
    }

    async fn attempt(
        &self,
        url: &str,
        remaining: Duration,
        attempts: u32,
    ) -> Result<Answer, Failed> {
        let resp = self
            .http
            .get(url)
            .timeout(remaining)
            .send()
            .await
            .map_err(Failed::BeforeAnswer)?;
        let (url, status, reason) = head(resp.url(), resp.status(), resp.extensions());
        let retry_after = retry::retry_after(resp.headers());
        let content = read_capped(resp, self.max_body)
            .await
            .map_err(Failed::Reading)?;
        Ok(Answer {
            response: Response {
                url,
                status,
                reason,
                content,
                attempts,
            },
            retry_after,
        })
    }
}

/// One attempt's answer, with the wait the server asked for.
struct Answer {
    response: Response,
    retry_after: Option<Duration>,
}

/// The blocking client, for the sequential and thread-pool versions.
#[derive(Debug, Clone)]
pub struct BlockingClient {
    http: reqwest::blocking::Client,
    timeline: Timeline,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: u64,
    proxy: Option<String>,
}

impl BlockingClient {
    pub(crate) fn new(
        timeout: Duration,
        retry: RetryPolicy,
        version: HttpVersion,
        max_body: u64,
        base_url: &str,
        timeline: Timeline,
    ) -> reqwest::Result<BlockingClient> {
        install_crypto_provider();
        let proxy = proxy_for(base_url);
        let mut builder = reqwest::blocking::Client::builder()
            .connect_timeout(retry.connect_timeout.min(timeout));
        if proxy.is_none() {
            builder = builder.no_proxy();
        }
        let http = match version {
            HttpVersion::Http1 => builder.http1_only(),
            HttpVersion::Http2PriorKnowledge => builder.http2_prior_knowledge(),
            HttpVersion::Http2Negotiated => builder,
        }
        .build()?;
        Ok(BlockingClient {
            http,
            timeline,
            timeout,
            retry,
            max_body,
            proxy,
        })
    }

    /// `httpx.get(url)`: blocks the calling thread until the whole answer has arrived,
    /// trying again as the retry policy allows, all within the timeout.
    pub fn get(&self, url: &str) -> Result<Response, FlagError> {
        let deadline = Instant::now() + self.timeout;
        let mut attempt = 1;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let start = self.timeline.now();
            let result = self.attempt(url, remaining, attempt);
            let step = next_step(&result, attempt, &self.retry);
            let result = result
                .map(|r| r.response)
                .map_err(|failed| failed.error(self.proxy.as_deref()));
            self.timeline.note(url, start, attempt, &result);
            match step {
                Some(wait) if Instant::now() + wait < deadline => {
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                _ => return result.map_err(|err| FlagError::after(attempt, err)),
            }
        }
    }

    fn attempt(&self, url: &str, remaining: Duration, attempts: u32) -> Result<Answer, Failed> {
        let resp = self
            .http
            .get(url)
            .timeout(remaining)
            .send()
            .map_err(Failed::BeforeAnswer)?;
        let (url, status, reason) = head(resp.url(), resp.status(), resp.extensions());
        let retry_after = retry::retry_after(resp.headers());
        let content = read_capped_blocking(resp, self.max_body).map_err(Failed::Reading)?;
        Ok(Answer {
            response: Response {
                url,
                status,
                reason,
                content,
                attempts,
            },
            retry_after,
        })
    }
}

/// The body, read as it comes, chunk by chunk, and refused past `max` bytes: a server
/// that sends an endless or huge body costs at most `max` bytes of memory.
async fn read_capped(mut resp: reqwest::Response, max: u64) -> Result<Bytes, FlagError> {
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(FlagError::TooLarge(max));
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await? {
        if (body.len() + chunk.len()) as u64 > max {
            return Err(FlagError::TooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// [`read_capped`] for the blocking client.
fn read_capped_blocking(resp: reqwest::blocking::Response, max: u64) -> Result<Bytes, FlagError> {
    use std::io::Read as _;
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(FlagError::TooLarge(max));
    }
    let mut body = Vec::new();
    // One byte more than allowed tells a body that is too large from one that fits.
    let read = resp.take(max + 1).read_to_end(&mut body);
    match read {
        Ok(_) if body.len() as u64 > max => Err(FlagError::TooLarge(max)),
        Ok(_) => Ok(Bytes::from(body)),
        Err(err) => Err(FlagError::Body(err)),
    }
}

/// The URL, the status and its reason phrase: the one the server sent when it is not the
/// standard one (hyper keeps it aside), so that `418 I'm a Teapot` prints as the book's.
fn head(
    url: &reqwest::Url,
    status: reqwest::StatusCode,
    extensions: &http::Extensions,
) -> (String, reqwest::StatusCode, String) {
    let reason = extensions
        .get::<hyper::ext::ReasonPhrase>()
        .map(|reason| String::from_utf8_lossy(reason.as_bytes()).into_owned())
        .or_else(|| status.canonical_reason().map(str::to_string))
        .unwrap_or_default();
    (url.to_string(), status, reason)
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

/// rustls needs a crypto provider chosen once per process; we build it with `ring`.
fn install_crypto_provider() {
    // An error means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
