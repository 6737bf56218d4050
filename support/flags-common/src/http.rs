//! The HTTP clients of the flags programs, shaped like the book's httpx: `client.get(url)`
//! returns the whole answer, `resp.raise_for_status()` turns an error status into an
//! error, `resp.content` is the body. Each request is noted on the run's timeline as it
//! goes, so that a lesson's `get_flag` reads like the book's and nothing else.

use std::time::Duration;

use bytes::Bytes;

use crate::FlagError;
use crate::timeline::Timeline;

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
            Err(FlagError::Http {
                code: self.status.as_u16(),
                reason: self.reason.clone(),
            })
        }
    }
}

/// The async client: one connection pool for every request of a run.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    timeline: Timeline,
}

impl Client {
    pub(crate) fn new(timeout: Duration, timeline: Timeline) -> reqwest::Result<Client> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            // HTTP/1.1, as the book's httpx speaks unless asked otherwise: one request per
            // connection at a time, so `-m 100` opens 100 connections.
            .http1_only()
            .build()?;
        Ok(Client { http, timeline })
    }

    /// `await client.get(url)`: sends the request and reads the whole answer. Each
    /// `.await` inside is a point where this task gives its thread back until the network
    /// answers.
    pub async fn get(&self, url: &str) -> Result<Response, FlagError> {
        let start = self.timeline.now();
        let response = async {
            let resp = self.http.get(url).send().await?;
            let (url, status, reason) = head(resp.url(), resp.status(), resp.extensions());
            let content = resp.bytes().await?;
            Ok(Response {
                url,
                status,
                reason,
                content,
            })
        }
        .await;
        self.timeline.note(url, start, &response);
        response
    }
}

/// The blocking client, for the sequential and thread-pool versions.
#[derive(Debug, Clone)]
pub struct BlockingClient {
    http: reqwest::blocking::Client,
    timeline: Timeline,
}

impl BlockingClient {
    pub(crate) fn new(timeout: Duration, timeline: Timeline) -> reqwest::Result<BlockingClient> {
        install_crypto_provider();
        let http = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .http1_only()
            .build()?;
        Ok(BlockingClient { http, timeline })
    }

    /// `httpx.get(url)`: blocks the calling thread until the whole answer has arrived.
    pub fn get(&self, url: &str) -> Result<Response, FlagError> {
        let start = self.timeline.now();
        let response = (|| {
            let resp = self.http.get(url).send()?;
            let (url, status, reason) = head(resp.url(), resp.status(), resp.extensions());
            let content = resp.bytes()?;
            Ok(Response {
                url,
                status,
                reason,
                content,
            })
        })();
        self.timeline.note(url, start, &response);
        response
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
