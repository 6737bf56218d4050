//! The floor of the client's own cost: what the same requests cost a minimal client.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable that makes this bench the floor's client, with the server's
/// base URL.
pub const URL_VARIABLE: &str = "FLAGS_BOUNDED_FLOOR_URL";

/// The floor: `GET /flags/{cc}/{cc}.gif` for the 676 codes of `-e`, 100 at a time, each of
/// 100 tasks with a connection of its own taking the next code until none is left; every
/// body read whole and dropped. Exits with 1 if the answers are not `-e`'s 194 flags and
/// 482 not found.
pub fn client(base: &str) {
    use http_body_util::BodyExt;
    let host = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let codes: Vec<String> = ('a'..='z')
        .flat_map(|a| ('a'..='z').map(move |b| format!("{a}{b}")))
        .collect();
    let next = AtomicUsize::new(0);
    let (found, not_found) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let workers = (0..100).map(|_| async {
            let stream = tokio::net::TcpStream::connect(&host).await?;
            let io = hyper_util::rt::TokioIo::new(stream);
            let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await?;
            tokio::spawn(connection);
            while let Some(cc) = codes.get(next.fetch_add(1, Ordering::Relaxed)) {
                let request = hyper::Request::get(format!("/flags/{cc}/{cc}.gif"))
                    .header(hyper::header::HOST, &host)
                    .body(http_body_util::Empty::<bytes::Bytes>::new())
                    .expect("a request");
                sender.ready().await?;
                let response = sender.send_request(request).await?;
                let counter = match response.status().as_u16() {
                    200 => &found,
                    404 => &not_found,
                    other => return Err(format!("{cc}: HTTP {other}").into()),
                };
                response.into_body().collect().await?;
                counter.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        });
        for worker in futures::future::join_all(workers).await {
            worker.expect("every request answered");
        }
    });
    let counts = (found.into_inner(), not_found.into_inner());
    if counts != (194, 482) {
        eprintln!("floor: {counts:?} flags and not found, not (194, 482)");
        std::process::exit(1);
    }
}
