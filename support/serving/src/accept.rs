//! The accept loop of every server of the workspace (tcp-charfinder's sessions and the
//! HTTP servers' connections): take connections until told to stop, each on a task of its
//! own under a cap (one more reads a "busy" message and is closed), keep serving when an
//! accept fails; on shutdown, stop accepting, tell every task through the stop token, and
//! return when all have ended.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Who is let in, what the others read, and what tokio-console calls their tasks.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The name of each connection's task in tokio-console, in a `cargo console` build
    /// (support/tasks): `finder` (the book's coroutine per client) for tcp-charfinder,
    /// `connection` for the HTTP servers.
    pub task: &'static str,
    /// How many connections are served at once.
    pub cap: usize,
    /// What a connection past the cap reads before it is closed.
    pub busy: Arc<[u8]>,
    /// How long that write may wait for a client that does not read.
    pub busy_write: Duration,
    /// A wait before each accept: a server slower to take connections than clients are to
    /// open them (the flags server's `--accept-delay`).
    pub accept_delay: Duration,
    /// The wait after a failed accept (out of file descriptors, most likely) before the
    /// next one.
    pub retry: Duration,
}

/// Accepts connections on `listener` until `shutdown` completes, passing each one within
/// the gate's cap to `handle` with the stop token its task should watch, and running what
/// `handle` returns on a task of its own; `failed` hears each failed accept. Then stops
/// accepting, cancels the token, and returns when every task has ended (the caller sets
/// the deadline: support/shutdown).
pub async fn accept_until<H, F>(
    listener: TcpListener,
    gate: Gate,
    shutdown: impl Future<Output = ()>,
    failed: impl Fn(&io::Error),
    mut handle: H,
) where
    H: FnMut(TcpStream, SocketAddr, CancellationToken) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();
    let seats = Arc::new(Semaphore::new(gate.cap));
    tokio::pin!(shutdown);
    loop {
        if !gate.accept_delay.is_zero() {
            tokio::time::sleep(gate.accept_delay).await;
        }
        let (stream, addr) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                Err(err) => {
                    failed(&err);
                    tokio::time::sleep(gate.retry).await;
                    continue;
                }
            },
        };
        // Each small write goes out at once, as asyncio's transports send it
        // (TCP_NODELAY): otherwise a short answer after another may wait for the client's
        // delayed acknowledgement, 40 ms each time.
        let _ = stream.set_nodelay(true);
        match Arc::clone(&seats).try_acquire_owned() {
            Ok(seat) => {
                let running = handle(stream, addr, stop.clone());
                // `tracker.spawn`, with the gate's name on the task.
                let task = tracker.track_future(async move {
                    running.await;
                    drop(seat);
                });
                tasks::spawn(gate.task, task);
            }
            Err(_) => {
                let (busy, limit) = (Arc::clone(&gate.busy), gate.busy_write);
                let task = tracker.track_future(async move {
                    let mut stream = stream;
                    let _ = tokio::time::timeout(limit, stream.write_all(&busy)).await;
                });
                tasks::spawn("busy", task);
            }
        }
    }
    drop(listener);
    stop.cancel();
    tracker.close();
    tracker.wait().await;
}
