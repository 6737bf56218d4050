//! `cargo xtask platforms`: the proof, from Linux, that the workspace builds for Windows
//! and macOS and runs on Windows. It installs nothing: it says what is missing and stops.
//!
//! 1. clippy with `-D warnings` over every crate and target for each of [`TARGETS`]. The C
//!    code that `ring` compiles needs a C compiler for the target (mingw-w64 for Windows'
//!    GNU target, clang for the others) and a few system headers that only a Mac or a
//!    Windows SDK has: `support/xtask/sdk-stubs` declares the handful it includes.
//! 2. Under Wine, for `x86_64-pc-windows-gnu`: every `cargo run` command of the class
//!    book's pages (the README's are among them), through cargo with Wine as its runner,
//!    each output compared as on Linux, the servers asked from the Linux side and stopped
//!    with Ctrl-C (Wine turns SIGINT into the console's Ctrl-C event); each flags client
//!    but flags-async (see [`CLIENTS`]) stopped by Ctrl-C mid-run; then the tests of
//!    every crate but xtask, less those of [`NOT_UNDER_WINE`], each with its reason,
//!    through cargo-nextest: a process per test, its `wine` profile in
//!    `.config/nextest.toml` (retries, and a deadline for a hang, which Wine's sockets
//!    need now and then; nextest names every test that needed a retry). xtask's own tests
//!    run cargo and Unix tools, and stay on Linux.
//!
//! This file holds the lists (the targets, what does not run under Wine and why, the
//! clients stopped with Ctrl-C) and the order of the checks; `toolchain` what they need
//! installed and the C compiler for each target; `wine` the Wine prefix, Wine as cargo's
//! runner, and a client stopped with Ctrl-C under it.

mod toolchain;
mod wine;

use std::process::{Command, ExitCode};

use xtask::{cargo, workspace};

use toolchain::{c_compiler_for, missing_tools};
use wine::{ctrl_c_under_wine, under_wine, wine_prefix};

/// The targets checked, with what a student there runs.
pub const TARGETS: [(&str, &str); 4] = [
    (
        "x86_64-pc-windows-gnu",
        "Windows, linked by mingw-w64 (built and run under Wine)",
    ),
    (
        "x86_64-pc-windows-msvc",
        "Windows, as rustup installs Rust there (checked)",
    ),
    ("aarch64-apple-darwin", "macOS on Apple silicon (checked)"),
    ("x86_64-apple-darwin", "macOS on Intel (checked)"),
];

/// The Windows target this machine can link and Wine can run.
const WINDOWS: &str = "x86_64-pc-windows-gnu";

/// The class book's commands that cannot run under Wine, and why.
pub const COMMANDS_NOT_UNDER_WINE: [(&str, &str); 4] = [
    ("cargo run -p flags-bounded -- -e -m 1000", WINE_SOCKETS),
    (
        "cargo run -p flags-bounded -- -e -m 1000 --http2",
        WINE_SOCKETS,
    ),
    (
        "cargo run --release -p flags-compare -- --python support/flags-compare/standin -m 20",
        NO_PYTHON,
    ),
    (
        "cargo run --release -p flags-compare -- --python support/flags-compare/standin -m 20 --timeline class.svg",
        NO_PYTHON,
    ),
];

/// Why a run of hundreds of connections at once fails under Wine and not on Linux.
const WINE_SOCKETS: &str = "hundreds of connections at once in one process: Wine emulates \
     Windows sockets through its server process, and connects and answers miss their \
     deadlines";

/// Why class mode cannot run under Wine.
const NO_PYTHON: &str = "class mode runs Python scripts, and this Wine has no Windows \
     Python (a Windows program cannot start Linux's python3)";

/// Why the browser tests cannot run under Wine.
const NO_BROWSER: &str = "headless Chromium driven by Node.js: Linux programs, which a \
     Windows program cannot start";

/// Why the HTTP/2 limits test cannot run under Wine.
const WINE_HTTP2: &str = "under Wine, the server's HTTP/2 layer ends the test's connections \
     with GOAWAY too_many_internal_resets (streams it reset itself, which it does not on \
     Linux); not yet understood";

/// Tests that cannot run under Wine (each test's full name), and why.
pub const NOT_UNDER_WINE: [(&str, &str); 13] = [
    ("every_code_finds_194_flags_and_482_not_found", WINE_SOCKETS),
    ("the_books_numbers", WINE_SOCKETS),
    ("http2_sends_every_request_on_one_connection", WINE_SOCKETS),
    (
        "a_thousand_requests_are_held_open_at_once_and_all_served",
        WINE_SOCKETS,
    ),
    (
        "the_book_side_and_ours_share_one_table_and_one_chart",
        NO_PYTHON,
    ),
    (
        "without_httpx_the_message_names_it_and_nothing_runs",
        NO_PYTHON,
    ),
    (
        "a_failing_script_shows_its_last_lines_and_the_others_still_run",
        NO_PYTHON,
    ),
    (
        "a_folder_without_scripts_or_a_taken_port_is_said_plainly",
        NO_PYTHON,
    ),
    ("class_mode_speaks_json_too", NO_PYTHON),
    (
        "a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so",
        NO_PYTHON,
    ),
    (
        "http2_streams_and_answers_under_way_are_capped_and_cost_little_memory",
        WINE_HTTP2,
    ),
    ("the_stacked_timeline_renders_in_a_browser", NO_BROWSER),
    (
        "typing_in_the_page_shows_the_results_without_reloading",
        NO_BROWSER,
    ),
];

