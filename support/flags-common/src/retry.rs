//! When a failed request is tried again, and how long to wait first.
//!
//! What is safe to retry: every request here is a GET, which changes nothing on the
//! server, so sending it twice is harmless (there is no POST to worry about). What is
//! worth retrying: a request that failed before any answer came (a connect that timed out
//! because the server's queue was full, a connection reset or closed before the answer).
//! Not a refused connect (nobody listens: trying again will not help), not an error
//! status (the book's 404s and 418s are answers, and count as the book counts them),
//! unless `--retry-status` names it (503, 429), when the server's `Retry-After` is obeyed.
//!
//! How long to wait: exponential backoff with full jitter, a random wait between 0 and
//! base × 2^(n - 1) before the n-th retry (capped). Clients that retry in step make the
//! next overload; random waits spread them out. And never past `--timeout` in all for one
//! flag.

use std::error::Error as _;
use std::time::Duration;

/// The retry settings of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// How many times a request may be tried again (`--retries`, default 2).
    pub retries: u32,
    /// Error statuses that are retried too (`--retry-status 503,429`); none by default.
    pub retry_status: Vec<u16>,
    /// How long a connect may take before it is given up and tried again
    /// (`--connect-timeout`): far less than `--timeout`, so that a connect the server
    /// dropped is retried long before the kernel's own retry, 1 s later.
    pub connect_timeout: Duration,
    /// The first backoff's upper bound; each retry doubles it.
    pub base: Duration,
    /// The backoff's largest upper bound.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            retries: 2,
            retry_status: Vec::new(),
            connect_timeout: Duration::from_millis(500),
            base: Duration::from_millis(100),
            cap: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (`--retries 0`).
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The longest wait before retry number `attempt` (1 for the first retry):
    /// min(cap, base × 2^(attempt - 1)).
    pub fn bound(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// Full jitter: a wait drawn uniformly from 0 to [`RetryPolicy::bound`], given a
    /// uniform draw `u` in `[0, 1)`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = flags_common::RetryPolicy::default();
    /// assert_eq!(policy.backoff(1, 0.5), Duration::from_millis(50));
    /// assert_eq!(policy.backoff(3, 0.5), Duration::from_millis(200));
    /// assert_eq!(policy.backoff(10, 0.5), Duration::from_secs(1), "capped at 2 s");
    /// ```
    pub fn backoff(&self, attempt: u32, u: f64) -> Duration {
        self.bound(attempt).mul_f64(u.clamp(0.0, 1.0))
    }

    /// Whether an answer with this status is retried.
    pub fn retries_status(&self, status: u16) -> bool {
        self.retry_status.contains(&status)
    }
}

/// Whether a request that failed before its answer is worth trying again: yes, unless
/// the connect was refused (nobody listens) or the request's whole time ran out.
pub fn retryable(err: &reqwest::Error) -> bool {
    if refused(err) {
        return false;
    }
    // A connect timeout is a connect error that timed out: retried. Any other timeout
    // used the whole remaining time: not.
    err.is_connect() || !err.is_timeout()
}

/// True when the cause is a refused connection.
fn refused(err: &reqwest::Error) -> bool {
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The seconds of a `Retry-After: 2` header (the date form is not used by our servers),
/// at most a day: a server may send any number, and no run waits that long anyway
/// (`--timeout` is at most an hour).
///
/// ```
/// use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
/// let mut headers = HeaderMap::new();
/// headers.insert(RETRY_AFTER, HeaderValue::from_static("18446744073709551615"));
/// assert_eq!(flags_common::retry::retry_after(&headers), Some(std::time::Duration::from_secs(86_400)));
/// ```
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_secs(seconds.min(86_400)))
}

/// Parses one status of `--retry-status 503,429`: an HTTP error status, 400 to 599.
pub fn parse_status(s: &str) -> Result<u16, String> {
    match s.trim().parse::<u16>() {
        Ok(code) if (400..=599).contains(&code) => Ok(code),
        _ => Err("must be HTTP error statuses, 400 to 599, separated by commas".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_within_zero_and_the_doubling_capped_bound() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.bound(1), Duration::from_millis(100));
        assert_eq!(policy.bound(2), Duration::from_millis(200));
        assert_eq!(policy.bound(5), Duration::from_millis(1600));
        assert_eq!(policy.bound(6), Duration::from_secs(2));
        assert_eq!(policy.bound(60), Duration::from_secs(2));
        for attempt in 1..8 {
            for _ in 0..200 {
                let wait = policy.backoff(attempt, fastrand::f64());
                assert!(wait <= policy.bound(attempt), "{attempt}: {wait:?}");
            }
            assert_eq!(policy.backoff(attempt, 0.0), Duration::ZERO);
        }
    }

    #[test]
    fn statuses_parse_as_http_errors_only() {
        assert_eq!(parse_status("503"), Ok(503));
        for bad in ["200", "abc", "", "1000", "-1"] {
            assert!(parse_status(bad).is_err(), "{bad}");
        }
    }
}
