//! A local HTTP server that stands in for the book's test servers (LOCAL, DELAY, ERROR).
//!
//! It serves `GET /flags/{cc}/{cc}.gif` and `GET /flags/{cc}/metadata.json` for the 194
//! countries of the book's dataset, with flags drawn by the program ([`art`]) or read from a
//! folder laid out like the book's. Every request can wait ([`Delay`]) and fail with
//! `418 I'm a Teapot` (the error rate), exactly where the book's slow server does: after the
//! delay, whether or not the file exists.
//!
//! [`Server::start`] runs it on its own thread with its own tokio runtime, so a client under
//! test never shares an executor with it. The binary (`cargo run -p flags-server`) is the
//! same server for the book's own Python scripts.

pub mod art;
pub mod countries;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::oneshot;

/// How long each request waits before it is answered: fixed, or drawn uniformly per request.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Delay {
    /// The shortest wait.
    pub min: Duration,
    /// The longest wait; equal to `min` for a fixed delay.
    pub max: Duration,
}

impl Delay {
    /// No delay at all (the LOCAL server).
    pub const NONE: Delay = Delay::fixed(Duration::ZERO);

    /// The same delay for every request.
    pub const fn fixed(delay: Duration) -> Delay {
        Delay {
            min: delay,
            max: delay,
        }
    }

    /// True when every request waits the same time.
    ///
    /// ```
    /// use flags_server::Delay;
    ///
    /// assert!("0.5".parse::<Delay>().unwrap().is_fixed());
    /// assert!(!"0.5..5".parse::<Delay>().unwrap().is_fixed());
    /// ```
    pub fn is_fixed(&self) -> bool {
        self.min == self.max
    }

    /// The delay for one request, given a uniform draw `u` in `[0, 1)`.
    fn pick(&self, u: f64) -> Duration {
        self.min + (self.max - self.min).mul_f64(u)
    }
}

/// Why a `--delay` value was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error(
    "delay must be SECONDS or MIN..MAX in seconds (e.g. 0.5 or 0.5..5), each >= 0 and MIN <= MAX"
)]
pub struct DelayError;

impl FromStr for Delay {
    type Err = DelayError;

    /// Parses `0.5` (seconds) or `0.5..5` (a uniform range).
    ///
    /// ```
    /// use std::time::Duration;
    /// use flags_server::Delay;
    ///
    /// let delay: Delay = "0.5..5".parse().unwrap();
    /// assert_eq!((delay.min, delay.max), (Duration::from_millis(500), Duration::from_secs(5)));
    /// assert!("-1".parse::<Delay>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let seconds = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .and_then(|x| Duration::try_from_secs_f64(x).ok())
                .ok_or(DelayError)
        };
        let delay = match s.split_once("..") {
            Some((min, max)) => Delay {
                min: seconds(min)?,
                max: seconds(max)?,
            },
            None => Delay::fixed(seconds(s)?),
        };
        if delay.min > delay.max {
            return Err(DelayError);
        }
        Ok(delay)
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_fixed() {
            write!(f, "{:.2}s", self.min.as_secs_f64())
        } else {
            let (min, max) = (self.min.as_secs_f64(), self.max.as_secs_f64());
            write!(f, "{min:.2}..{max:.2}s")
        }
    }
}

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
        }
    }
}

/// What the server has seen so far: the ground truth a client's counts are checked against.
///
/// ```
/// let counters = flags_server::Counters { requests: 20, peak_in_flight: 5, ..Default::default() };
/// assert_eq!(counters.to_string(), "20 requests served, 0 errors injected, peak 5 in flight");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Requests received (answered or still waiting).
    pub requests: u64,
    /// Answered `200 OK`.
    pub ok: u64,
    /// Answered `404 Not Found`.
    pub not_found: u64,
    /// Answered `418 I'm a Teapot` on purpose (the error rate).
    pub injected_errors: u64,
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
            "{} request{} served, {} error{} injected, peak {} in flight",
            self.requests,
            plural(self.requests),
            self.injected_errors,
            plural(self.injected_errors),
            self.peak_in_flight
        )
    }
}

#[derive(Debug, Default)]
struct Stats {
    requests: AtomicU64,
    ok: AtomicU64,
    not_found: AtomicU64,
    injected_errors: AtomicU64,
    in_flight: AtomicU64,
    peak_in_flight: AtomicU64,
}

impl Stats {
    fn snapshot(&self) -> Counters {
        let get = |n: &AtomicU64| n.load(Ordering::SeqCst);
        Counters {
            requests: get(&self.requests),
            ok: get(&self.ok),
            not_found: get(&self.not_found),
            injected_errors: get(&self.injected_errors),
            in_flight: get(&self.in_flight),
            peak_in_flight: get(&self.peak_in_flight),
        }
    }