/// The flags clients, each stopped with Ctrl-C under Wine: its arguments, and how many
/// lines must be finished flags before the signal. flags-async is not among them: started
/// by this check it can print nothing within 30 s, though by hand under the same Wine
/// prefix it runs and stops on Ctrl-C (`-v --delay 2 --timeout 5`); why is not known.
const CLIENTS: [(&str, &[&str], usize); 4] = [
    ("flags-seq", &["-v", "-e", "-m", "2", "--delay", "0.05"], 3),
    (
        "flags-threads",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
    (
        "flags-bounded",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
    (
        "callbacks-vs-async",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
];

/// Runs every check, whatever failed before it, and says at the end what failed.
pub fn run() -> ExitCode {
    let missing = missing_tools();
    if !missing.is_empty() {
        eprintln!("cargo xtask platforms needs, and does not install:");
        for need in &missing {
            eprintln!("  {need}");
        }
        return ExitCode::from(2);
    }
    let mut failed = Vec::new();
    for (target, what) in TARGETS {
        println!("== clippy --target {target}: {what}");
        let mut clippy = cargo();
        clippy
            .args(["clippy", "--workspace", "--all-targets", "--target", target])
            .args(["--", "-D", "warnings"]);
        c_compiler_for(target, &mut clippy);
        if !ran(&mut clippy) {
            failed.push(format!("clippy --target {target}"));
        }
    }
    match wine_prefix() {
        Err(err) => failed.push(format!("Wine's prefix: {err}")),
        Ok(prefix) => {
            println!("== the class book's commands, built for {WINDOWS} and run under Wine");
            for (line, why) in COMMANDS_NOT_UNDER_WINE {
                println!("   not under Wine: {line}\n     ({why})");
            }
            let skip: Vec<&str> = COMMANDS_NOT_UNDER_WINE.iter().map(|(l, _)| *l).collect();
            let mut book = cargo();
            book.args(["test", "-p", "xtask", "--test", "workspace", "--"])
                .args(["--exact", "--include-ignored"])
                .arg("commands::every_command_of_the_class_book_runs_through_cargo_and_prints_what_it_shows")
                .env("XTASK_TARGET", WINDOWS)
                .env("XTASK_SKIP", skip.join("\n"));
            under_wine(&prefix, &mut book);
            if !ran(&mut book) {
                failed.push("the class book's commands under Wine".into());
            }
            println!("== Ctrl-C under Wine: each flags client's partial report, exit 130");
            for client in CLIENTS {
                let name = client.0;
                // A second try, said as such, as nextest gives the tests: under load a Wine
                // process now and then stalls before its first line.
                let tried = ctrl_c_under_wine(&prefix, client).or_else(|err| {
                    println!("   {name}: {err}; trying again");
                    ctrl_c_under_wine(&prefix, client)
                });
                match tried {
                    Ok(line) => println!("   {name}: {line}"),
                    Err(err) => {
                        println!("   {name}: {err}");
                        failed.push(format!("Ctrl-C to {name} under Wine"));
                    }
                }
            }
            println!("== the tests, built for {WINDOWS} and run under Wine (cargo-nextest)");
            let mut tests = cargo();
            tests.args(["nextest", "run", "--workspace", "--exclude", "xtask"]);
            tests.args(["--target", WINDOWS, "--profile", "wine"]);
            let mut skip = Vec::new();
            for (name, why) in NOT_UNDER_WINE {
                println!("   not under Wine: {name} ({why})");
                skip.push(format!("test(={name})"));
            }
            tests.args(["-E", &format!("not ({})", skip.join(" | "))]);
            under_wine(&prefix, &mut tests);
            if !ran(&mut tests) {
                failed.push(format!("the tests for {WINDOWS} under Wine"));
            }
        }
    }
    if failed.is_empty() {
        println!("== every platform check passed");
        ExitCode::SUCCESS
    } else {
        println!("== failed: {}", failed.join("; "));
        ExitCode::FAILURE
    }
}

/// Runs a command in the workspace, its output passing through; whether it succeeded.
fn ran(command: &mut Command) -> bool {
    command
        .current_dir(workspace())
        .status()
        .is_ok_and(|s| s.success())
}
