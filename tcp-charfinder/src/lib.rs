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
//! Layout: [`serve`] the accept loop and shutdown; `finder` one client's session; [`Limits`]
//! what bounds a client; [`py_repr`] the log's Python-style quoting.

use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use charindex::{InvertedIndex, format_results, status_line};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The prompt written before each query.
pub const PROMPT: &[u8] = b"?> ";
const CRLF: &str = "\r\n";

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

/// A log line on stdout. A closed or full stdout must never stop the server: errors are
/// dropped.
fn log(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The client's address as Python prints a socket address: `('127.0.0.1', 54321)`.
pub fn py_addr(addr: SocketAddr) -> String {
    format!("('{}', {})", addr.ip(), addr.port())
}

/// A string as Python's `repr` writes it: `'cat face'`, `"it's"`, `'\x00'`.
///
/// ```
/// assert_eq!(tcp_charfinder::py_repr("cat face"), "'cat face'");
/// assert_eq!(tcp_charfinder::py_repr("it's"), "\"it's\"");
/// assert_eq!(tcp_charfinder::py_repr("\0"), r"'\x00'");
/// ```
pub fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Why a line could not be read.
enum LineError {
    /// The client sent more than `max_line` bytes without a newline.
    TooLong,
    /// The connection failed.
    Io,
}

/// `reader.readline()` with a limit: the line (newline included), or `None` at the end
/// of input. Reads at most `max + 1` bytes, so a client cannot make it buffer more.
async fn read_line(
    reader: &mut BufReader<OwnedReadHalf>,
    max: usize,
) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    let limited = &mut reader.take(max as u64 + 1);
    let n = limited
        .read_until(b'\n', &mut line)
        .await
        .map_err(|_| LineError::Io)?;
    if n == 0 {
        return Ok(None);
    }
    if line.len() > max && !line.ends_with(b"\n") {
        return Err(LineError::TooLong);
    }
    Ok(Some(line))
}

/// Writes `bytes` and flushes them (`writer.write(...)` then `await writer.drain()`),
/// giving up after `limit`: a client that never reads cannot hold the session forever.
async fn send(
    writer: &mut BufWriter<OwnedWriteHalf>,
    bytes: &[u8],
    limit: Duration,
) -> Result<(), ()> {
    let write = async {
        writer.write_all(bytes).await?;
        writer.flush().await
    };
    match timeout(limit, write).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

/// The book's `search`: every result line and the status line, CRLF each; the count.
async fn search(
    query: &str,
    index: &InvertedIndex,
    writer: &mut BufWriter<OwnedWriteHalf>,
    limit: Duration,
) -> Result<usize, ()> {
    let chars = index.search(query);
    let answer = async {
        // `writer.writelines(lines)`: the BufWriter sends them as its buffer fills; each
        // write waits (`drain`) while the client's socket is full.
        for line in format_results(chars.iter().copied()) {
            writer.write_all(line.as_bytes()).await?;
            writer.write_all(CRLF.as_bytes()).await?;
        }
        let status = format!("{}{CRLF}", status_line(chars.len()));
        writer.write_all(status.as_bytes()).await?;
        writer.flush().await
    };
    match timeout(limit, answer).await {
        Ok(Ok(())) => Ok(chars.len()),
        _ => Err(()),
    }
}

/// The book's `finder`: one client's session, prompt after prompt, until the client ends
/// it, misbehaves, or the server shuts down.
async fn finder(
    index: Arc<InvertedIndex>,
    stream: TcpStream,
    addr: SocketAddr,
    limits: Limits,
    stop: CancellationToken,
) {
    let client = py_addr(addr);
    let (read, write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut writer = BufWriter::new(write);
    loop {
        if send(&mut writer, PROMPT, limits.write).await.is_err() {
            break;
        }
        // Suspends until a line comes, the client idles too long, or the server stops.
        let line = tokio::select! {
            _ = stop.cancelled() => {
                let _ = send(&mut writer, b"\r\nServer shutting down.\r\n", limits.write).await;
                break;
            }
            line = timeout(limits.idle, read_line(&mut reader, limits.max_line)) => line,
        };
        let data = match line {
            Ok(Ok(Some(data))) => data,
            Ok(Ok(None)) | Ok(Err(LineError::Io)) => break,
            Ok(Err(LineError::TooLong)) => {
                let message = format!(
                    "\r\nLine longer than {} bytes: closing.\r\n",
                    limits.max_line
                );
                let _ = send(&mut writer, message.as_bytes(), limits.write).await;
                log(&format!(
                    " From {client}: a line longer than {} bytes.",
                    limits.max_line
                ));
                break;
            }
            Err(_idle) => {
                let _ = send(
                    &mut writer,
                    b"\r\nIdle for too long: closing.\r\n",
                    limits.write,
                )
                .await;
                break;
            }
        };
        // The book: undecodable bytes become the query '\x00', which ends the session.
        let query = match std::str::from_utf8(&data) {
            Ok(text) => text.trim().to_string(),
            Err(_) => "\x00".to_string(),
        };
        log(&format!(" From {client}: {}", py_repr(&query)));
        let Some(first) = query.chars().next() else {
            continue;
        };
        if (first as u32) < 32 {
            break;
        }
        match search(&query, &index, &mut writer, limits.write).await {
            Ok(count) => log(&format!("   To {client}: {count} results.")),
            Err(()) => {
                log(&format!("   To {client}: not read in time, closing."));
                break;
            }
        }
    }
    let _ = timeout(limits.write, writer.shutdown()).await;
    log(&format!("Close {client}."));
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
                    log(&format!("accept failed: {err}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
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
