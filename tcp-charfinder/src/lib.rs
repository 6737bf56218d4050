//! tcp-charfinder: the book's `tcp_mojifinder.py` (1st edition: `tcp_charfinder.py`): a
//! TCP server where each client types words and gets back the Unicode characters whose
//! names hold them.
//!
//! The idea to notice: `asyncio.start_server` calls a coroutine per client; here the
//! accept loop spawns a task per connection. Thousands of clients cost thousands of small
//! tasks, not threads.
//!
//! Layout: this file is the book's file, `finder`, `search` and `supervisor` in its
//! order; `main.rs` is its `main`. Rust's extra duties live elsewhere:
//! - [`guard`]: every read and write bounded and a stop signal that reaches every session,
//!   so a bad client loses its own session and nobody else's (asyncio gives the book a line
//!   limit and cancels the tasks on Ctrl-C; the book leaves the rest out).
//! - [`py`]: Python's way of printing an address and a string, for a log like the book's.

pub mod guard;
pub mod py;

pub use guard::{Client, Closed, Limits, listen};
pub use py::{py_addr, py_repr};

use std::future::Future;
use std::sync::Arc;

use charindex::{InvertedIndex, format_results, status_line};
use closed_stdout::say;
use tokio::net::TcpListener;

const CRLF: &str = "\r\n";
/// The prompt written before each query.
pub const PROMPT: &[u8] = b"?> ";

/// The book's `finder`: one client's session, prompt after prompt, until the client ends
/// it, misbehaves, or the server shuts down (then `readline` or `search` says so).
pub async fn finder(index: Arc<InvertedIndex>, mut client: Client) {
    loop {
        // `writer.write` then `await writer.drain()`: one call here.
        if client.write(PROMPT).await.is_err() {
            break;
        }
        // Suspends until a line comes; `None` is the book's `if not data: break`.
        let Some(data) = client.readline().await else {
            break;
        };
        // The book: undecodable bytes become the query '\x00', which ends the session.
        let query = match std::str::from_utf8(&data) {
            Ok(text) => text.trim().to_string(),
            Err(_) => "\x00".to_string(),
        };
        say(&format!(" From {}: {}", client.peer, py_repr(&query)));
        if let Some(first) = query.chars().next() {
            if (first as u32) < 32 {
                break;
            }
            let Ok(results) = search(&query, &index, &mut client).await else {
                break;
            };
            say(&format!("   To {}: {results} results.", client.peer));
        }
    }
    let peer = client.peer.clone();
    client.close().await;
    say(&format!("Close {peer}."));
}

/// The book's `search`: every result line and the status line, CRLF each; the count.
async fn search(query: &str, index: &InvertedIndex, writer: &mut Client) -> Result<usize, Closed> {
    let chars = index.search(query);
    let lines = format_results(chars.iter().copied()).map(|line| line + CRLF);
    writer.writelines(lines).await?;
    let status_line = status_line(chars.len()) + CRLF;
    writer.write(status_line.as_bytes()).await?;
    Ok(chars.len())
}

/// The book's `supervisor`, from `start_server` on: says where it serves, then runs a
/// `finder` for each client (the book's `functools.partial(finder, index)` is the
/// closure) until `shutdown` completes. Shutdown is a parameter: `main` passes Ctrl-C, a
/// test whatever it likes.
pub async fn supervisor(
    index: Arc<InvertedIndex>,
    listener: TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    if let Ok(addr) = listener.local_addr() {
        say(&format!(
            "Serving on {}. Hit CTRL-C to stop.",
            py_addr(addr)
        ));
    }
    guard::serve(listener, limits, shutdown, move |client| {
        finder(Arc::clone(&index), client)
    })
    .await
}
