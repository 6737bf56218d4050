//! tcp-charfinder: the book's `tcp_mojifinder.py` (1st edition: `tcp_charfinder.py`): a
//! TCP server where each client types words and gets back the Unicode characters whose
//! names hold them.
//!
//! The idea to notice: `asyncio.start_server` calls a coroutine per client; here the
//! accept loop spawns a task per connection. Thousands of clients cost thousands of small
//! tasks, not threads. Everything a bad client can do is bounded: the length of a line,
//! how long a session may sit idle, how long a write may wait for a client that does not
//! read, how many clients at once; a bad client loses its session, never anyone else's.
//!
//! Layout: this file holds the accept loop and shutdown ([`serve`]) and what bounds a
//! client ([`Limits`]); [`session`] holds one client's session, the book's `finder`.

pub mod session;

pub use session::{py_addr, py_repr};

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use charindex::InvertedIndex;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use closed_stdout::say;
use session::finder;

/// The prompt written before each query.
pub const PROMPT: &[u8] = b"?> ";

/// What bounds one client, so that none can cost the others their service.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest query line, in bytes; a longer one ends the session.
    pub max_line: usize,
    /// How long a session may wait for the client's next line.
    pub idle: Duration,
    /// How long one answer may wait for a client that does not read it.
    pub write: Duration,
    /// How many clients are served at once; more are told the server is busy.
    pub max_clients: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line: 4096,
            idle: Duration::from_secs(300),
            write: Duration::from_secs(10),
            max_clients: 4096,
        }
    }
}

/// Listens on `addr` with a queue of 4,096 connections waiting to be accepted (serving).
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    serving::listen(addr, 4096)
}

/// The book's `supervisor` and `server.serve_forever()`: accepts clients until `shutdown`
/// completes, each in a task of its own; then tells every connected client, closes its
/// session, and returns when all have ended. Shutdown is a parameter: `main` passes
/// Ctrl-C, a test whatever it likes.
pub async fn serve(
    listener: TcpListener,
    index: Arc<InvertedIndex>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let stop = CancellationToken::new();
    let sessions = TaskTracker::new();
    let seats = Arc::new(Semaphore::new(limits.max_clients));
    tokio::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(client) => client,
                Err(err) => {
                    // Out of file descriptors, most likely: wait a moment, keep serving.
                    say(&format!("accept failed: {err}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Each small write goes out at once, as asyncio's transports send it
        // (TCP_NODELAY): otherwise the prompt after an answer waits for the client's
        // delayed acknowledgement, 40 ms a query.
        let _ = stream.set_nodelay(true);
        match Arc::clone(&seats).try_acquire_owned() {
            Ok(seat) => {
                let (index, stop) = (Arc::clone(&index), stop.clone());
                // `asyncio.start_server` runs `finder` for each client; so does this task.
                sessions.spawn(async move {
                    finder(index, stream, addr, limits, stop).await;
                    drop(seat);
                });
            }
            Err(_) => {
                sessions.spawn(async move {
                    let mut stream = stream;
                    let busy = b"Server busy: too many clients, try again later.\r\n";
                    let _ = timeout(limits.write, stream.write_all(busy)).await;
                });
            }
        }
    }
    drop(listener);
    stop.cancel();
    sessions.close();
    sessions.wait().await;
}
