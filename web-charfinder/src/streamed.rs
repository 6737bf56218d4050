//! A JSON list written as the client reads it. FastAPI builds the whole answer in memory
//! before sending it: 5 MB for `q=cjk`, held as long as a client takes to read it, so a
//! hundred clients that never read would hold half a gigabyte. Here the answer is written
//! a few hundred entries at a time, each made when the client has taken the last: a slow
//! reader costs one chunk, and the idle limit (limits.rs) ends one that stops reading.

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
    let chunks = futures::stream::poll_fn(move |_| {
        if written > total {
            return std::task::Poll::Ready(None);
        }
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
