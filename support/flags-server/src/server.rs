//! A server's life ([`Server`]): started on its own thread and runtime, listening, stopped;
//! and how many requests one HTTP/2 connection may have under way ([`STREAMS`]).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::stats::{Counters, Served, Stats};
use crate::{Config, app};

/// How many requests one HTTP/2 connection may have under way: `flags-bounded --http2 -e
/// -m 1000` sends its 676 at once on one connection (hyper's default, 200, would make
/// them wait their turn).
pub const STREAMS: u32 = 1024;

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
        let stats = Arc::new(Stats::default());
        let app = Arc::new(app::App::new(config, Arc::clone(&stats)));
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
                    let listener = match serving::listen(app.config.addr, app.config.backlog) {
                        Ok(listener) => listener,
                        Err(err) => {
                            let _ = ready_tx.send(Err(err));
                            return;
                        }
                    };
                    let _ = ready_tx.send(listener.local_addr());
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
                    let serving = serving::serve_http(
                        listener,
                        router,
                        limits,
                        std::future::pending(),
                        accepted,
                    );
                    // Stopped without grace: the requests still waiting are dropped.
                    tokio::select! {
                        () = serving => {}
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

    /// Every request answered so far, when the server was started with
    /// [`Config::record`]; none otherwise. Times are seconds from the server's start.
    pub fn served(&self) -> Vec<Served> {
        self.stats.served()
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
