//! What the server does with a request: the routes that find a file, and the layer around
//! them that stands in for the book's slow and faulty servers (the delay, the injected
//! `418` and `503`, the closed connections, the counting and the log line).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parking_lot::Mutex;

use crate::stats::Stats;
use crate::{Config, art, countries};

/// The reason phrase the error server sends with status 418.
pub const TEAPOT: &str = "I'm a Teapot";

/// The shared state of the routes and of the layer.
pub(crate) struct App {
    pub(crate) config: Config,
    seed: u64,
    pub(crate) stats: Arc<Stats>,
    /// How many times each path was asked, for reproducible seeded draws.
    seen: Mutex<HashMap<String, u64>>,
}

/// The routes: `GET /flags/{cc}/{file}` (and HEAD, which axum answers from GET), 404 for
/// any other path, all behind the slow and faulty layer.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/flags/{cc}/{file}", get(serve_file))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            slow_and_faulty,
        ))
        .with_state(app)
}

impl App {
    pub(crate) fn new(config: Config, stats: Arc<Stats>) -> App {
        let seed = config.seed.unwrap_or_else(|| fastrand::u64(..));
        App {
            config,
            seed,
            stats,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// This request's delay, whether it fails (`418`), and whether the server is too busy
    /// for it (`503`): a function of the seed, the path and how many times the path was
    /// asked before.
    fn draw(&self, path: &str) -> (Duration, bool, bool) {
        // Only the dataset's own paths are counted: a client asking for a million distinct
        // made-up paths must not grow the server's memory.
        let nth = if parse_flag_path(path).is_some() {
            // A blocking Mutex is right here: it is held for a map update, never across an
            // .await.
            let mut seen = self.seen.lock();
            let count = seen.entry(path.to_owned()).or_insert(0);
            *count += 1;
            *count - 1
        } else {
            0
        };
        let mut rng = fastrand::Rng::with_seed(
            self.seed
                ^ flag_art::fnv1a(path.as_bytes()).rotate_left(17)
                ^ nth.wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        let delay = self.config.delay.pick(rng.f64());
        let fail = rng.f64() < self.config.error_rate;
        let busy = rng.f64() < self.config.busy_rate;
        (delay, fail, busy)
    }

    /// The file at `path`, if the dataset has one.
    /// A generated flag is served from the bytes in the binary, without a copy.
    async fn lookup(&self, path: &str) -> Option<(&'static str, Bytes)> {
        let (cc, file) = parse_flag_path(path)?;
        let content_type = if file == "metadata.json" {
            "application/json"
        } else {
            "image/gif"
        };
        let body = match &self.config.dir {
            Some(dir) => Bytes::from(read_inside(dir, &format!("flags/{cc}/{file}")).await?),
            None => {
                let index = countries::position(cc)?;
                if file == "metadata.json" {
                    Bytes::from(countries::COUNTRIES[index].metadata_json())
                } else {
                    Bytes::from_static(art::flag(index))
                }
            }
        };
        Some((content_type, body))
    }
}

/// The layer every request goes through, whatever its path: it waits the delay first, as
/// the book's slow server does (so a 404 costs as much time as a flag), then answers `503`
/// or `418` itself or lets the route answer, and counts what was sent.
async fn slow_and_faulty(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut in_flight = app.stats.arrive(&path, app.config.record);
    let (delay, fail, busy) = app.draw(&path);
    // An async sleep: the waiting request holds no thread, so 1,000 can wait at once.
    tokio::time::sleep(delay).await;

    let response = if busy {
        app.stats.busy.fetch_add(1, Ordering::SeqCst);
        let retry_after = app.config.retry_after.to_string();
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, retry_after)],
            "503 Service Unavailable\n",
        )
            .into_response()
    } else if fail {
        app.stats.injected_errors.fetch_add(1, Ordering::SeqCst);
        teapot()
    } else {
        let response = next.run(request).await;
        match response.status() {
            StatusCode::OK => &app.stats.ok,
            _ => &app.stats.not_found,
        }
        .fetch_add(1, Ordering::SeqCst);
        response
    };
    if app.config.log {
        log_request(&path, delay, response.status());
    }
    in_flight.answered(response.status().as_u16());
    let mut response = response;
    if app.config.close {
        response.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
    }
    response
}

/// A flag or its `metadata.json`.
async fn serve_file(State(app): State<Arc<App>>, request: Request) -> Response {
    match app.lookup(request.uri().path()).await {
        Some((content_type, body)) => {
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        None => not_found().await,
    }
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "404 Not Found\n").into_response()
}

