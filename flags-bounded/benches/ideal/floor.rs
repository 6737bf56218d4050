//! The floor of the client's own cost: what the same requests cost a minimal client, on
//! hyper alone or on reqwest (the HTTP client of every flags lesson), without anything a
//! lesson adds (retries, timeouts, the cap on a body, saving, the report).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable that makes this bench the floor's client, with the server's
/// base URL.
pub const URL_VARIABLE: &str = "FLAGS_BOUNDED_FLOOR_URL";

/// The environment variable that names the floor's client: `hyper` or `reqwest`.
pub const CLIENT_VARIABLE: &str = "FLAGS_BOUNDED_FLOOR_CLIENT";

/// The counts of one run: flags found, not found.
type Counts = (AtomicUsize, AtomicUsize);

/// The floor: `GET /flags/{cc}/{cc}.gif` for the 676 codes of `-e`, 100 at a time, each of
/// 100 tasks taking the next code until none is left; every body read whole and dropped.
/// Exits with 1 if the answers are not `-e`'s 194 flags and 482 not found.
pub fn client(base: &str) {
    let codes: Vec<String> = ('a'..='z')
        .flat_map(|a| ('a'..='z').map(move |b| format!("{a}{b}")))
        .collect();
    let next = AtomicUsize::new(0);
    let counts: Counts = (AtomicUsize::new(0), AtomicUsize::new(0));
    let take = || codes.get(next.fetch_add(1, Ordering::Relaxed));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    if std::env::var(CLIENT_VARIABLE).is_ok_and(|c| c == "reqwest") {
        runtime.block_on(on_reqwest(base, &take, &counts));
    } else {
        runtime.block_on(on_hyper(base, &take, &counts));
    }
    let counts = (counts.0.into_inner(), counts.1.into_inner());
    if counts != (194, 482) {
        eprintln!("floor: {counts:?} flags and not found, not (194, 482)");
        std::process::exit(1);
    }
}

/// Counts an answer's status, or says it is neither 200 nor 404.
fn count<'c>(status: u16, counts: &'c Counts, cc: &str) -> Result<&'c AtomicUsize, String> {
    match status {
        200 => Ok(&counts.0),
        404 => Ok(&counts.1),
        other => Err(format!("{cc}: HTTP {other}")),
    }
}

/// 100 HTTP/1.1 connections of hyper's, one a task.
async fn on_hyper<'a>(base: &str, take: &impl Fn() -> Option<&'a String>, counts: &Counts) {
    use http_body_util::BodyExt;
    let host = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let workers = (0..100).map(|_| async {
        let stream = tokio::net::TcpStream::connect(&host).await?;
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await?;
        tokio::spawn(connection);
        while let Some(cc) = take() {
            let request = hyper::Request::get(format!("/flags/{cc}/{cc}.gif"))
                .header(hyper::header::HOST, &host)
                .body(http_body_util::Empty::<bytes::Bytes>::new())
                .expect("a request");
            sender.ready().await?;
            let response = sender.send_request(request).await?;
            let counter = count(response.status().as_u16(), counts, cc)?;
            response.into_body().collect().await?;
            counter.fetch_add(1, Ordering::Relaxed);
        }
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    });
    for worker in futures::future::join_all(workers).await {
        worker.expect("every request answered");
    }
}

/// One reqwest client, as the lessons build one but with none of their settings.
async fn on_reqwest<'a>(base: &str, take: &impl Fn() -> Option<&'a String>, counts: &Counts) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    let workers = (0..100).map(|_| async {
        while let Some(cc) = take() {
            let response = client.get(format!("{base}/{cc}/{cc}.gif")).send().await?;
            let counter = count(response.status().as_u16(), counts, cc)?;
            response.bytes().await?;
            counter.fetch_add(1, Ordering::Relaxed);
        }
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    });
    for worker in futures::future::join_all(workers).await {
        worker.expect("every request answered");
    }
}
