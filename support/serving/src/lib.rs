//! What the chapter's servers need beyond the book's lines, in one place: a listener with a
//! deep accept queue ([`listen`]); a connection that closes itself when neither side has
//! sent a byte for a while ([`IdleIo`]: a client that connects and says nothing, sends its
//! headers a byte at a time, or stops reading, cannot hold a connection for ever); one
//! accept loop with a cap on connections ([`accept_until`]); one HTTP serving loop
//! ([`serve_http`]), with its `503` answer past the cap ([`busy_answer`]) and its buffer
//! per HTTP/2 stream ([`STREAM_BUFFER`]); and the open-files limit that bounds the cap
//! ([`open_files`], [`connection_cap`]). asyncio's `start_server` has the first (a backlog
//! of 100); the rest, Python leaves to the application. Also the servers' `--host` parser
//! ([`host`]), and a server started on a thread and a runtime of its own, beside a program
//! or a test with a runtime of its own ([`ServerThread`]).
//!
//! Layout: `accept` the accept loop and its [`Gate`]; `http` the HTTP loop and its
//! [`HttpLimits`]; [`open_files`] the limit, raised and read where the system has one, and
//! the table of descriptors grown ahead of time; `server_thread` the [`ServerThread`];
//! this file the rest.

mod accept;
mod http;
pub mod open_files;
mod server_thread;

pub use accept::{Gate, accept_until};
pub use http::{HttpLimits, STREAM_BUFFER, busy_answer, serve_http};
pub use open_files::connection_cap;
pub use server_thread::ServerThread;

use std::future::Future as _;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};

/// A server's `--host`, for clap: an IP address, or `localhost` as the book's
/// `tcp_mojifinder.py localhost 2323` takes it, read as 127.0.0.1 (no name is looked up).
///
/// ```
/// assert_eq!(serving::host("localhost"), Ok([127, 0, 0, 1].into()));
/// assert_eq!(serving::host("::1"), Ok(std::net::Ipv6Addr::LOCALHOST.into()));
/// assert!(serving::host("example").is_err());
/// ```
pub fn host(s: &str) -> Result<std::net::IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::Ipv4Addr::LOCALHOST.into());
    }
    s.parse()
        .map_err(|_| "must be an IP address (127.0.0.1, ::1) or localhost".into())
}

/// Binds with a deep accept queue: when a client opens 1,000 connections at once, they all
/// wait in line instead of being refused (std's `TcpListener::bind` queues only 128).
pub fn listen(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(backlog)
}

/// A connection that closes itself after `idle` without a byte in either direction.
pub struct IdleIo {
    io: tokio::net::TcpStream,
    idle: Duration,
    /// When a byte last went either way.
    last: tokio::time::Instant,
    /// Set for `idle` after some earlier moment; moved on only when it goes off, not at
    /// every read and write (each move takes the runtime's timer lock).
    timer: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl IdleIo {
    /// Wraps a connection; the clock starts now.
    pub fn new(io: tokio::net::TcpStream, idle: Duration) -> IdleIo {
        IdleIo {
            io,
            idle,
            last: tokio::time::Instant::now(),
            timer: Box::pin(tokio::time::sleep(idle)),
        }
    }

    fn touch(&mut self) {
        self.last = tokio::time::Instant::now();
    }

    /// Ready when the connection has been idle for `idle`: when the timer goes off, it is
    /// set again from the last byte if one came meanwhile.
    fn poll_idle(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        use std::task::Poll;
        while self.timer.as_mut().poll(cx).is_ready() {
            let deadline = self.last + self.idle;
            if deadline <= tokio::time::Instant::now() {
                return Poll::Ready(());
            }
            self.timer.as_mut().reset(deadline);
        }
        Poll::Pending
    }
}

impl tokio::io::AsyncRead for IdleIo {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        use std::task::Poll;
        let before = buf.filled().len();
        match std::pin::Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.touch();
                }
                Poll::Ready(result)
            }
            // Nothing to read: is the connection idle for too long?
            Poll::Pending => match self.poll_idle(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl tokio::io::AsyncWrite for IdleIo {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<io::Result<usize>> {
        let written = std::pin::Pin::new(&mut self.io).poll_write(cx, buf);
        if let std::task::Poll::Ready(Ok(n)) = written
            && n > 0
        {
            self.touch();
        }
        written
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
