//! The one HTTP serving loop of the workspace's servers (web-charfinder and the flags
//! server), written out rather than `axum::serve` for what a class's machine needs: a time
//! limit on a request's headers, connections that close when idle, optionally a cap on
//! connections (past it, a `503` "busy" answer), a cap on the requests one HTTP/2
//! connection has under way (its streams: each server sizes it to its lesson), a small
//! buffer per stream for a client that does not read, and a shutdown that lets the
//! requests under way finish.

use std::future::Future;
use std::io::Write as _;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::IdleIo;
use crate::accept::{Gate, accept_until};

/// How every connection is served.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// How long a client may take to send a request's headers (hyper's
    /// `header_read_timeout`): a client sending them a byte a second is closed.
    pub header_read: Duration,
    /// How long a connection may go without a byte in either direction: a silent client,
    /// or one that stops reading its answer, is closed.
    pub idle: Duration,
    /// How many connections at once, and what one more reads (a `503` with this text); no
    /// cap when `None`.
    pub cap: Option<(usize, &'static str)>,
    /// A wait before each accept: a server slower to take connections than clients are to
    /// open them (the flags server's `--accept-delay`).
    pub accept_delay: Duration,
    /// How many requests one HTTP/2 connection may have under way at once (its concurrent
    /// streams); one more waits for a stream to end. HTTP/1.1 has one at a time.
    pub streams: u32,
}

/// What one HTTP/2 stream may hold queued for a client that opened a large window and
/// then stopped reading: hyper's default, 400 KB, times a connection's streams is
/// hundreds of megabytes. (A client that keeps the usual 64 KB window holds far less.)
pub const STREAM_BUFFER: usize = 64 * 1024;

/// The whole `503` answer past the cap, its length counted from `text`: a length that
/// promises more bytes than are sent leaves the client waiting for them.
pub fn busy_answer(text: &str) -> String {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\n\
         content-type: text/plain; charset=utf-8\r\n\
         retry-after: 1\r\n\
         content-length: {}\r\n\
         connection: close\r\n\
         \r\n\
         {text}",
        text.len()
    )
}

/// Serves `router` on `listener` within `limits`, HTTP/1.1 or HTTP/2 (prior knowledge),
/// whichever the client speaks, calling `accepted` at each connection let in; until `shutdown`
/// resolves: then stops accepting, lets each connection finish the request it is on, and
/// returns when all have closed (the caller sets the deadline: support/shutdown). A failed
/// accept (out of file descriptors, most likely) is said on stderr, `accept failed: ...`,
/// and the loop goes on after a short wait.
pub async fn serve_http(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()>,
    accepted: impl Fn(),
) {
    let service = TowerToHyperService::new(router);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder
        .http2()
        .max_concurrent_streams(limits.streams)
        .max_send_buf_size(STREAM_BUFFER);
    let gate = Gate {
        task: "connection",
        cap: limits.cap.map_or(Semaphore::MAX_PERMITS, |(n, _)| n),
        busy: limits
            .cap
            .map_or_else(String::new, |(_, text)| busy_answer(text))
            .as_bytes()
            .into(),
        busy_write: limits.header_read,
        accept_delay: limits.accept_delay,
        retry: Duration::from_millis(50),
    };
    let connection = move |stream, _addr, stop: CancellationToken| {
        accepted();
        let (builder, service) = (builder.clone(), service.clone());
        let io = TokioIo::new(IdleIo::new(stream, limits.idle));
        async move {
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
        }
    };
    // Written, not `eprintln!`: a full stderr must not stop the server.
    let failed = |err: &std::io::Error| {
        let _ = writeln!(std::io::stderr(), "accept failed: {err}");
    };
    accept_until(listener, gate, shutdown, failed, connection).await
}
