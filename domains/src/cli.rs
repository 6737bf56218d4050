//! The programs' command lines, beyond the book's `sys.argv`: Python's keyword list (the
//! book imports it from the standard library); the options that choose where probes ask,
//! the built-in DNS server (the default, with its `--delay` and `--seed`), another
//! loopback server (`--dns`) or the operating system's resolver (`--system`); and
//! domaincheck's and executor-map's arguments, checked; the probes that got no answer
//! ([`Unanswered`]); and [`main_with_resolver`] (tokio) and [`main_with_smol_resolver`]
//! (smol), which run a program's `main` on them.

use std::net::SocketAddr;
use std::time::Duration;

use delay::Delay;

use crate::{DomainResult, ProbeError, Resolver, SmolResolver, dns};

/// Python's `keyword.kwlist` (3.10 to 3.13), in its order.
pub const KWLIST: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Where the probes ask, and how long they wait.
#[derive(Debug, Clone, clap::Args)]
pub struct Resolving {
    /// Ask the operating system's resolver (getaddrinfo, on a thread pool, as the book
    /// does) instead of the built-in DNS server: real names, real network.
    #[arg(long, conflicts_with_all = ["dns", "delay", "seed"])]
    pub system: bool,
    /// Ask the DNS server at ADDR, a loopback address (127.0.0.1:5353), instead of
    /// starting the built-in one.
    #[arg(long, value_name = "ADDR", value_parser = loopback, conflicts_with_all = ["delay", "seed"])]
    pub dns: Option<SocketAddr>,
    /// The built-in server's wait before each answer, drawn per name: SECONDS or MIN..MAX.
    #[arg(long, default_value = "0..0.5")]
    pub delay: Delay,
    /// Give every name the same delay on every run (the built-in server's draws).
    #[arg(long)]
    pub seed: Option<u64>,
    /// How long a probe waits for the DNS server's answer, in seconds (0.01 to 60).
    #[arg(long, value_name = "SECS", default_value = "2", value_parser = timeout)]
    pub timeout: Duration,
}

impl Resolving {
    /// The resolver the options ask for, and the built-in server when it is the one (it
    /// stops when dropped: keep it as long as the probes run).
    pub fn resolver(&self) -> std::io::Result<(Resolver, Option<dns::Server>)> {
        let (asked, server) = self.dns_server()?;
        let resolver = match asked {
            Some(addr) => Resolver::dns(addr, self.timeout),
            None => Resolver::System,
        };
        Ok((resolver, server))
    }

    /// The same choice for a program on smol: the same server, asked through smol's
    /// socket and timer.
    pub fn smol_resolver(&self) -> std::io::Result<(SmolResolver, Option<dns::Server>)> {
        let (asked, server) = self.dns_server()?;
        let resolver = match asked {
            Some(addr) => SmolResolver::Dns(addr, self.timeout),
            None => SmolResolver::System,
        };
        Ok((resolver, server))
    }

    /// The DNS server's address (`None` with `--system`), and the built-in server when it
    /// is the one, started here on a thread and runtime of its own, whatever runs the probes.
    fn dns_server(&self) -> std::io::Result<(Option<SocketAddr>, Option<dns::Server>)> {
        if self.system {
            return Ok((None, None));
        }
        if let Some(server) = self.dns {
            return Ok((Some(server), None));
        }
        let config = dns::Config {
            delay: self.delay,
            seed: self.seed,
            max_pending: dns::MAX_PENDING,
        };
        let server = dns::Server::start(config)?;
        Ok((Some(server.addr()), Some(server)))
    }
}

/// `--dns`: a socket address on this machine (every query of the lesson stays on it).
fn loopback(s: &str) -> Result<SocketAddr, String> {
    match s.parse::<SocketAddr>() {
        Ok(addr) if addr.port() == 0 => Err("needs a port, such as 127.0.0.1:5353".into()),
        Ok(addr) if addr.ip().is_loopback() => Ok(addr),
        Ok(_) => Err("must be a loopback address, such as 127.0.0.1:5353".into()),
        Err(_) => Err("must be an address and a port, such as 127.0.0.1:5353".into()),
    }
}

/// `--timeout`: seconds, from 0.01 to 60.
fn timeout(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.01..=60.0).contains(&x) => Ok(Duration::from_secs_f64(x)),
        _ => Err("must be a number of seconds from 0.01 to 60".into()),
    }
}

