//! One answer, as the book's httpx gives it: status, reason, body, and
//! `raise_for_status()`.

use bytes::Bytes;

use crate::FlagError;

/// One answer, read to its end: the `httpx.Response` of the book.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that was asked.
    pub url: String,
    /// The status code; [`Response::raise_for_status`] turns an error status into an error.
    pub status: reqwest::StatusCode,
    /// The reason phrase the server sent (`I'm a Teapot`), or the standard one.
    pub reason: String,
    /// The body, read whole (up to `--max-body`), as httpx's `resp.content`.
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
