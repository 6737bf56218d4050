//! What the server has seen: counted as requests arrive and leave, read as [`Counters`];
//! and, when [`Config::record`](crate::Config::record) is on, each request ([`Served`]).

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

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
    /// Connections accepted. HTTP/1.1 carries one request at a time per connection, and a
    /// kept-alive connection carries the next: about one per request in flight at once (one
    /// per request with [`Config::close`](crate::Config::close)). HTTP/2 needs one for all.
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

/// One request as the server saw it (kept when [`Config::record`](crate::Config::record)
/// is on): the server's side of a client's timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Served {
    /// The path asked for: `/flags/br/br.gif`.
    pub path: String,
    /// Seconds from the server's start to the request's arrival.
    pub start: f64,
    /// Seconds from the server's start to the answer (or to the client hanging up).
    pub end: f64,
    /// The status answered; 0 when the client hung up first.
    pub status: u16,
}

#[derive(Debug)]
pub(crate) struct Stats {
    requests: AtomicU64,
    pub(crate) connections: AtomicU64,
    pub(crate) ok: AtomicU64,
    pub(crate) not_found: AtomicU64,
    pub(crate) injected_errors: AtomicU64,
    pub(crate) busy: AtomicU64,
    in_flight: AtomicU64,
    peak_in_flight: AtomicU64,
    started: Instant,
    served: Mutex<Vec<Served>>,
}

impl Default for Stats {
    fn default() -> Stats {
        Stats {
            requests: AtomicU64::default(),
            connections: AtomicU64::default(),
            ok: AtomicU64::default(),
            not_found: AtomicU64::default(),
            injected_errors: AtomicU64::default(),
            busy: AtomicU64::default(),
            in_flight: AtomicU64::default(),
            peak_in_flight: AtomicU64::default(),
            started: Instant::now(),
            served: Mutex::default(),
        }
    }
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

    /// Every request kept so far, in the order they were answered.
    pub(crate) fn served(&self) -> Vec<Served> {
        self.served.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Counts a request in; the guard counts it out when the response is ready or the
    /// client hangs up (then hyper drops the handler's future, and the guard with it).
    /// With `record`, the guard also keeps the request for [`Stats::served`].
    pub(crate) fn arrive(&self, path: &str, record: bool) -> InFlight<'_> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight {
            stats: self,
            record: record.then(|| Served {
                path: path.to_string(),
                start: self.started.elapsed().as_secs_f64(),
                end: 0.0,
                status: 0,
            }),
        }
    }
}

pub(crate) struct InFlight<'a> {
    stats: &'a Stats,
    record: Option<Served>,
}

impl InFlight<'_> {
    /// The status about to be sent, for the record.
    pub(crate) fn answered(&mut self, status: u16) {
        if let Some(served) = &mut self.record {
            served.status = status;
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.stats.in_flight.fetch_sub(1, Ordering::SeqCst);
        if let Some(mut served) = self.record.take() {
            served.end = self.stats.started.elapsed().as_secs_f64();
            if let Ok(mut all) = self.stats.served.lock() {
                all.push(served);
            }
        }
    }
}
