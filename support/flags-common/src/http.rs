//! The HTTP clients of the flags programs, shaped like the book's httpx: `client.get(url)`
//! returns the whole answer, `resp.raise_for_status()` turns an error status into an
//! error, `resp.content` is the body. Each request is noted on the run's timeline as it
//! goes, so that a lesson's `get_flag` reads like the book's and nothing else. A request
//! that failed before its answer is tried again, as [`crate::retry`] explains.

use std::time::{Duration, Instant};

use crate::FlagError;
use crate::attempt::{Answer, Failed, Head, Requests, Step, retrying};
pub use crate::response::Response;
pub use crate::transport::HttpVersion;
use crate::transport::{install_crypto_provider, read_capped, read_capped_blocking};

/// The same settings for the async and the blocking builder (two types with the same
/// methods): the connect timeout, no proxy for this machine (nor TLS roots for a plain
/// `http://` one), the HTTP version.
macro_rules! configure {
    ($builder:expr, $requests:expr, $version:expr) => {{
        let requests: &Requests = $requests;
        let mut builder =
            $builder.connect_timeout(requests.retry.connect_timeout.min(requests.timeout));
        if requests.proxy.is_none() {
            builder = builder.no_proxy();
            // A plain `http://` site reached directly needs no certificates.
            if requests.plain_http {
                builder = builder.tls_certs_only([]);
            }
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

/// The async client: one connection pool for every request of a run.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    requests: Requests,
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
