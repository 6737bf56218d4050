//! What `flags2_common.py` is to the book: everything the flags downloaders share, so that
//! each crate's `main.rs` holds only what its section teaches (`get_flag`, `download_one`,
//! `download_many`).
//!
//! [`main`] parses and validates the command line ([`cli`]), starts a built-in server when
//! asked, prints the initial report, times the program's `download_many`, and prints the
//! final report ([`report`]). [`save_flag`] writes atomically; [`outcome`] holds the
//! shared outcome type and counter.

pub mod cli;
pub mod outcome;
pub mod report;
pub mod testing;
pub mod timeline;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

pub use cli::{Args, Output, POP20_CC, Settings, Site, UsageError};
pub use outcome::{FlagError, Outcome, Tally};
pub use timeline::Timeline;

/// For a program with no concurrency limit (flags-async): every request starts at once,
/// so the concurrency used is the number of codes and `-m` does not apply.
pub const UNBOUNDED: usize = usize::MAX;

/// One run: what `download_many` receives (the book passes `cc_list, base_url, verbose,
/// concur_req`; here they travel together, with the timeout and the destination).
///
/// Cloning is cheap (the list and the display state are shared, behind `Arc`s), so a
/// spawned task, which must own what it uses, can take a clone of its own.
///
/// ```
/// use std::time::Duration;
/// use flags_common::{Job, Outcome};
///
/// let job = Job::new(
///     vec!["BR".into(), "XX".into()],
///     "http://127.0.0.1:8001/flags".into(),
///     2,
///     true,
///     Duration::from_secs_f64(3.1),
///     "downloaded".into(),
/// );
/// assert_eq!(job.dest("BR.gif"), std::path::Path::new("downloaded/BR.gif"));
/// let for_a_task = job.clone();
/// for_a_task.show("BR", &Outcome::Ok); // prints `BR OK` (verbose)
/// ```
#[derive(Debug, Clone)]
pub struct Job {
    /// The codes to download, sorted.
    pub cc_list: Arc<Vec<String>>,
    /// The base URL: a flag is at `{base_url}/{cc}/{cc}.gif`, `cc` in lower case.
    pub base_url: String,
    /// How many requests may be in flight at once.
    pub concur_req: usize,
    /// Print one line per flag instead of the compact display (never with `--json`).
    pub verbose: bool,
    /// The per-request timeout.
    pub timeout: Duration,
    /// Where flags are saved.
    pub dest_dir: PathBuf,
    /// Records each request's start and end, for `--json` and `--timeline`: wrap each
    /// request in [`Timeline::time`] (async) or [`Timeline::time_blocking`].
    pub timeline: Timeline,
    /// Print nothing per flag (with `--json`).
    quiet: bool,
    /// True while a code line (`BD BR CD `) is open on stdout.
    line_open: Arc<Mutex<bool>>,
    /// True when a progress bar shows completions, so codes are not printed.
    bar_shown: Arc<AtomicBool>,
}

impl Job {
    /// A job with these settings (the reports and the display start empty).
    pub fn new(
        cc_list: Vec<String>,
        base_url: String,
        concur_req: usize,
        verbose: bool,
        timeout: Duration,
        dest_dir: PathBuf,
    ) -> Job {
        Job {
            cc_list: Arc::new(cc_list),
            base_url,
            concur_req,
            verbose,
            timeout,
            dest_dir,
            timeline: Timeline::new(),
            quiet: false,
            line_open: Arc::default(),
            bar_shown: Arc::default(),
        }
    }

    /// The async HTTP client every download of this job shares (one connection pool).
    pub fn client(&self) -> reqwest::Result<reqwest::Client> {
        install_crypto_provider();
        reqwest::Client::builder().timeout(self.timeout).build()
    }

    /// The blocking HTTP client, for the sequential and thread-pool versions.
    pub fn blocking_client(&self) -> reqwest::Result<reqwest::blocking::Client> {
        install_crypto_provider();
        reqwest::blocking::Client::builder()
            .timeout(self.timeout)
            .build()
    }

