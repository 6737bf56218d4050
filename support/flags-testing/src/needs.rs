//! Tests that need a tool this machine may not have (Node.js with Chromium and
//! playwright-core for the browser tests, python3 for class mode): their test binary
//! (`harness = false`) runs them with [`run_needing`], so that without the tool they are
//! counted as ignored, with one line saying why, instead of passing unchecked. CI (`CI`
//! set) runs them all the same, where a missing tool fails them: `.ci/run` installs every
//! one.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use libtest_mimic::{Arguments, Failed, Trial};

/// A test: its name, and the function that panics when it fails.
pub type Test = (&'static str, fn());

/// Runs every group's tests as `cargo test` runs a test binary (same arguments, same
/// report), a group's tests counted as ignored when its `Option` says what this machine
/// lacks for them (`None`: nothing).
pub fn run_needing(groups: &[(Option<String>, &[Test])]) -> ExitCode {
    let mut args = Arguments::from_args();
    // libtest reads its thread count from RUST_TEST_THREADS when `--test-threads` is not
    // given (the workspace sets it in .cargo/config.toml); libtest-mimic does not.
    if args.test_threads.is_none() {
        args.test_threads = std::env::var("RUST_TEST_THREADS")
            .ok()
            .and_then(|n| n.parse().ok());
    }
    let in_ci = std::env::var_os("CI").is_some();
    let mut trials = Vec::new();
    // Asked for the ignored tests too (the slow proofs), a test that cannot run here is
    // left out instead: it would only fail on what this machine lacks.
    let running_ignored = args.ignored || args.include_ignored;
    for (missing, tests) in groups {
        // Not while listing: a list (`--list`, as cargo-nextest reads it) holds test names
        // only.
        if let Some(why) = missing
            && !in_ci
            && !args.list
        {
            let s = if tests.len() == 1 { "" } else { "s" };
            if running_ignored {
                println!("skipped, {why}: {} test{s} left out", tests.len());
                continue;
            }
            println!("skipped, {why}: {} test{s} counted as ignored", tests.len());
        }
        for &(name, test) in tests.iter() {
            let missing = missing.clone();
            let ignored = missing.is_some() && !in_ci;
            let trial = Trial::test(name, move || match missing {
                Some(why) => Err(Failed::from(format!("cannot run, {why}"))),
                None => std::panic::catch_unwind(test)
                    .map_err(|_| Failed::from("panicked (the message is above)")),
            });
            trials.push(trial.with_ignored_flag(ignored));
        }
    }
    libtest_mimic::run(&args, trials).exit_code()
}

/// The folder the browser tests run their Node.js scripts in: `target/browser-test`, with
/// playwright-core in its `node_modules` (`.ci/run` puts it there).
pub fn browser_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-test")
}

/// What the browser tests lack here, if anything: Node.js, Chromium (`$CHROMIUM` or
/// `/usr/bin/chromium`) or playwright-core.
pub fn browser_missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if Command::new("node").arg("--version").output().is_err() {
        Some("no node (Node.js)".into())
    } else if !Path::new(&chromium).exists() {
        Some(format!("no Chromium at {chromium}"))
    } else if !browser_folder()
        .join("node_modules/playwright-core")
        .is_dir()
    {
        Some("no playwright-core in target/browser-test (see .ci/run)".into())
    } else {
        None
    }
}

/// What class mode's tests lack here, if anything: python3.
pub fn python_missing() -> Option<String> {
    match Command::new("python3").arg("--version").output() {
        Ok(_) => None,
        Err(_) => Some("no python3".into()),
    }
}
