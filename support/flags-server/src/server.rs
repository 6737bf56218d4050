//! A server's life: started on its own thread and runtime, listening, stopped.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::oneshot;

use crate::stats::{Counters, Stats};
use crate::{Config, app, art};

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
                    let listener = match listen(app.config.addr, app.config.backlog) {
                        Ok(listener) => listener,
                        Err(err) => {
                            let _ = ready_tx.send(Err(err));
                            return;
                        }
                    };
                    let _ = ready_tx.send(listener.local_addr());
                    let delay = app.config.accept_delay;
                    let router = app::router(app);
                    tokio::select! {
                        result = axum::serve(SlowAccept(listener, delay), router).into_future() => {
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

/// A listener that waits `.1` before each accept: a server slower to take connections
/// than clients are to open them.
struct SlowAccept(TcpListener, Duration);

impl axum::serve::Listener for SlowAccept {
    type Io = tokio::net::TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            if !self.1.is_zero() {
                tokio::time::sleep(self.1).await;
            }
            match self.0.accept().await {
                Ok(connection) => return connection,
                // Out of file descriptors, most likely: wait, and keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// Binds with a deep accept queue: when a client opens 1,000 connections at once, they all
/// wait in line instead of being refused (std's `TcpListener::bind` queues only 128).
fn listen(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(backlog)
}
