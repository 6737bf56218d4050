//! The book's `main(download_many, default_concur_req, max_concur_req)`: parse the command
//! line, start a built-in server if asked, print the initial report, time `download_many`,
//! print the final report ([`main`]). Its parts are public for a program whose `main` is
//! its own (callbacks-vs-async): [`parse_command_line`], [`validate_or_exit`],
//! [`stop_on_signals`], [`run`], [`exit_code`]; and [`Concurrency`], each program's bound.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use crate::cli::{self, Args};
use crate::display::{Display, Mode, Progress};
use crate::job::CancellationToken;
use crate::report::{self, RunReport};
use crate::settings::{Output, Settings, Site};
use crate::summary::Summary;
use crate::{Job, Tally, svg};

/// How many requests a program lets be in flight at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concurrency {
    /// `-m` at most, `default` without `-m`, and never more than `max`: the book's
    /// `DEFAULT_CONCUR_REQ` and `MAX_CONCUR_REQ`.
    Bounded {
        /// Without `-m`.
        default: usize,
        /// The most the program allows, whatever `-m` says.
        max: usize,
    },
    /// No limit: every request starts at once (flags-async), and `-m` does not apply.
    Unbounded,
}

impl Concurrency {
    /// The concurrency a run uses: min(`-m` or the default, the maximum, the codes).
    ///
    /// ```
    /// use flags_common::Concurrency;
    ///
    /// let threads = Concurrency::Bounded { default: 30, max: 1000 };
    /// assert_eq!(threads.actual(None, 78), 30);
    /// assert_eq!(threads.actual(Some(5000), 676), 676);
    /// assert_eq!(Concurrency::Unbounded.actual(Some(5), 20), 20);
    /// ```
    pub fn actual(self, max_req: Option<usize>, codes: usize) -> usize {
        match self {
            Concurrency::Bounded { default, max } => max_req.unwrap_or(default).min(max).min(codes),
            Concurrency::Unbounded => codes,
        }
    }
}

/// How many threads Python's `ThreadPoolExecutor()` starts at most when not told, as
/// asyncio's default executor does too (`asyncio.to_thread`, `loop.getaddrinfo`):
/// min(32, CPUs + 4).
pub fn python_pool_size() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    (cpus + 4).min(32)
}

/// The book's `main(download_many, default_concur_req, max_concur_req)`: parse and check
/// the command line, run, report. How the run shows its progress without `-v` is the
/// program's choice (`progress`).
///
/// Exit status: 0 when the run completes (whatever each flag's outcome), 2 for a usage
/// error, 1 when the run cannot start, 130 when interrupted by Ctrl-C.
pub fn main<F>(download_many: F, concurrency: Concurrency, progress: Progress) -> ExitCode
where
    F: FnOnce(&Job, &Display) -> anyhow::Result<Tally>,
{
    program::start();
    let (args, command) = parse_command_line::<Args>(concurrency);
    let settings = validate_or_exit(&args, &command);
    let connections = concurrency.actual(settings.max_req, settings.cc_list.len());
    exit_code(
        &stop_on_signals(connections)
            .and_then(|stop| run(&settings, download_many, concurrency, progress, stop)),
    )
}

/// A token cancelled by Ctrl-C (SIGINT), SIGTERM or SIGHUP: the book's `except
/// KeyboardInterrupt`, for the whole process. The handler only cancels the token; each
/// program stops starting downloads, and the run reports its partial counts (exit 130).
/// A process has one handler: install it once, from `main`.
///
/// The handler is a thread, so the room for the run's `connections` at once is made
/// first: a process of one thread grows its table of descriptors without waiting
/// (`serving::open_files::grow_table`). Fails when the open-files limit cannot hold them.
pub fn stop_on_signals(connections: usize) -> anyhow::Result<CancellationToken> {
    crate::files::make_room(connections)?;
    let stop = CancellationToken::new();
    let cancel = stop.clone();
    if let Err(err) = ctrlc::set_handler(move || cancel.cancel()) {
        eprintln!("note: Ctrl-C will end the program without a report ({err})");
    }
    Ok(stop)
}

