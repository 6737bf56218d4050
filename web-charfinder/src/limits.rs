//! What a server facing a classroom's browsers needs and the book's FastAPI app leaves to
//! uvicorn: a time limit on a request's headers, connections that close when idle, a cap on
//! connections (past it, a clear `503` "busy" answer), a cap on the answers being written
//! at once (the same number: an HTTP/2 connection carries many), and a shutdown that lets
//! the requests under way finish. `main.rs` serves the lesson's routes through [`serve`]; the
//! tests and the load bench, through [`serve_in_background`].

use std::future::Future;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, HttpBody as _};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use charindex::InvertedIndex;
use futures::StreamExt as _;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits on every connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a client may take to send a request's headers (hyper's
    /// `header_read_timeout`): a client sending them a byte a second is closed.
    pub header_read: Duration,
    /// How long a connection may go without a byte in either direction: a silent client,
    /// or one that stops reading its answer, is closed.
    pub idle: Duration,
    /// How many connections at once; one more is answered `503 Service Unavailable`.
    pub max_connections: usize,
    /// How many searches one HTTP/2 connection may have under way at once: the page sends
    /// one at a time, and each may hold a streamed answer of megabytes.
    pub streams: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            max_connections: 1024,
            streams: 32,
        }
    }
}

/// What a client past [`Limits::max_connections`] reads.
pub const BUSY_TEXT: &str = "Server busy: too many connections, try again.\n";

/// The whole answer past [`Limits::max_connections`] (serving::busy_answer).
pub static BUSY: LazyLock<String> = LazyLock::new(|| serving::busy_answer(BUSY_TEXT));

/// Serves `router` on `listener` within `limits`, HTTP/1.1 or HTTP/2, until `shutdown`
/// resolves; then stops accepting, lets each connection finish the request it is on, and
/// returns when all have closed (the caller sets the deadline: support/shutdown). The loop
/// is the flags server's too: serving::serve_http.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let http = serving::HttpLimits {
        header_read: limits.header_read,
        idle: limits.idle,
        cap: Some((limits.max_connections, BUSY_TEXT)),
        accept_delay: Duration::ZERO,
        streams: limits.streams,
    };
    let writing = Arc::new(Semaphore::new(limits.max_connections));
    let router = router.layer(axum::middleware::from_fn_with_state(writing, one_at_a_seat));
    serving::serve_http(listener, router, http, shutdown, || {}).await
}

/// Lets a request be answered once a seat among the answers being written is free, and
/// keeps the seat until its streamed answer is written or dropped: HTTP/1.1's cap on
/// connections bounds the answers under way, and this bounds them alike when one HTTP/2
/// connection carries many. A request that waits holds no answer yet, only its stream.
async fn one_at_a_seat(
    State(writing): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    let seat = writing
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    let response = next.run(request).await;
    // An answer of known length (the page) is written at once: its seat goes back now.
    if response.body().size_hint().exact().is_some() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = Body::from_stream(body.into_data_stream().map(move |chunk| {
        let _held = &seat;
        chunk
    }));
    Response::from_parts(parts, body)
}

/// Serves [`crate::app`] on a free loopback port, on a thread and runtime of its own, until the
/// process ends; returns the address. For the tests and the load benchmark, which need a
/// server beside their clients.
pub fn serve_in_background(index: Arc<InvertedIndex>) -> std::net::SocketAddr {
    serve_in_background_within(index, Limits::default())
}

/// [`serve_in_background`] within other [`Limits`] (the tests' short ones).
pub fn serve_in_background_within(
    index: Arc<InvertedIndex>,
    limits: Limits,
) -> std::net::SocketAddr {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
    let server = serving::ServerThread::start("web-charfinder", runtime, move || async move {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let serving = serve(listener, crate::app(index), limits, std::future::pending());
        Ok::<_, std::io::Error>((addr, serving))
    })
    .expect("a loopback port can be bound");
    server.detach()
}
