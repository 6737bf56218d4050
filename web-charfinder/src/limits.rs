//! What a server facing a classroom's browsers needs and the book's FastAPI app leaves to
//! uvicorn: a time limit on a request's headers, connections that close when idle, a cap on
//! connections (past it, a clear `503` "busy" answer), and a shutdown that lets the
//! requests under way finish. `main.rs` serves the lesson's routes through [`serve`]; the
//! tests and the load bench, through [`serve_in_background`].

use std::future::Future;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use charindex::InvertedIndex;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The limits on every connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a client may take to send a request's headers (hyper's
    /// `header_read_timeout`): a client sending them a byte a second is closed.
    pub header_read: Duration,
    /// How long a connection may go without a byte in either direction: a silent client,
    /// or one that stops reading its answer, is closed.
    pub idle: Duration,
    /// How many connections at once; one more is answered `503 Service Unavailable`.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// What a client past [`Limits::max_connections`] reads.
pub const BUSY_TEXT: &str = "Server busy: too many connections, try again.\n";

/// The whole answer past [`Limits::max_connections`], its length counted from
/// [`BUSY_TEXT`] (a length that promised one byte more than sent left a client waiting).
pub static BUSY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\n\
         content-type: text/plain; charset=utf-8\r\n\
         retry-after: 1\r\n\
         content-length: {}\r\n\
         connection: close\r\n\
         \r\n\
         {BUSY_TEXT}",
        BUSY_TEXT.len()
    )
});

/// Serves `router` on `listener` within `limits`, HTTP/1.1 or HTTP/2, until `shutdown`
/// resolves; then stops accepting, lets each connection finish the request it is on, and
/// returns when all have closed (the caller sets the deadline: support/shutdown).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let service = TowerToHyperService::new(router);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let stop = CancellationToken::new();
    let connections = TaskTracker::new();
    let seats = Arc::new(Semaphore::new(limits.max_connections));
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, most likely: wait, and keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Small writes go out at once (TCP_NODELAY), as asyncio's transports send them.
        let _ = stream.set_nodelay(true);
        let Ok(seat) = Arc::clone(&seats).try_acquire_owned() else {
            connections.spawn(async move {
                let mut stream = stream;
                let _ = tokio::time::timeout(limits.header_read, stream.write_all(BUSY.as_bytes()))
                    .await;
            });
            continue;
        };
        let (builder, service, stop) = (builder.clone(), service.clone(), stop.clone());
        let io = TokioIo::new(serving::IdleIo::new(stream, limits.idle));
        connections.spawn(async move {
            let connection = builder.serve_connection(io, service);
            tokio::pin!(connection);
            tokio::select! {
                // A connection that fails (a client gone mid-request) ends alone.
                _ = connection.as_mut() => {}
                () = stop.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(seat);
        });
    }
    drop(listener);
    stop.cancel();
    connections.close();
    connections.wait().await;
}

/// Serves [`crate::app`] on a free loopback port, on a thread and runtime of its own, until the
/// process ends; returns the address. For the tests and the load benchmark, which need a
/// server beside their clients.
pub fn serve_in_background(index: Arc<InvertedIndex>) -> std::net::SocketAddr {
    serve_in_background_within(index, Limits::default())
}

/// [`serve_in_background`] within other [`Limits`] (the tests' short ones).
pub fn serve_in_background_within(
    index: Arc<InvertedIndex>,
    limits: Limits,
) -> std::net::SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let _ = tx.send(listener.local_addr());
            serve(listener, crate::app(index), limits, std::future::pending()).await;
            Ok::<(), std::io::Error>(())
        })
    });
    rx.recv()
        .expect("the server thread reports its address")
        .expect("a loopback port can be bound")
}