/// Splits `/flags/br/br.gif` into `("br", "br.gif")`; `None` for any other shape. Only two
/// lower-case letters and the two known file names get through, so no path built from the
/// result can climb out of the served folder.
fn parse_flag_path(path: &str) -> Option<(&str, &str)> {
    let (cc, file) = path.strip_prefix("/flags/")?.split_once('/')?;
    let valid_cc = cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase());
    let valid_file = file == "metadata.json" || file.strip_suffix(".gif") == Some(cc);
    (valid_cc && valid_file).then_some((cc, file))
}

/// Reads `dir/relative`, refusing anything whose real path (links resolved) is outside `dir`.
async fn read_inside(dir: &Path, relative: &str) -> Option<Vec<u8>> {
    let root = tokio::fs::canonicalize(dir).await.ok()?;
    let file = tokio::fs::canonicalize(root.join(relative)).await.ok()?;
    // Only regular files: reading a FIFO would wait for a writer that never comes.
    if !file.starts_with(&root) || !tokio::fs::metadata(&file).await.ok()?.is_file() {
        return None;
    }
    tokio::fs::read(file).await.ok()
}

/// `418 I'm a Teapot`, with the reason phrase Python's `http.server` sends (hyper's own
/// would be "I'm a teapot"), so clients can print what the book prints.
fn teapot() -> Response {
    let mut response = (StatusCode::IM_A_TEAPOT, "418 I'm a Teapot\n").into_response();
    response
        .extensions_mut()
        .insert(hyper::ext::ReasonPhrase::from_static(TEAPOT.as_bytes()));
    response
}

/// `BR delay: 0.50s`, as the book's slow server logs, plus the status when it is not 200.
fn log_request(path: &str, delay: Duration, status: StatusCode) {
    let label = match parse_flag_path(path) {
        Some((cc, "metadata.json")) => format!("{} metadata", cc.to_ascii_uppercase()),
        Some((cc, _)) => cc.to_ascii_uppercase(),
        // A path is the client's to make up: cut a long one, so the log stays readable.
        None if path.chars().count() > 80 => {
            format!("{}…", path.chars().take(80).collect::<String>())
        }
        None => path.to_string(),
    };
    let delay = delay.as_secs_f64();
    let line = if status == StatusCode::OK {
        format!("{label} delay: {delay:.2}s")
    } else if status == StatusCode::IM_A_TEAPOT {
        format!("{label} delay: {delay:.2}s -> 418 {TEAPOT}")
    } else {
        format!("{label} delay: {delay:.2}s -> {status}")
    };
    // A closed or full log must never stop the serving: write errors are dropped.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_flag_paths_of_two_lowercase_letters_are_parsed() {
        assert_eq!(parse_flag_path("/flags/br/br.gif"), Some(("br", "br.gif")));
        assert_eq!(
            parse_flag_path("/flags/br/metadata.json"),
            Some(("br", "metadata.json"))
        );
        for bad in [
            "/flags/BR/BR.gif",
            "/flags/br/bd.gif",
            "/flags/../etc/passwd",
            "/flags/br/../../x",
            "/flags/b/b.gif",
            "/flags/br/br.gif/x",
            "/other/br/br.gif",
        ] {
            assert_eq!(parse_flag_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn made_up_paths_leave_no_state_behind() {
        let app = App::new(Config::default(), Arc::default());
        for i in 0..1000 {
            let _ = app.draw(&format!("/no/such/path/{i}"));
        }
        let _ = app.draw("/flags/br/br.gif");
        let seen = app.seen.lock();
        assert_eq!(seen.len(), 1, "only the dataset's path is counted");
    }

    #[test]
    fn seeded_draws_depend_on_path_and_repeat_count_not_on_order() {
        let config = Config {
            delay: "0..1".parse().expect("valid"),
            error_rate: 0.5,
            seed: Some(7),
            ..Config::default()
        };
        let a = App::new(config.clone(), Arc::default());
        let b = App::new(config, Arc::default());
        let a_first = (a.draw("/flags/br/br.gif"), a.draw("/flags/bd/bd.gif"));
        let b_first = (b.draw("/flags/bd/bd.gif"), b.draw("/flags/br/br.gif"));
        assert_eq!(a_first.0, b_first.1);
        assert_eq!(a_first.1, b_first.0);
        // A second request for the same path is a new draw.
        let draws: Vec<_> = (0..20).map(|_| a.draw("/flags/br/br.gif")).collect();
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
