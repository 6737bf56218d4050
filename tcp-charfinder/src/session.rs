//! One client's session: the book's `finder` and `search`, with every read and write
//! bounded by the server's [`Limits`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use charindex::{InvertedIndex, format_results, status_line};
use closed_stdout::say;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

use crate::{Limits, PROMPT};

const CRLF: &str = "\r\n";

/// What a client hears when the server stops, at its prompt or in the middle of an answer.
const SHUTTING_DOWN: &[u8] = b"\r\nServer shutting down.\r\n";

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

/// How many result lines an answer writes before it lets other sessions run.
const LINES_PER_TURN: usize = 256;

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
        for (n, line) in format_results(chars.iter().copied()).enumerate() {
            // A long answer (90,000 lines for `cjk`) gives the thread back every few
            // hundred lines, so that other clients' sessions run in between; asyncio's
            // `drain` yields only when the socket is full, and so would tokio's writes.
            if n % LINES_PER_TURN == LINES_PER_TURN - 1 {
                tokio::task::yield_now().await;
            }
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
pub(crate) async fn finder(
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
                let _ = send(&mut writer, SHUTTING_DOWN, limits.write).await;
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
                say(&format!(
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
        say(&format!(" From {client}: {}", py_repr(&query)));
        let Some(first) = query.chars().next() else {
            continue;
        };
        if (first as u32) < 32 {
            break;
        }
        // An answer is written as fast as the client reads it; a shutdown cuts it short.
        let answered = tokio::select! {
            _ = stop.cancelled() => None,
            answered = search(&query, &index, &mut writer, limits.write) => Some(answered),
        };
        match answered {
            Some(Ok(count)) => say(&format!("   To {client}: {count} results.")),
            Some(Err(())) => {
                say(&format!("   To {client}: not read in time, closing."));
                break;
            }
            None => {
                let _ = send(&mut writer, SHUTTING_DOWN, limits.write).await;
                break;
            }
        }
    }
    let _ = timeout(limits.write, writer.shutdown()).await;
    say(&format!("Close {client}."));
}
