//! A server's life ([`Server`]): started on its own thread and runtime, listening, stopped;
//! and how many requests one HTTP/2 connection may have under way ([`STREAMS`]).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::stats::{Counters, Served, Stats};
use crate::{Config, app};

/// How many requests one HTTP/2 connection may have under way: `flags-bounded --http2 -e
/// -m 1000` sends its 676 at once on one connection (hyper's default, 200, would make
/// them wait their turn).
pub const STREAMS: u32 = 1024;

/// A running server, on a thread and runtime of its own (serving::ServerThread). Dropping
/// it stops the server.
#[derive(Debug)]
pub struct Server {
    stats: Arc<Stats>,
    thread: serving::ServerThread,
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
        let stats = Arc::new(Stats::default());
        let app = Arc::new(app::App::new(config, Arc::clone(&stats)));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("flags-server")
            .enable_all()
            .build()?;
        let thread = serving::ServerThread::start("flags-server", runtime, move || async move {
            let listener = serving::listen(app.config.addr, app.config.backlog)?;
            let addr = listener.local_addr()?;
            // serving::serve_http, the web-charfinder's loop too, without a cap on
            // connections: a comparison opens as many as it likes.
            let limits = serving::HttpLimits {
                header_read: Duration::from_secs(10),
                idle: app.config.idle_timeout.max(app.config.delay.max * 2),
                cap: None,
                accept_delay: app.config.accept_delay,
                streams: STREAMS,
            };
            let stats = Arc::clone(&app.stats);
            let accepted = move || {
                stats
                    .connections
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            };
            let router = app::router(app);
            // Stopped without grace (ServerThread): the requests still waiting are dropped.
            let serving =
                serving::serve_http(listener, router, limits, std::future::pending(), accepted);
            Ok::<_, io::Error>((addr, serving))
        })?;
        Ok(Server { stats, thread })
    }

    pub fn addr(&self) -> SocketAddr {
        self.thread.addr()
    }

    /// The base URL a client puts `/{cc}/{cc}.gif` after: `http://127.0.0.1:PORT/flags`.
    pub fn base_url(&self) -> String {
        format!("http://{}/flags", self.addr())
    }

    /// What the server has seen so far.
    pub fn counters(&self) -> Counters {
        self.stats.snapshot()
    }

    /// Every request answered so far, when the server was started with
    /// [`Config::record`]; none otherwise. Times are seconds from the server's start.
    pub fn served(&self) -> Vec<Served> {
        self.stats.served()
    }

    /// Stops the server (requests still waiting are dropped) and returns its final counters.
    pub fn stop(self) -> Counters {
        self.thread.stop();
        self.stats.snapshot()
    }
}
