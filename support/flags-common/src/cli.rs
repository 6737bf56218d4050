//! The flags2 command line of the book (`flags2_common.py`), with clap.
//!
//! clap parses and checks each value's range; [`Args::validate`] (in [`crate::settings`])
//! then checks what clap cannot, in the book's order and with the book's messages.

use std::path::PathBuf;

use clap::Parser;
use flags_server::Delay;

/// The top 20 countries by population, the default workload.
pub const POP20_CC: [&str; 20] = [
    "CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP", "MX", "PH", "VN", "ET", "EG", "DE",
    "IR", "TR", "CD", "FR",
];

/// The book's remote site (2nd edition).
pub const REMOTE_URL: &str = "https://www.fluentpython.com/data/flags";

/// Download flags for country codes. Default: top 20 countries by population.
#[derive(Debug, Clone, Parser)]
#[command(
    about = "Download flags for country codes. Default: top 20 countries by population.",
    after_help = "Servers: LOCAL, DELAY and ERROR start a built-in server in this process \
                  (no setup, no internet); REMOTE is the book's site. Use `flags-server` \
                  to serve the book's own Python scripts."
)]
pub struct Args {
    /// Which codes, and how many at once.
    #[command(flatten)]
    pub workload: Workload,

    /// Server to hit: LOCAL, DELAY, ERROR or REMOTE (any case), or an http(s):// base URL.
    #[arg(short, long, value_name = "LABEL", default_value = "DELAY")]
    pub server: String,

    /// Output detailed progress info.
    #[arg(short, long)]
    pub verbose: bool,

    /// Give up on a request after SECS seconds (0.001 to 3600).
    #[arg(long, value_name = "SECS", default_value_t = 3.1, value_parser = parse_timeout)]
    pub timeout: f64,

    /// Try a request again up to N times (0 to 10) when it failed before any answer came
    /// (a connect that timed out, a connection reset or closed); never a refused connect,
    /// never an error status unless --retry-status names it.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,

    /// Retry these error statuses too (e.g. 503,429), waiting as the server's Retry-After
    /// asks, never past --timeout in all.
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = crate::retry::parse_status)]
    pub retry_status: Vec<u16>,

    /// Give up on a connect after SECS (more than 0, at most 60) and try again.
    #[arg(long, value_name = "SECS", default_value_t = 0.5, value_parser = parse_connect_timeout)]
    pub connect_timeout: f64,

    /// Speak HTTP/2: one connection, a stream per request (over plain TCP to an http://
    /// server, which must speak it too: the built-in one does).
    #[arg(long)]
    pub http2: bool,

    /// Refuse an answer whose body passes BYTES (1024 to 1073741824): the book's flags are
    /// under 40 KB.
    #[arg(long, value_name = "BYTES", default_value_t = crate::job::DEFAULT_MAX_BODY, value_parser = clap::value_parser!(u64).range(1024..=1 << 30))]
    pub max_body: u64,

    /// Save the flags in DIR.
    #[arg(long, value_name = "DIR", default_value = "downloaded")]
    pub dest_dir: PathBuf,

    /// How the built-in server behaves.
    #[command(flatten)]
    pub built_in: BuiltInArgs,

    /// Print one JSON object instead of the reports: the counts, the elapsed time, the
    /// built-in server's counters, and each request's code, outcome, start and end. With
    /// `--json=FILE`, the reports are printed as usual and the JSON is written to FILE.
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "-"
    )]
    pub json: Option<PathBuf>,

    /// Draw the run as an SVG picture: one bar per request from start to end (or, past 60
    /// requests, the number in flight over time), with the elapsed and ideal times.
    #[arg(long, value_name = "FILE.svg")]
    pub timeline: Option<PathBuf>,
}

/// The workload: which codes, and how many requests at once. Shared by every flags
/// program and by flags-compare, which passes the same workload to each.
#[derive(Debug, Clone, clap::Args)]
pub struct Workload {
    /// Country code or 1st letter (e.g. B for BA...BZ).
    #[arg(value_name = "CC")]
    pub cc: Vec<String>,

    /// Get all available flags (AD to ZW).
    #[arg(short, long)]
    pub all: bool,

    /// Get flags for every possible code (AA...ZZ).
    #[arg(short, long)]
    pub every: bool,

    /// Limit to N first codes.
    #[arg(short, long, value_name = "N", allow_negative_numbers = true)]
    pub limit: Option<i64>,

    /// Maximum concurrent requests (the help shows each program's default).
    #[arg(
        short,
        long = "max-req",
        visible_alias = "max_req",
        value_name = "CONCURRENT",
        allow_negative_numbers = true
    )]
    pub max_req: Option<i64>,
}

/// The built-in server's settings, beyond its profile's.
#[derive(Debug, Clone, clap::Args)]
pub struct BuiltInArgs {
    /// Built-in server only: wait SECS before each answer, or MIN..MAX at random
    /// [default: 0.5 for DELAY and ERROR, 0 for LOCAL].
    #[arg(long, value_name = "SECS|MIN..MAX")]
    pub delay: Option<Delay>,

    /// Built-in server only: answer `418 I'm a Teapot` with probability P, from 0 to 1
    /// [default: 0.25 for ERROR, 0 otherwise].
    #[arg(long, value_name = "P", value_parser = program::probability)]
    pub error_rate: Option<f64>,

    /// Built-in server only: make its delays and errors reproducible.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

impl BuiltInArgs {
    /// True when any option was given.
    pub(crate) fn any(&self) -> bool {
        self.delay.is_some() || self.error_rate.is_some() || self.seed.is_some()
    }

    /// `config` with these options applied.
    pub fn apply(&self, mut config: flags_server::Config) -> flags_server::Config {
        if let Some(delay) = self.delay {
            config.delay = delay;
        }
        if let Some(rate) = self.error_rate {
            config.error_rate = rate;
        }
        config.seed = self.seed;
        config
    }
}

/// A timeout in seconds: from a millisecond (no request is answered sooner) to an hour.
pub fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.001..=3600.0).contains(&x) => Ok(x),
        _ => Err("must be a number of seconds from 0.001 to 3600".into()),
    }
}

/// A connect timeout in seconds: more than 0, at most a minute.
fn parse_connect_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 60.0 => Ok(x),
        _ => Err("must be a number of seconds, more than 0 and at most 60".into()),
    }
}

/// A command line clap accepted but the book's rules refuse: printed as
/// `*** Usage error: ...` followed by the usage line, exit status 2.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("*** Usage error: {0}")]
pub struct UsageError(pub String);

pub(crate) fn usage(msg: &str) -> UsageError {
    UsageError(msg.to_string())
}