/// The probes that got no answer: each said on stderr as it comes (the book has no such
/// case: a name that does not resolve is `socket.gaierror`, "not found").
#[derive(Debug)]
pub struct Unanswered {
    program: &'static str,
    count: usize,
}

impl Unanswered {
    /// None yet, for `program`'s messages.
    pub fn new(program: &'static str) -> Unanswered {
        Unanswered { program, count: 0 }
    }

    /// The probe's answer, or `None` (said on stderr, and counted) when it got none.
    pub fn answer(&mut self, result: Result<DomainResult, ProbeError>) -> Option<DomainResult> {
        match result {
            Ok(answer) => Some(answer),
            Err(unanswered) => {
                eprintln!("{}: {unanswered}", self.program);
                self.count += 1;
                None
            }
        }
    }

    /// True when every probe was answered.
    pub fn none(&self) -> bool {
        self.count == 0
    }
}

/// The `main` of blogdom and domaincheck around the book's `asyncio.run(main())`: starts the
/// resolver the options ask for (the built-in server, if it is the one), runs `main` on it
/// with [`event_loop::asyncio_run`], and makes its answer the exit status: 0 when every
/// probe was answered, 1 otherwise (each unanswered probe said on stderr); 1 with a message
/// if the server or the event loop cannot start.
pub fn main_with_resolver<F>(
    program: &str,
    resolving: &Resolving,
    main: impl FnOnce(Resolver) -> F,
) -> std::process::ExitCode
where
    F: std::future::Future<Output = bool>,
{
    // Watched by tokio-console in a `cargo console` build, the built-in server's runtime
    // too; nothing otherwise (support/tasks).
    tasks::watch();
    // `_server` is dropped, and the built-in server stopped, only when this function
    // returns: it answers for as long as `main` runs.
    let (resolver, _server) = match resolving.resolver() {
        Ok(started) => started,
        Err(err) => {
            eprintln!("{program}: cannot start the DNS server: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match event_loop::asyncio_run(main(resolver)) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(err) => {
            eprintln!("{program}: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// [`main_with_resolver`] for a program on smol (blogdom-smol), with the same exit statuses:
/// `run` gets the resolver, drives the program's `main` to its end and returns its answer.
/// The `block_on` stays in the program, where the book has `run(main())`.
pub fn main_with_smol_resolver(
    program: &str,
    resolving: &Resolving,
    run: impl FnOnce(SmolResolver) -> bool,
) -> std::process::ExitCode {
    // The built-in server answers until `_server` is dropped, when this function returns.
    let (resolver, _server) = match resolving.smol_resolver() {
        Ok(started) => started,
        Err(err) => {
            eprintln!("{program}: cannot start the DNS server: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if run(resolver) {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

// domaincheck's command line.
/// Probe the domains of Python's short keywords under a TLD; print found and not found.
#[derive(Debug, clap::Parser)]
#[command(version)]
pub struct DomaincheckArgs {
    /// The top-level domain, such as dev or COM.BR (dots around it are dropped).
    #[arg(value_name = "TLD", value_parser = tld)]
    pub tld: Option<String>,
    /// Where the probes ask.
    #[command(flatten)]
    pub resolving: Resolving,
}

/// `tld.strip('.')`, then letters, digits and hyphens in dot-separated labels, none of
/// which starts or ends with a hyphen (the DNS's rule for a host name).
fn tld(s: &str) -> Result<String, String> {
    let tld = s.trim_matches('.');
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if tld.split('.').all(label_ok) {
        Ok(tld.to_string())
    } else {
        Err(
            "must be a domain such as dev or com.br: letters, digits and hyphens between dots"
                .into(),
        )
    }
}

// executor-map's command line.
/// Five jobs on three threads: results in submission order.
#[derive(Debug, clap::Parser)]
#[command(version)]
pub struct ExecutorMapArgs {
    /// How long `loiter(1)` sleeps, in seconds (the book's 1).
    #[arg(long, value_name = "SECS", default_value_t = 1.0, value_parser = program::seconds)]
    pub unit: f64,
    /// Print each result as its job finishes, instead of in submission order.
    #[arg(long)]
    pub completed: bool,
}
