//! What `flags2_common.py` is to the book: everything the flags downloaders share, so that
//! each lesson holds only what its section teaches (`get_flag`, `download_one`,
//! `download_many`).
//!
//! Layout, one line a module:
//! - [`cli`]: the flags2 command line, as clap parses it;
//! - [`codes`]: the book's `expand_cc_args`, from letters and `-a`/`-e` to codes;
//! - [`settings`]: what it asks for ([`Settings`]), checked in the book's order;
//! - [`run`](mod@run): the book's `main`: parse, start a built-in server, report, time `download_many`;
//! - `files`: room for the run's connections: the open-files limit raised and checked, the table grown;
//! - [`job`]: what one run downloads, from where, how many at once, and its HTTP clients;
//! - [`http`]: those clients, shaped like httpx (`client.get`, `raise_for_status`, `content`);
//! - `attempt`: one request's attempts, noted, settled and retried, for both clients;
//! - `response`: one answer, as httpx's `Response`;
//! - `transport`: how they reach a server (HTTP version, proxy, a capped body);
//! - [`gather`](mod@gather): `asyncio.gather` over flags-async's tasks, with Ctrl-C;
//! - [`display`]: how a run shows each flag (verbose lines, codes, progress bar, nothing);
//! - [`retry`]: when a failed request is tried again, and the wait before it;
//! - [`outcome`]: how one download ends ([`FlagError`], [`Outcome`]) and the [`Tally`] of many;
//! - [`save`]: the book's `save_flag`, atomic;
//! - [`report`]: what a run measured ([`RunReport`], its ideal time) and the book's reports;
//! - [`summary`]: the typed `--json` summary, written by every program, read by the tests;
//! - [`timeline`]: each request's start and end, noted by the clients;
//! - [`svg`]: a run drawn as a picture (`--timeline FILE.svg`).

mod attempt;
pub mod cli;
pub mod codes;
pub mod display;
mod files;
pub mod gather;
pub mod http;
pub mod job;
pub mod outcome;
pub mod report;
mod response;
pub mod retry;
pub mod run;
pub mod save;
pub mod settings;
pub mod summary;
pub mod svg;
pub mod timeline;
mod transport;

pub use cli::UsageError;
pub use cli::{Args, POP20_CC, Workload};
pub use display::{Display, Mode, Progress};
pub use gather::gather;
pub use http::{BlockingClient, Client, HttpVersion, Response};
pub use job::{CancellationToken, Job};
pub use outcome::{FlagError, Outcome, Tally};
pub use report::RunReport;
pub use retry::RetryPolicy;
pub use run::{
    Concurrency, exit_code, main, parse_command_line, python_pool_size, run, stop_on_signals,
    validate_or_exit,
};
pub use save::save_flag;
pub use settings::{Output, Settings, Site};
pub use summary::Summary;