    /// The path a flag is saved at: `downloaded/BR.gif`.
    pub fn dest(&self, filename: &str) -> PathBuf {
        self.dest_dir.join(filename)
    }

    /// Shows how one download ended. With `-v`: `BR OK`, `XX not found: <url>`,
    /// `BR error: HTTP error 418 - I'm a Teapot`. Without: the code of each saved flag on
    /// one line (the book's `show`), errors on lines of their own; nothing when a
    /// progress bar is shown.
    pub fn show(&self, cc: &str, outcome: &Outcome) {
        if self.quiet {
            return;
        }
        let mut line_open = self.line_open.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = std::io::stdout().lock();
        if self.verbose {
            let _ = match outcome {
                Outcome::Ok => writeln!(out, "{cc} OK"),
                Outcome::NotFound(url) => writeln!(out, "{cc} not found: {url}"),
                Outcome::Error(err) => writeln!(out, "{cc} error: {}", err.chain()),
            };
        } else if !self.bar_shown.load(Ordering::Relaxed) {
            let _ = match outcome {
                Outcome::Ok => {
                    *line_open = true;
                    write!(out, "{cc} ")
                }
                Outcome::NotFound(_) => Ok(()),
                Outcome::Error(err) => {
                    let newline = if std::mem::take(&mut *line_open) {
                        "\n"
                    } else {
                        ""
                    };
                    writeln!(out, "{newline}{cc} error: {}", err.short())
                }
            };
        }
        let _ = out.flush();
    }

    /// A progress bar over the codes: the tqdm of Rust. It draws on stderr, only when that
    /// is a terminal and only without `-v` (whose lines it would garble); once it exists,
    /// [`Job::show`] stops printing codes.
    pub fn progress_bar(&self) -> ProgressBar {
        self.bar_shown.store(true, Ordering::Relaxed);
        if self.verbose || self.quiet {
            return ProgressBar::hidden();
        }
        let style = ProgressStyle::with_template("{percent:>3}%|{bar:40}| {pos}/{len} [{elapsed}]")
            .expect("the template is valid");
        ProgressBar::new(self.cc_list.len() as u64).with_style(style)
    }

    /// Ends the code line, if one is open, so that the final report starts on a new line.
    fn close_line(&self) {
        let mut line_open = self.line_open.lock().unwrap_or_else(|e| e.into_inner());
        if std::mem::take(&mut *line_open) {
            println!();
        }
    }
}

/// A response whose status can be checked: both reqwest's async and blocking ones.
pub trait HttpResponse {
    /// The status code.
    fn status(&self) -> reqwest::StatusCode;
    /// The reason phrase as the server sent it, when it is not the standard one.
    fn sent_reason(&self) -> Option<String>;
    /// The URL that was asked.
    fn url(&self) -> &reqwest::Url;
}

macro_rules! impl_http_response {
    ($response:ty) => {
        impl HttpResponse for $response {
            fn status(&self) -> reqwest::StatusCode {
                <$response>::status(self)
            }
            fn sent_reason(&self) -> Option<String> {
                self.extensions()
                    .get::<hyper::ext::ReasonPhrase>()
                    .map(|reason| String::from_utf8_lossy(reason.as_bytes()).into_owned())
            }
            fn url(&self) -> &reqwest::Url {
                <$response>::url(self)
            }
        }
    };
}

impl_http_response!(reqwest::Response);
impl_http_response!(reqwest::blocking::Response);

