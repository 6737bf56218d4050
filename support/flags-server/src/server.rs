//! A server's life: started on its own thread and runtime, listening, stopped.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::stats::{Counters, Served, Stats};
use crate::{Config, app};

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
                    let pace = Pace {
                        accept_delay: app.config.accept_delay,
                        idle: app.config.idle_timeout.max(app.config.delay.max * 2),
                    };
                    let stats = Arc::clone(&app.stats);
                    let router = app::router(app);
                    tokio::select! {
                        _ = accept_loop(listener, pace, stats, router) => {}
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

/// Serves each accepted connection on a task of its own, with HTTP/1.1 or HTTP/2 (prior
/// knowledge), whichever the client speaks. Written out, rather than `axum::serve`, for
/// two settings: up to 4,096 HTTP/2 streams at once on one connection (hyper's default,
/// 200, would make a client's 676 requests wait their turn), and a time limit on reading
/// an HTTP/1.1 request's headers.
async fn accept_loop(listener: TcpListener, pace: Pace, stats: Arc<Stats>, router: axum::Router) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto;
    use hyper_util::service::TowerToHyperService;

    let service = TowerToHyperService::new(router);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10));
    builder.http2().max_concurrent_streams(4096);
    loop {
        // `--accept-delay`: a server slower to take connections than clients to open them.
        if !pace.accept_delay.is_zero() {
            tokio::time::sleep(pace.accept_delay).await;
        }
        let stream = match listener.accept().await {
            Ok((stream, _addr)) => stream,
            // Out of file descriptors, most likely: wait, and keep serving.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Small writes go out at once (TCP_NODELAY), as asyncio's transports send them.
        let _ = stream.set_nodelay(true);
        stats
            .connections
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (builder, service) = (builder.clone(), service.clone());
        let io = TokioIo::new(serving::IdleIo::new(stream, pace.idle));
        tokio::spawn(async move {
            // A connection that fails (a client gone mid-request) ends alone.
            let _ = builder.serve_connection(io, service).await;
        });
    }
}

/// How fast connections are taken, and how long one may sit quiet.
struct Pace {
    accept_delay: Duration,
    idle: Duration,
}
