//! What the server has seen: counted as requests arrive and leave, read as [`Counters`].

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// What the server has seen so far: the ground truth a client's counts are checked against.
///
/// ```
/// let counters = flags_server::Counters { requests: 20, connections: 5, peak_in_flight: 5, ..Default::default() };
/// assert_eq!(
///     counters.to_string(),
///     "20 requests served on 5 connections, 0 errors injected, peak 5 in flight"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Counters {
    /// Requests received (answered or still waiting).
    pub requests: u64,
    /// Connections accepted: as many as the requests with HTTP/1.1 at most one request per
    /// connection at a time, one for them all with HTTP/2.
    #[serde(default)]
    pub connections: u64,
    /// Answered `200 OK`.
    pub ok: u64,
    /// Answered `404 Not Found`.
    pub not_found: u64,
    /// Answered `418 I'm a Teapot` on purpose (the error rate).
    pub injected_errors: u64,
    /// Answered `503 Service Unavailable` on purpose (the busy rate).
    #[serde(default)]
    pub busy: u64,
    /// Requests being handled right now.
    pub in_flight: u64,
    /// The most requests ever handled at once: how concurrent the client really was.
    pub peak_in_flight: u64,
}

impl fmt::Display for Counters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} request{} served on {} connection{}, {} error{} injected, ",
            self.requests,
            plural(self.requests),
            self.connections,
            plural(self.connections),
            self.injected_errors,
            plural(self.injected_errors),
        )?;
        if self.busy > 0 {
            write!(f, "{} busy (503), ", self.busy)?;
        }
        write!(f, "peak {} in flight", self.peak_in_flight)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Stats {
    requests: AtomicU64,
    pub(crate) connections: AtomicU64,
    pub(crate) ok: AtomicU64,
    pub(crate) not_found: AtomicU64,
    pub(crate) injected_errors: AtomicU64,
    pub(crate) busy: AtomicU64,
    in_flight: AtomicU64,
    peak_in_flight: AtomicU64,
}

impl Stats {
    pub(crate) fn snapshot(&self) -> Counters {
        let get = |n: &AtomicU64| n.load(Ordering::SeqCst);
        Counters {
            requests: get(&self.requests),
            connections: get(&self.connections),
            ok: get(&self.ok),
            not_found: get(&self.not_found),
            injected_errors: get(&self.injected_errors),
            busy: get(&self.busy),
            in_flight: get(&self.in_flight),
            peak_in_flight: get(&self.peak_in_flight),
        }
    }

    /// Counts a request in; the guard counts it out when the response is ready or the
    /// client hangs up (then hyper drops the handler's future, and the guard with it).
    pub(crate) fn arrive(&self) -> InFlight<'_> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(self)
    }
}

pub(crate) struct InFlight<'a>(&'a Stats);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