/// Parses the command line into `C` ([`Args`], or a struct that flattens it), with the
/// program named after its binary (clap would name it after this library) and its own
/// `-m` default in the help. Exits with clap's message and status 2 when clap refuses it.
pub fn parse_command_line<C: clap::Parser>(concurrency: Concurrency) -> (C, clap::Command) {
    let name = std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "flags".into());
    let max_req_help = match concurrency {
        Concurrency::Bounded { default, .. } => {
            format!("Maximum concurrent requests [default: {default}]")
        }
        Concurrency::Unbounded => {
            "Maximum concurrent requests (not used here: every request starts at once)".into()
        }
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
pub fn validate_or_exit(args: &Args, command: &clap::Command) -> Settings {
    match args.validate(command.get_name()) {
        Ok(settings) => settings,
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

/// One run, as the book's `main` does it after parsing: prepare the destination, start a
/// fresh built-in server if one is asked for, print the initial report, time
/// `download_many`, print the final report and the server's line.
pub fn run<F>(
    settings: &Settings,
    download_many: F,
    concurrency: Concurrency,
    progress: Progress,
    stop: CancellationToken,
) -> anyhow::Result<RunReport>
where
    F: FnOnce(&Job, &Display) -> anyhow::Result<Tally>,
{
    prepare_dest_dir(&settings.dest_dir)?;

    let starting = Instant::now();
    let server = match &settings.site {
        Site::BuiltIn(_, config) => Some(
            flags_server::Server::start(config.clone())
                .context("cannot start the built-in server")?,
        ),
        _ => None,
    };
    let startup = starting.elapsed();
    let base_url = match (&settings.site, &server) {
        (_, Some(server)) => server.base_url(),
        (Site::Url(url), None) => url.clone(),
        _ => cli::REMOTE_URL.to_string(),
    };

    let n = settings.cc_list.len();
    if let Site::BuiltIn(_, config) = &settings.site
        && config.delay.max > settings.timeout
    {
        // The book's slow server (0.5 to 5 s) and its 3.1 s timeout do the same, silently.
        eprintln!(
            "note: the server waits up to {:.2}s, longer than --timeout {:.2}s: slower \
             requests will time out (raise --timeout to see them all through)",
            config.delay.max.as_secs_f64(),
            settings.timeout.as_secs_f64()
        );
    }
    if concurrency == Concurrency::Unbounded && settings.max_req.is_some() {
        eprintln!("note: this program sends every request at once; --max_req is ignored");
    }
    let actual_req = concurrency.actual(settings.max_req, n);
    // Made by `stop_on_signals` already, at no cost again; a caller that makes its own
    // token (flags-bounded's bench) gets the same check of the open-files limit.
    crate::files::make_room(actual_req)?;
    let human = settings.output == Output::Human;
    if human {
        print!(
            "{}",
            report::initial_report(&settings.site, &base_url, &settings.cc_list, actual_req)
        );
        if settings.http2 {
            println!("HTTP/2: the requests are streams on one connection.");
        }
    }
    let mode = match settings.output {
        Output::Human if settings.verbose => Mode::Verbose,
        Output::Human => Mode::Progress(progress),
        Output::Json | Output::Silent => Mode::Quiet,
    };
    let display = Display::new(mode, n);

    let job = Job::new(
        settings.cc_list.clone(),
        base_url,
        actual_req,
        settings.timeout,
        settings.dest_dir.clone(),
    )
    .with_retry(settings.retry.clone())
    .with_http2(settings.http2)
    .with_max_body(settings.max_body)
    .with_stop(stop);
    let t0 = Instant::now();
    let tally = download_many(&job, &display)?;
    let elapsed = t0.elapsed();
    display.finish();
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
        startup,
        requests: job.requests(),
    };
    match settings.output {
        Output::Human => {
            print!("{}", report::final_report(&report.tally, elapsed));
            let (retried, gave_up) = crate::timeline::retries(&report.requests);
            if retried > 0 {
                println!("{}", report::retries_line(retried, gave_up));
            }
            if let Some(counters) = &report.server {
                println!("Server: {counters}.");
            }
        }
        Output::Json => println!(
            "{}",
            serde_json::to_string(&Summary::from(&report)).context("cannot write the JSON")?
        ),
        Output::Silent => {}
    }
    if let Some(path) = &settings.json_file {
        let json =
            serde_json::to_string(&Summary::from(&report)).context("cannot write the JSON")?;
        crate::save::write_whole(path, json.as_bytes())
            .with_context(|| format!("cannot write --json {}", path.display()))?;
    }
    if let Some(path) = &settings.timeline {
        let title = format!("{} {}", settings.program, command_line_args());
        let picture = svg::svg(
            &title,
            &report.requests,
            elapsed.as_secs_f64(),
            report.ideal(),
        );
        crate::save::write_whole(path, picture.as_bytes())
            .with_context(|| format!("cannot write --timeline {}", path.display()))?;
    }
    Ok(report)
}

/// The arguments the program was run with, for titles (less the output options).
fn command_line_args() -> String {
    let mut args = Vec::new();
    let mut rest = std::env::args_os().map(|arg| arg.to_string_lossy().into_owned());
    rest.next();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            _ if arg.starts_with("--json") => {}
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
    // The system's "File exists" would not say which file is in the way.
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        anyhow::bail!(
            "cannot create --dest-dir {}: {} is a file, not a folder",
            dir.display(),
            file.display()
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create --dest-dir {}", dir.display()))?;
    tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in --dest-dir {}", dir.display()))?;
    Ok(())
}
