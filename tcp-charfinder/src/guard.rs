//! What Rust does here that asyncio does for the book, or that the book leaves out: every
//! read and write bounded, so a bad client loses its own session and nobody else's, and a
//! stop signal that reaches every session. The lesson's `finder` sees none of it: it
//! calls `readline`, `write` and `writelines` on a [`Client`], as the book's calls them on
//! a `StreamReader` and a `StreamWriter`.
//!
//! - `readline` reads at most [`Limits::max_line`] bytes (asyncio's `StreamReader` has a
//!   64 KiB limit of its own), waits at most [`Limits::idle`] for them, and returns `None`
//!   at the end of input, or on a line too long, an idle client, or a shutdown, having
//!   told the client which.
//! - `write` and `writelines` give up after [`Limits::write`] on a client that does not
//!   read; asyncio's `drain` would wait forever.
//! - [`serve`] is `asyncio.start_server` and `serve_forever`: a task per client, at most
//!   [`Limits::max_clients`] of them, and on shutdown every session told and waited for
//!   (asyncio cancels them instead); [`listen`] gives it a deep accept queue.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use closed_stdout::say;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

use crate::py_addr;

/// What a client past [`Limits::max_clients`] reads.
const BUSY: &[u8] = b"Server busy: too many clients, try again later.\r\n";

/// What a client hears when the server stops, at its prompt or in the middle of an answer.
const SHUTTING_DOWN: &[u8] = b"\r\nServer shutting down.\r\n";

/// How many lines an answer writes before it lets other sessions run.
const LINES_PER_TURN: usize = 256;

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

/// The session ended: the client left, misbehaved, or the server is stopping. The client
/// has been told, where there was something to tell.
#[derive(Debug)]
pub struct Closed;

/// One connected client: the book's `reader` and `writer` in one, with the limits.
pub struct Client {
    /// The client's address as Python prints it, for the log.
    pub peer: String,
    reader: BufReader<OwnedReadHalf>,
    writer: BufWriter<OwnedWriteHalf>,
    limits: Limits,
    stop: CancellationToken,
}

impl Client {
    fn new(stream: TcpStream, addr: SocketAddr, limits: Limits, stop: CancellationToken) -> Client {
        let (read, write) = stream.into_split();
        Client {
            peer: py_addr(addr),
            reader: BufReader::new(read),
            writer: BufWriter::new(write),
            limits,
            stop,
        }
    }

    /// `writer.write(bytes)` then `await writer.drain()`, for at most the write limit. The
    /// bytes wait in the buffer (written whenever it fills) until the session next waits
    /// for the client ([`Client::readline`]) or ends: an answer, its status line and the
    /// next prompt leave in one write, not three.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), Closed> {
        match timeout(self.limits.write, self.writer.write_all(bytes)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(Closed),
        }
    }

    /// `writer.writelines(lines)` then `await writer.drain()`: written each time the buffer
    /// fills, as fast as the client reads them, for at most the write limit, the last of
    /// them with the next prompt (as [`Client::write`]); a shutdown cuts the answer short.
    pub async fn writelines(&mut self, lines: impl Iterator<Item = String>) -> Result<(), Closed> {
        let writer = &mut self.writer;
        let answer = async {
            for (n, line) in lines.enumerate() {
                // A long answer (90,000 lines for `cjk`) gives the thread back every few
                // hundred lines, so that other clients' sessions run in between; asyncio's
                // `drain` yields only when the socket is full, and so would tokio's writes.
                if n % LINES_PER_TURN == LINES_PER_TURN - 1 {
                    tokio::task::yield_now().await;
                }
                writer.write_all(line.as_bytes()).await?;
            }
            Ok::<(), std::io::Error>(())
        };
        let written = tokio::select! {
            _ = self.stop.cancelled() => None,
            written = timeout(self.limits.write, answer) => Some(written),
        };
        match written {
            Some(Ok(Ok(()))) => Ok(()),
            Some(_) => {
                say(&format!("   To {}: not read in time, closing.", self.peer));
                Err(Closed)
            }
            None => {
                let _ = self.write(SHUTTING_DOWN).await;
                Err(Closed)
            }
        }
    }

    /// `await reader.readline()`: the line, newline included, or `None` when the session
    /// is over (the client closed it, its line was too long, it idled too long, or the
    /// server is stopping: the client has been told which).
    pub async fn readline(&mut self) -> Option<Vec<u8>> {
        // What the session wrote since it last waited goes out first, within the write
        // limit: the client waits for it before it sends its next line.
        let flushed = tokio::select! {
            _ = self.stop.cancelled() => {
                let _ = self.write(SHUTTING_DOWN).await;
                return None;
            }
            flushed = timeout(self.limits.write, self.writer.flush()) => flushed,
        };
        if !matches!(flushed, Ok(Ok(()))) {
            say(&format!("   To {}: not read in time, closing.", self.peer));
            return None;
        }
        let max = self.limits.max_line;
        let mut line = Vec::new();
        let limited = &mut (&mut self.reader).take(max as u64 + 1);
        let read = tokio::select! {
            _ = self.stop.cancelled() => {
                let _ = self.write(SHUTTING_DOWN).await;
                return None;
            }
            read = timeout(self.limits.idle, limited.read_until(b'\n', &mut line)) => read,
        };
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => None,
            Ok(Ok(_)) if line.len() > max && !line.ends_with(b"\n") => {
                let message = format!("\r\nLine longer than {max} bytes: closing.\r\n");
                let _ = self.write(message.as_bytes()).await;
                say(&format!(
                    " From {}: a line longer than {max} bytes.",
                    self.peer
                ));
                None
            }
            Ok(Ok(_)) => Some(line),
            Err(_idle) => {
                let _ = self.write(b"\r\nIdle for too long: closing.\r\n").await;
                None
            }
        }
    }

    /// `writer.close()` and `await writer.wait_closed()`, for at most the write limit.
    pub async fn close(mut self) {
        let _ = timeout(self.limits.write, self.writer.shutdown()).await;
    }
}

/// `asyncio.start_server(finder, ...)` and `server.serve_forever()`: accepts clients until
/// `shutdown` completes, runs `session` for each in a task of its own; then tells every
/// connected client, closes its session, and returns when all have ended (the accept loop
/// is every server's: serving::accept_until).
pub async fn serve<S, F>(
    listener: TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
    session: S,
) where
    S: Fn(Client) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let gate = serving::Gate {
        task: "finder",
        cap: limits.max_clients,
        busy: BUSY.into(),
        busy_write: limits.write,
        accept_delay: Duration::ZERO,
        retry: Duration::from_millis(100),
    };
    // Out of file descriptors, most likely: said, and the server keeps serving.
    let failed = |err: &std::io::Error| say(&format!("accept failed: {err}"));
    let client = |stream, addr, stop| session(Client::new(stream, addr, limits, stop));
    serving::accept_until(listener, gate, shutdown, failed, client).await
}
