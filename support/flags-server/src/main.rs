//! flags-server: the book's LOCAL, DELAY and ERROR test servers in one program.
//!
//! The book serves its flags with nginx or `python -m http.server` (LOCAL, port 8000), a slow
//! server or proxy that delays every response (DELAY, port 8001) and one that also answers
//! `418 I'm a Teapot` at random (ERROR, port 8002). Start this with the matching `--profile`
//! and the book's own Python scripts work unchanged with `-s LOCAL`, `-s DELAY`, `-s ERROR`.
//!
//! Run it: `cargo run -p flags-server -- --profile delay`

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use closed_stdout::say;
use flags_server::{Delay, Profile, Server, countries::COUNTRIES};
use shutdown::Shutdown;

/// Serve flag images like the book's test servers, with delays and injected errors.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Start from the settings of one of the book's servers: local (no delay, port 8000),
    /// delay (0.5 s, port 8001), error (0.5 s and 25% errors, port 8002).
    #[arg(long, value_enum, default_value = "local")]
    profile: Profile,

    /// Wait SECS before each answer, or a uniform random MIN..MAX per request.
    #[arg(long, value_name = "SECS|MIN..MAX")]
    delay: Option<Delay>,

    /// After the delay, answer `418 I'm a Teapot` with this probability (0 to 1).
    #[arg(long, value_name = "P", value_parser = program::probability)]
    error_rate: Option<f64>,

    /// Make each request's delay and error reproducible (a function of the seed, the path,
    /// and how many times that path was asked before).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,

    /// Serve DIR/flags/{cc}/{cc}.gif and metadata.json from a folder laid out like the
    /// book's dataset, instead of the generated flags.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,

    /// The port to listen on [default: the profile's: 8000, 8001 or 8002].
    #[arg(long)]
    port: Option<u16>,

    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,

    /// Let at most N connections wait to be accepted (the kernel drops a connect beyond
    /// it, as on an overloaded server) [default: 4096].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65_535))]
    backlog: Option<u32>,

    /// Wait SECS before accepting each connection (0 to 10): a slow server, whose small
    /// queue then overflows.
    #[arg(long, value_name = "SECS", value_parser = parse_accept_delay)]
    accept_delay: Option<f64>,

    /// After the delay, answer `503 Service Unavailable` with `Retry-After` with this
    /// probability (0 to 1), as an overloaded site does.
    #[arg(long, value_name = "P", value_parser = program::probability)]
    busy_rate: Option<f64>,

    /// The seconds a `503` asks clients to wait (`Retry-After`, 0 to 3600).
    #[arg(long, value_name = "SECS", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=3600))]
    retry_after: u32,

    /// Close each connection after its answer, as `python3 -m http.server` does: every
    /// request then opens a new connection (with a small --backlog, an overload).
    #[arg(long)]
    close: bool,

    /// Do not log each request.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_accept_delay(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=10.0).contains(&x) => Ok(x),
        _ => Err("must be a number of seconds from 0 to 10".into()),
    }
}

fn main() -> ExitCode {
    let code = match serve(program::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("flags-server: error: {err:#}");
            ExitCode::FAILURE
        }
    };
    // The log's last lines, written before the process ends.
    closed_stdout::flush_log();
    code
}

fn serve(args: Args) -> anyhow::Result<()> {
    // Each connection is a file descriptor on Unix: raise the soft limit (256 on macOS) so
    // that a client opening 1,000 connections at once is not refused.
    let _ = serving::open_files::raise_limit();

    let mut config = args.profile.config();
    config.delay = args.delay.unwrap_or(config.delay);
    config.error_rate = args.error_rate.unwrap_or(config.error_rate);
    config.seed = args.seed;
    config.log = !args.quiet;
    config.addr = SocketAddr::new(args.bind, args.port.unwrap_or(args.profile.port()));
    config.backlog = args.backlog.unwrap_or(config.backlog);
    config.accept_delay = Duration::from_secs_f64(args.accept_delay.unwrap_or(0.0));
    config.busy_rate = args.busy_rate.unwrap_or(config.busy_rate);
    config.retry_after = args.retry_after;
    config.close = args.close;
    if let Some(dir) = &args.dir {
        anyhow::ensure!(
            dir.join("flags").is_dir(),
            "--dir {}: no flags/ folder in it (the layout is DIR/flags/br/br.gif)",
            dir.display()
        );
    }
    config.dir = args.dir.clone();

    // Ctrl-C, SIGTERM (`kill`, `timeout`) and SIGHUP are caught before the server says it
    // serves: a signal sent the moment that line appears finds its handler in place.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let shutdown = runtime
        .block_on(async { Shutdown::on_signals() })
        .context("cannot listen for Ctrl-C")?;
    let server = Server::start(config.clone())
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let what = match &args.dir {
        Some(dir) => format!("flags from {}", dir.display()),
        None => format!("{} generated flags", COUNTRIES.len()),
    };
    say(&format!(
        "flags-server: serving {what} at {}",
        server.base_url()
    ));
    say(&format!(
        "delay {}, error rate {}{}. Press Ctrl-C to stop.",
        config.delay,
        config.error_rate,
        config
            .seed
            .map(|s| format!(", seed {s}"))
            .unwrap_or_default()
    ));

    // The server runs on its own thread; this thread only waits for one of those signals,
    // which stops it at once (requests still waiting their delay are dropped) with its
    // summary.
    runtime.block_on(shutdown.stop.cancelled());
    let counters = server.stop();
    let busy = if counters.busy > 0 {
        format!(", {} busy (503)", counters.busy)
    } else {
        String::new()
    };
    say(&format!(
        "\nflags-server: {} requests on {} connection{}: {} OK, {} not found, {} errors injected{busy}; peak {} in flight",
        counters.requests,
        counters.connections,
        if counters.connections == 1 { "" } else { "s" },
        counters.ok,
        counters.not_found,
        counters.injected_errors,
        counters.peak_in_flight
    ));
    Ok(())
}
