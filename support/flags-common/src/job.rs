//! One run's work: what to download, from where, how many at once, how long to wait, where
//! to save; and the HTTP clients that do it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::attempt::Requests;
use crate::http::{BlockingClient, Client, HttpVersion};
use crate::retry::RetryPolicy;
use crate::timeline::{Request, Timeline};
pub use tokio_util::sync::CancellationToken;

/// The largest body taken by default: 256 KiB (the book's flags are under 40 KB); at
/// `-m 100` that bounds the bodies in memory to 25 MiB whatever a server sends.
pub const DEFAULT_MAX_BODY: u64 = 256 * 1024;

/// What `download_many` receives: the book passes `cc_list, base_url, verbose, concur_req`;
/// here they travel together, with the timeout and the destination. (How the run shows
/// itself is a [`Display`](crate::Display) of its own.)
///
/// Cloning is cheap (the list and the request record are shared, behind `Arc`s), so a
/// spawned task, which must own what it uses, can take a clone of its own.
///
/// ```
/// use std::time::Duration;
/// use flags_common::Job;
///
/// let job = Job::new(
///     vec!["BR".into(), "XX".into()],
///     "http://127.0.0.1:8001/flags".into(),
///     2,
///     Duration::from_secs_f64(3.1),
///     "downloaded".into(),
/// );
/// assert_eq!(job.dest("BR.gif"), std::path::Path::new("downloaded/BR.gif"));
/// assert!(job.requests().is_empty(), "no client has sent anything yet");
/// ```
#[derive(Debug, Clone)]
pub struct Job {
    /// The codes to download, sorted.
    pub cc_list: Arc<[String]>,
    /// The base URL: a flag is at `{base_url}/{cc}/{cc}.gif`, `cc` in lower case.
    pub base_url: String,
    /// How many requests may be in flight at once.
    pub concur_req: usize,
    /// How long one request may take, from sending it to the last byte of its answer.
    pub timeout: Duration,
    /// Where flags are saved.
    pub dest_dir: PathBuf,
    /// When a failed request is tried again.
    pub retry: RetryPolicy,
    /// True to speak HTTP/2 (`--http2`): one connection, a stream per request.
    pub http2: bool,
    /// The largest body taken, in bytes (`--max-body`); a larger one is an error.
    pub max_body: u64,
    /// Cancelled when the run must stop early (Ctrl-C, SIGTERM, SIGHUP): a download not
    /// yet started is then not attempted, and the run reports what it has.
    pub stop: CancellationToken,
    /// Where this job's clients note each request (for `--json` and `--timeline`).
    timeline: Timeline,
}

impl Job {
    /// A job with these settings and the default [`RetryPolicy`]; its clock (the
    /// timeline's zero) starts now.
    pub fn new(
        cc_list: Vec<String>,
        base_url: String,
        concur_req: usize,
        timeout: Duration,
        dest_dir: PathBuf,
    ) -> Job {
        Job {
            cc_list: cc_list.into(),
            base_url,
            concur_req,
            timeout,
            dest_dir,
            retry: RetryPolicy::default(),
            http2: false,
            max_body: DEFAULT_MAX_BODY,
            stop: CancellationToken::new(),
            timeline: Timeline::new(),
        }
    }

    /// The same job with another retry policy.
    pub fn with_retry(self, retry: RetryPolicy) -> Job {
        Job { retry, ..self }
    }

    /// The same job, stopped early when `stop` is cancelled.
    pub fn with_stop(self, stop: CancellationToken) -> Job {
        Job { stop, ..self }
    }

    /// The same job taking bodies of at most `max_body` bytes.
    pub fn with_max_body(self, max_body: u64) -> Job {
        Job { max_body, ..self }
    }

    /// The same job speaking HTTP/2 (`true`) or HTTP/1.1.
    pub fn with_http2(self, http2: bool) -> Job {
        Job { http2, ..self }
    }

    fn version(&self) -> HttpVersion {
        HttpVersion::for_url(self.http2, &self.base_url)
    }

    /// The async HTTP client every download of this job shares (one connection pool).
    pub fn client(&self) -> reqwest::Result<Client> {
        Client::new(self.client_settings(), self.version())
    }

    /// The blocking HTTP client, for the sequential and thread-pool versions.
    pub fn blocking_client(&self) -> reqwest::Result<BlockingClient> {
        BlockingClient::new(self.client_settings(), self.version())
    }

    /// What the clients need to know of this job.
    fn client_settings(&self) -> Requests {
        Requests::new(
            self.timeline.clone(),
            self.timeout,
            self.retry.clone(),
            self.max_body,
            &self.base_url,
        )
        .prior_knowledge(self.version() == HttpVersion::Http2PriorKnowledge)
    }

    /// The path a flag is saved at: `downloaded/BR.gif`.
    pub fn dest(&self, filename: &str) -> PathBuf {
        self.dest_dir.join(filename)
    }

    /// Every request this job's clients have sent so far, by start time.
    pub fn requests(&self) -> Vec<Request> {
        self.timeline.requests()
    }
}
