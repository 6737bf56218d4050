//! What a server is told before it starts ([`Config`]): its delay ([`Delay`], of the delay
//! crate, which domains' DNS server shares), its error rate, its seed, where its files are,
//! how it listens and how it misbehaves on purpose (a small backlog, a slow accept, `503`s,
//! closed connections); and the book's three servers (LOCAL, DELAY, ERROR) as starting
//! points ([`Profile`]).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use delay::Delay;

/// The book's three test servers, as starting points for a [`Config`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// A plain static server on port 8000: no delay, no errors.
    Local,
    /// Every response waits 0.5 s; port 8001.
    Delay,
    /// Waits 0.5 s, then answers `418 I'm a Teapot` one time in four; port 8002.
    Error,
}

impl Profile {
    /// The port the book's `flags2_common.py` expects this server on.
    pub fn port(self) -> u16 {
        match self {
            Profile::Local => 8000,
            Profile::Delay => 8001,
            Profile::Error => 8002,
        }
    }

    /// The book's settings for this server, listening on an ephemeral loopback port.
    ///
    /// ```
    /// use flags_server::Profile;
    ///
    /// let error = Profile::Error.config();
    /// assert_eq!((error.delay.to_string(), error.error_rate), ("0.50s".to_string(), 0.25));
    /// assert_eq!(Profile::Error.port(), 8002);
    /// ```
    pub fn config(self) -> Config {
        let half_second = Delay::fixed(Duration::from_millis(500));
        let (delay, error_rate) = match self {
            Profile::Local => (Delay::NONE, 0.0),
            Profile::Delay => (half_second, 0.0),
            Profile::Error => (half_second, 0.25),
        };
        Config {
            delay,
            error_rate,
            ..Config::default()
        }
    }
}

/// Everything a server needs to know before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// How long each request waits.
    pub delay: Delay,
    /// The probability, from 0 to 1, that a request is answered `418 I'm a Teapot`.
    pub error_rate: f64,
    /// With a seed, each request's delay and error depend only on the seed, its path and
    /// how many times that path was asked before: a concurrent run, whatever the order its
    /// requests arrive in, gets the same outcome per country every time.
    pub seed: Option<u64>,
    /// Serve `DIR/flags/{cc}/...` from this folder instead of the generated flags.
    pub dir: Option<PathBuf>,
    /// Print one line per request on stdout (`BR delay: 0.50s`).
    pub log: bool,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// How many connections may wait to be accepted. The kernel drops a connect beyond
    /// it (the client retries its handshake 1 s later), as on an overloaded static server.
    pub backlog: u32,
    /// How long the server waits before accepting each connection: a slow server, whose
    /// small queue then overflows.
    pub accept_delay: Duration,
    /// The probability, from 0 to 1, that a request is answered `503 Service
    /// Unavailable` with `Retry-After`, as the book's remote site did when overloaded.
    pub busy_rate: f64,
    /// The seconds a `503` asks the client to wait (`Retry-After`).
    pub retry_after: u32,
    /// Close a connection quiet for this long in both directions (no request coming, no
    /// answer going): an idle or stalled client must not hold a connection for minutes.
    /// Raised to twice the longest delay, so a slow answer is never cut.
    pub idle_timeout: Duration,
    /// Close each connection after its answer (`Connection: close`), as Python's
    /// `http.server` does: every request then needs a new connect.
    pub close: bool,
    /// Keep every request's path, arrival, answer and status ([`Server::served`]), for a
    /// picture of a run (`flags-compare --timeline`). Off by default: a server left running
    /// for a class must not grow without end.
    ///
    /// [`Server::served`]: crate::Server::served
    pub record: bool,
}

impl Default for Config {
    /// The LOCAL server on an ephemeral loopback port, without logging.
    fn default() -> Self {
        Config {
            delay: Delay::NONE,
            error_rate: 0.0,
            seed: None,
            dir: None,
            log: false,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            backlog: 4096,
            accept_delay: Duration::ZERO,
            busy_rate: 0.0,
            retry_after: 1,
            idle_timeout: Duration::from_secs(10),
            close: false,
            record: false,
        }
    }
}