    /// Counts a request in; the guard counts it out when the response is ready or the
    /// client hangs up (then hyper drops the handler's future, and the guard with it).
    fn arrive(&self) -> InFlight<'_> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(self)
    }
}

struct InFlight<'a>(&'a Stats);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running server. Dropping it stops the server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stats: Arc<Stats>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on its own thread and runtime, and returns once it is listening.
    ///
    /// ```
    /// use flags_server::{Config, Server};
    ///
    /// let server = Server::start(Config::default())?;
    /// assert!(server.base_url().starts_with("http://127.0.0.1:"));
    /// assert_eq!(server.counters().requests, 0);
    /// server.stop();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start(config: Config) -> io::Result<Server> {
        if config.dir.is_none() {
            // Draw the flags now (once per process), not while the first request waits.
            art::all_flags();
        }
        let stats = Arc::new(Stats::default());
        let app = Arc::new(App::new(config, Arc::clone(&stats)));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("flags-server".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("flags-server")
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(err) => {
                        let _ = ready_tx.send(Err(err));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let listener = match listen(app.config.addr) {
                        Ok(listener) => listener,
                        Err(err) => {
                            let _ = ready_tx.send(Err(err));
                            return;
                        }
                    };
                    let _ = ready_tx.send(listener.local_addr());
                    let router = axum::Router::new().fallback(handle).with_state(app);
                    tokio::select! {
                        result = axum::serve(listener, router).into_future() => {
                            if let Err(err) = result {
                                eprintln!("flags-server: {err}");
                            }
                        }
                        _ = stop_rx => {}
                    }
                });
                // Dropping the runtime here cancels every request still waiting.
            })?;
        let addr = ready_rx
            .recv()
            .map_err(|_| io::Error::other("the server thread stopped before listening"))??;
        Ok(Server {
            addr,
            stats,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL a client puts `/{cc}/{cc}.gif` after: `http://127.0.0.1:PORT/flags`.
    pub fn base_url(&self) -> String {
        format!("http://{}/flags", self.addr)
    }

    /// What the server has seen so far.
    pub fn counters(&self) -> Counters {
        self.stats.snapshot()
    }

    /// Stops the server (requests still waiting are dropped) and returns its final counters.
    pub fn stop(mut self) -> Counters {
        self.shutdown();
        self.counters()
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds with a deep accept queue: when a client opens 1,000 connections at once, they all
/// wait in line instead of being refused (std's `TcpListener::bind` queues only 128).
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// The shared state of the request handlers.
struct App {
    config: Config,
    seed: u64,
    stats: Arc<Stats>,
    /// How many times each path was asked, for reproducible seeded draws.
    seen: Mutex<HashMap<String, u64>>,
}

impl App {
    fn new(config: Config, stats: Arc<Stats>) -> App {
        let seed = config.seed.unwrap_or_else(|| fastrand::u64(..));
        App {
            config,
            seed,
            stats,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// This request's delay, and whether it fails: a function of the seed, the path and
    /// how many times the path was asked before.
    fn draw(&self, path: &str) -> (Duration, bool) {
        let nth = {
            // A std Mutex is right here: it is held for a map update, never across an .await.
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let count = seen.entry(path.to_owned()).or_insert(0);
            *count += 1;
            *count - 1
        };
        let mut rng = fastrand::Rng::with_seed(
            self.seed
                ^ art::fnv1a(path.as_bytes()).rotate_left(17)
                ^ nth.wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        let delay = self.config.delay.pick(rng.f64());
        let fail = rng.f64() < self.config.error_rate;
        (delay, fail)
    }

    /// The file at `path`, if the dataset has one.
    /// The generated flags are served from the bytes drawn at start, without a copy.
    async fn lookup(&self, path: &str) -> Option<(&'static str, Bytes)> {
        let (cc, file) = parse_flag_path(path)?;
        let content_type = if file == "metadata.json" {
            "application/json"
        } else {
            "image/gif"
        };
        let body = match &self.config.dir {
            Some(dir) => Bytes::from(read_inside(dir, &format!("flags/{cc}/{file}")).await?),
            None => {
                let index = countries::COUNTRIES
                    .iter()
                    .position(|c| c.iso_cc.eq_ignore_ascii_case(cc))?;
                if file == "metadata.json" {
                    Bytes::from(countries::COUNTRIES[index].metadata_json())
                } else {
                    Bytes::from_static(&art::all_flags()[index])
                }
            }
        };
        Some((content_type, body))
    }
}

/// Splits `/flags/br/br.gif` into `("br", "br.gif")`; `None` for any other shape. Only two
/// lower-case letters and the two known file names get through, so no path built from the
/// result can climb out of the served folder.
fn parse_flag_path(path: &str) -> Option<(&str, &str)> {
    let (cc, file) = path.strip_prefix("/flags/")?.split_once('/')?;
    let valid_cc = cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase());
    let valid_file = file == "metadata.json" || file.strip_suffix(".gif") == Some(cc);
    (valid_cc && valid_file).then_some((cc, file))
}

/// Reads `dir/relative`, refusing anything whose real path (links resolved) is outside `dir`.
async fn read_inside(dir: &Path, relative: &str) -> Option<Vec<u8>> {
    let root = tokio::fs::canonicalize(dir).await.ok()?;
    let file = tokio::fs::canonicalize(root.join(relative)).await.ok()?;
    if !file.starts_with(&root) {
        return None;
    }
    tokio::fs::read(file).await.ok()
}

/// The one handler: every request, whatever its path, waits its delay first, as in the
/// book's slow server, so 404s cost as much time as flags.
async fn handle(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let _in_flight = app.stats.arrive();
    let path = uri.path();
    let (delay, fail) = app.draw(path);
    // An async sleep: the waiting request holds no thread, so 1,000 can wait at once.
    tokio::time::sleep(delay).await;

    let response = if fail {
        app.stats.injected_errors.fetch_add(1, Ordering::SeqCst);
        teapot()
    } else if let Some((content_type, body)) = app.lookup(path).await {
        app.stats.ok.fetch_add(1, Ordering::SeqCst);
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    } else {
        app.stats.not_found.fetch_add(1, Ordering::SeqCst);
        (StatusCode::NOT_FOUND, "404 Not Found\n").into_response()
    };
    if app.config.log {
        log_request(path, delay, response.status());
    }
    response
}

/// `418 I'm a Teapot`, with the reason phrase Python's `http.server` sends (hyper's own
/// would be "I'm a teapot"), so clients can print what the book prints.
fn teapot() -> Response {
    let mut response = (StatusCode::IM_A_TEAPOT, "418 I'm a Teapot\n").into_response();
    response
        .extensions_mut()
        .insert(hyper::ext::ReasonPhrase::from_static(TEAPOT.as_bytes()));
    response
}

/// The reason phrase the error server sends with status 418.
pub const TEAPOT: &str = "I'm a Teapot";

/// `BR delay: 0.50s`, as the book's slow server logs, plus the status when it is not 200.
fn log_request(path: &str, delay: Duration, status: StatusCode) {
    let label = match parse_flag_path(path) {
        Some((cc, "metadata.json")) => format!("{} metadata", cc.to_ascii_uppercase()),
        Some((cc, _)) => cc.to_ascii_uppercase(),
        None => path.to_string(),
    };
    let delay = delay.as_secs_f64();
    if status == StatusCode::OK {
        println!("{label} delay: {delay:.2}s");
    } else if status == StatusCode::IM_A_TEAPOT {
        println!("{label} delay: {delay:.2}s -> 418 {TEAPOT}");
    } else {
        println!("{label} delay: {delay:.2}s -> {status}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse_as_seconds_or_ranges() {
        let half = Duration::from_millis(500);
        assert_eq!("0.5".parse(), Ok(Delay::fixed(half)));
        assert_eq!(
            "0.5..5".parse(),
            Ok(Delay {
                min: half,
                max: Duration::from_secs(5)
            })
        );
        for bad in ["", "x", "-1", "5..1", "1..", "nan", "inf"] {
            assert_eq!(bad.parse::<Delay>(), Err(DelayError), "{bad:?}");
        }
        assert_eq!(Delay::fixed(half).to_string(), "0.50s");
    }

    #[test]
    fn only_flag_paths_of_two_lowercase_letters_are_parsed() {
        assert_eq!(parse_flag_path("/flags/br/br.gif"), Some(("br", "br.gif")));
        assert_eq!(
            parse_flag_path("/flags/br/metadata.json"),
            Some(("br", "metadata.json"))
        );
        for bad in [
            "/flags/BR/BR.gif",
            "/flags/br/bd.gif",
            "/flags/../etc/passwd",
            "/flags/br/../../x",
            "/flags/b/b.gif",
            "/flags/br/br.gif/x",
            "/other/br/br.gif",
        ] {
            assert_eq!(parse_flag_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn seeded_draws_depend_on_path_and_repeat_count_not_on_order() {
        let config = Config {
            delay: "0..1".parse().expect("valid"),
            error_rate: 0.5,
            seed: Some(7),
            ..Config::default()
        };
        let a = App::new(config.clone(), Arc::default());
        let b = App::new(config, Arc::default());
        let a_first = (a.draw("/flags/br/br.gif"), a.draw("/flags/bd/bd.gif"));
        let b_first = (b.draw("/flags/bd/bd.gif"), b.draw("/flags/br/br.gif"));
        assert_eq!(a_first.0, b_first.1);
        assert_eq!(a_first.1, b_first.0);
        // A second request for the same path is a new draw.
        let draws: Vec<_> = (0..20).map(|_| a.draw("/flags/br/br.gif")).collect();
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