/// The `raise_for_status()` of Python's requests: a 404 becomes [`FlagError::NotFound`],
/// any other error status [`FlagError::Http`] with the reason phrase the server sent.
///
/// ```
/// use flags_common::{FlagError, raise_for_status};
/// use flags_server::{Config, Server};
///
/// let server = Server::start(Config { error_rate: 1.0, ..Config::default() })?;
/// let _ = rustls::crypto::ring::default_provider().install_default();
/// let client = reqwest::blocking::Client::new();
/// let resp = client.get(format!("{}/br/br.gif", server.base_url())).send()?;
/// match raise_for_status(&resp) {
///     Err(FlagError::Http { code, reason }) => assert_eq!((code, reason.as_str()), (418, "I'm a Teapot")),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn raise_for_status(response: &impl HttpResponse) -> Result<(), FlagError> {
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else if status == reqwest::StatusCode::NOT_FOUND {
        Err(FlagError::NotFound(response.url().to_string()))
    } else {
        let reason = response
            .sent_reason()
            .or_else(|| status.canonical_reason().map(str::to_string))
            .unwrap_or_default();
        Err(FlagError::Http {
            code: status.as_u16(),
            reason,
        })
    }
}

impl From<reqwest::Error> for FlagError {
    /// Sorts a failed request by kind, as the book's `except` clauses do.
    fn from(err: reqwest::Error) -> FlagError {
        if err.is_timeout() {
            FlagError::Timeout(err)
        } else if err.is_connect() {
            FlagError::Connect(err)
        } else {
            FlagError::Request(err)
        }
    }
}

/// Saves `img` at `path` atomically: written to a temporary file in the same folder, then
/// renamed, so that no run, interrupted or not, leaves a truncated flag behind.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// flags_common::save_flag(b"GIF89a...", &dir.path().join("BR.gif"))?;
/// assert_eq!(std::fs::read(dir.path().join("BR.gif"))?, b"GIF89a...");
/// let missing = dir.path().join("no/such/folder/BR.gif");
/// assert_eq!(flags_common::save_flag(b"GIF", &missing).unwrap_err().kind(), "save failed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_flag(img: &[u8], path: &Path) -> Result<(), FlagError> {
    let failed = |err| FlagError::Save(path.to_path_buf(), err);
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    file.write_all(img).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

/// rustls needs a crypto provider chosen once per process; we build it with `ring`.
fn install_crypto_provider() {
    // An error means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The book's `main(download_many, default_concur_req, max_concur_req)`: parse and check
/// the command line, prepare the destination, start a built-in server if asked, print the
/// initial report, time `download_many`, print the final report.
///
/// Exit status: 0 when the run completes (whatever each flag's outcome), 2 for a usage
/// error, 1 when the run cannot start, 130 when interrupted by Ctrl-C.
pub fn main<F>(download_many: F, default_concur_req: usize, max_concur_req: usize) -> ExitCode
where
    F: FnOnce(&Job) -> anyhow::Result<Tally>,
{
    let (args, command) = parse_command_line::<Args>(default_concur_req);
    let settings = validate_or_exit(&args, &command, default_concur_req);
    exit_code(&run(&settings, download_many, max_concur_req))
}

/// Parses the command line into `C` ([`Args`], or a struct that flattens it), with the
/// program named after its binary (clap would name it after this library) and its own
/// `-m` default in the help. Exits with clap's message and status 2 when clap refuses it.
pub fn parse_command_line<C: clap::Parser>(default_concur_req: usize) -> (C, clap::Command) {
    let name = std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "flags".into());
    let max_req_help = if default_concur_req == UNBOUNDED {
        "Maximum concurrent requests (not used here: every request starts at once)".to_string()
    } else {
        format!("Maximum concurrent requests [default: {default_concur_req}]")
    };
    let mut command = C::command()
        .name(name.clone())
        .bin_name(name)
        .mut_arg("max_req", |arg| arg.help(max_req_help));
    let matches = command.get_matches_mut();
    match C::from_arg_matches(&matches) {
        Ok(args) => (args, command),
        Err(err) => err.format(&mut command).exit(),
    }
}

