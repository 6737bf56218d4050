//! A JSON list written as the client reads it. FastAPI builds the whole answer in memory
//! before sending it: 5 MB for `q=cjk`, held as long as a client takes to read it, so a
//! hundred clients that never read would hold half a gigabyte. Here the answer is written
//! a few hundred entries at a time, each made when the connection can take it: a client
//! that stops reading holds one chunk of the server's memory (the rest waits in the kernel's
//! buffers, or is never made), and the idle limit (limits.rs) ends its connection.

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// How many entries one chunk of the answer holds.
const PER_CHUNK: usize = 256;

/// `[item, item, ...]` as `application/json`, each item made by `to_item` only when its
/// chunk is sent.
pub fn json_list<T, I, F>(items: Vec<I>, to_item: F) -> Response
where
    T: Serialize,
    I: Send + 'static,
    F: Fn(&I) -> T + Send + 'static,
{
    let total = items.len();
    let mut items = items.into_iter();
    let mut written = 0;
    let mut yielded = false;
    let chunks = futures::stream::poll_fn(move |cx| {
        if written > total {
            return std::task::Poll::Ready(None);
        }
        // Between two chunks, the thread goes to the other connections first. A client
        // that reads fast (or whose kernel buffers take megabytes) would otherwise keep
        // its connection's task making chunks until tokio's cooperative budget (128
        // operations) runs out: a hundred such answers would make every other client
        // wait for them all. An answer of one chunk never waits here.
        if written > 0 && !yielded {
            yielded = true;
            cx.waker().wake_by_ref();
            return std::task::Poll::Pending;
        }
        yielded = false;
        let mut chunk = Vec::new();
        if written == 0 {
            chunk.push(b'[');
        }
        for item in items.by_ref().take(PER_CHUNK) {
            if written > 0 {
                chunk.push(b',');
            }
            // A struct of strings always serialises.
            let _ = serde_json::to_writer(&mut chunk, &to_item(&item));
            written += 1;
        }
        if written == total {
            chunk.push(b']');
            written += 1;
        }
        std::task::Poll::Ready(Some(Ok::<_, std::convert::Infallible>(chunk)))
    });
    (
        [(CONTENT_TYPE, "application/json")],
        Body::from_stream(chunks),
    )
        .into_response()
}