/// Applies the book's checks; on a usage error prints it and the usage line, and exits 2.
pub fn validate_or_exit(
    args: &Args,
    command: &clap::Command,
    default_concur_req: usize,
) -> Settings {
    match args.validate(default_concur_req) {
        Ok(settings) => Settings {
            program: command.get_name().to_string(),
            ..settings
        },
        Err(usage_error) => {
            eprintln!("{usage_error}");
            eprintln!("{}", command.clone().render_usage());
            std::process::exit(2);
        }
    }
}

/// The exit status for a run: 0, 130 when interrupted, 1 (with the error printed) when it
/// could not run.
pub fn exit_code(result: &anyhow::Result<RunReport>) -> ExitCode {
    match result {
        Ok(report) if report.tally.interrupted => ExitCode::from(130),
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The program: `flags-bounded`.
    pub program: String,
    /// Where the flags came from.
    pub site: Site,
    /// The base URL used.
    pub base_url: String,
    /// How many codes were searched.
    pub codes: usize,
    /// The concurrency used.
    pub concurrency: usize,
    /// The counts.
    pub tally: Tally,
    /// The time `download_many` took.
    pub elapsed: Duration,
    /// What the built-in server saw, when there was one.
    pub server: Option<flags_server::Counters>,
    /// Each request, by start time.
    pub requests: Vec<timeline::Request>,
}

impl RunReport {
    /// The ideal time: every request waits the server's delay, `concurrency` at a time, so
    /// ceil(requests / concurrency) × delay. Known only for a built-in server with a fixed
    /// delay.
    ///
    /// ```
    /// use std::time::Duration;
    /// use flags_common::{RunReport, Site, Tally};
    /// use flags_server::Profile;
    ///
    /// let report = RunReport {
    ///     program: "flags-bounded".into(),
    ///     site: Site::BuiltIn(Profile::Delay, Profile::Delay.config()),
    ///     base_url: "http://127.0.0.1:8001/flags".into(),
    ///     codes: 20,
    ///     concurrency: 5,
    ///     tally: Tally::default(),
    ///     elapsed: Duration::from_secs(2),
    ///     server: None,
    ///     requests: Vec::new(),
    /// };
    /// assert_eq!(report.ideal(), Some(2.0), "4 rounds of 0.5 s");
    /// assert_eq!(report.to_json()["ideal"], 2.0);
    /// ```
    pub fn ideal(&self) -> Option<f64> {
        match &self.site {
            Site::BuiltIn(_, config) if config.delay.is_fixed() => {
                let requests = self.requests.len().max(self.codes);
                let rounds = requests.div_ceil(self.concurrency.max(1));
                Some(rounds as f64 * config.delay.min.as_secs_f64())
            }
            _ => None,
        }
    }

    /// The whole run as one JSON object (what `--json` prints).
    pub fn to_json(&self) -> serde_json::Value {
        let built_in = match &self.site {
            Site::BuiltIn(_, config) => serde_json::json!({
                "delay_min": config.delay.min.as_secs_f64(),
                "delay_max": config.delay.max.as_secs_f64(),
                "error_rate": config.error_rate,
                "seed": config.seed,
            }),
            _ => serde_json::Value::Null,
        };
        let counters = self.server.map(|c| {
            serde_json::json!({
                "requests": c.requests,
                "ok": c.ok,
                "not_found": c.not_found,
                "injected_errors": c.injected_errors,
                "peak_in_flight": c.peak_in_flight,
            })
        });
        serde_json::json!({
            "program": self.program,
            "server": {
                "label": self.site.label(),
                "url": self.base_url,
                "built_in": built_in,
            },
            "codes_searched": self.codes,
            "concurrency": self.concurrency,
            "counts": {
                "ok": self.tally.ok,
                "not_found": self.tally.not_found,
                "errors": self.tally.errors,
                "errors_by_kind": self.tally.error_kinds,
                "not_attempted": self.tally.not_attempted,
                "dropped": self.tally.dropped,
            },
            "interrupted": self.tally.interrupted,
            "elapsed": self.elapsed.as_secs_f64(),
            "ideal": self.ideal(),
            "server_counters": counters,
            "requests": self.requests,
        })
    }
}

/// One run, as the book's `main` does it after parsing: prepare the destination, start a
/// fresh built-in server if one is asked for, print the initial report, time
/// `download_many`, print the final report and the server's line.
pub fn run<F>(
    settings: &Settings,
    download_many: F,
    max_concur_req: usize,
) -> anyhow::Result<RunReport>
where
    F: FnOnce(&Job) -> anyhow::Result<Tally>,
{
    // Each connection is a file descriptor: lift the soft limit (256 on macOS) to the hard
    // one, so that 1,000 connections at once are not refused.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    prepare_dest_dir(&settings.dest_dir)?;

    let server = match &settings.site {
        Site::BuiltIn(_, config) => Some(
            flags_server::Server::start(config.clone())
                .context("cannot start the built-in server")?,
        ),
        _ => None,
    };
    let base_url = match (&settings.site, &server) {
        (_, Some(server)) => server.base_url(),
        (Site::Url(url), None) => url.clone(),
        _ => cli::REMOTE_URL.to_string(),
    };

    let n = settings.cc_list.len();
    let actual_req = if max_concur_req == UNBOUNDED {
        if settings.max_req_given {
            eprintln!("note: this program sends every request at once; --max_req is ignored");
        }
        n
    } else {
        settings.max_req.min(max_concur_req).min(n)
    };
    let human = settings.output == Output::Human;
    if human {
        print!(
            "{}",
            report::initial_report(&settings.site, &base_url, &settings.cc_list, actual_req)
        );
    }

    let mut job = Job::new(
        settings.cc_list.clone(),
        base_url,
        actual_req,
        settings.verbose && human,
        settings.timeout,
        settings.dest_dir.clone(),
    );
    job.quiet = !human;
    let t0 = Instant::now();
    let tally = download_many(&job)?;
    let elapsed = t0.elapsed();
    job.close_line();
    let server = server.map(flags_server::Server::stop);

    let report = RunReport {
        program: settings.program.clone(),
        site: settings.site.clone(),
        base_url: job.base_url.clone(),
        codes: n,
        concurrency: actual_req,
        tally,
        elapsed,
        server,
        requests: job.timeline.requests(),
    };
    match settings.output {
        Output::Human => {
            print!("{}", report::final_report(&report.tally, elapsed));
            if let Some(counters) = &report.server {
                println!("Server: {counters}.");
            }
        }
        Output::Json => println!("{}", report.to_json()),
        Output::Silent => {}
    }
    if let Some(path) = &settings.timeline {
        let title = format!("{} {}", settings.program, command_line_args());
        let svg = timeline::svg(
            &title,
            &report.requests,
            elapsed.as_secs_f64(),
            report.ideal(),
        );
        std::fs::write(path, svg)
            .with_context(|| format!("cannot write --timeline {}", path.display()))?;
    }
    Ok(report)
}

/// The arguments the program was run with, for titles (less the output options).
fn command_line_args() -> String {
    let mut args = Vec::new();
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--json" => {}
            "--timeline" => {
                rest.next();
            }
            _ if arg.starts_with("--timeline=") => {}
            _ => args.push(arg),
        }
    }
    if args.is_empty() {
        "(defaults)".into()
    } else {
        args.join(" ")
    }
}

/// Creates the destination folder and checks that a file can be written there, before any
/// request is made.
fn prepare_dest_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create --dest-dir {}", dir.display()))?;
    tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in --dest-dir {}", dir.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_flag_leaves_the_file_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("BR.gif");
        save_flag(b"GIF89a...", &path).expect("saved");
        assert_eq!(std::fs::read(&path).expect("readable"), b"GIF89a...");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["BR.gif"]);
    }

    #[test]
    fn save_flag_into_a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing").join("BR.gif");
        let err = save_flag(b"GIF", &path).expect_err("no folder");
        assert_eq!(err.kind(), "save failed");
        assert!(!path.exists());
    }
}
