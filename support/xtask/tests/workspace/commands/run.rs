//! One documented command run through cargo, short or as written, and what it must print.

use std::io::{Read, Seek, SeekFrom};
use std::process::Stdio;

use xtask::{cargo, workspace};

use super::normalise::{normalise, one_connection_apart};
use super::servers::{run_server, server};
use super::split;

/// cargo's words that choose the target: none for the host's; `--target T` when
/// `cargo xtask platforms` names another in `XTASK_TARGET` (then cargo's runner, Wine for
/// Windows, starts each program, and the lessons' own output is compared as here).
fn target() -> Vec<String> {
    match std::env::var("XTASK_TARGET") {
        Ok(target) if !target.is_empty() => vec!["--target".into(), target],
        _ => Vec::new(),
    }
}

/// A fresh folder inside the workspace (so that cargo finds the workspace from it, as from
/// its root), where a program may write what it writes.
fn scratch() -> tempfile::TempDir {
    let runs = workspace().join("target/doc-commands");
    std::fs::create_dir_all(&runs).expect("target/doc-commands");
    tempfile::tempdir_in(runs).expect("a scratch folder")
}

/// The value after `flag` among cargo's words (`-p`, `--bin`).
fn value<'a>(cargo_words: &'a [String], flag: &str) -> Option<&'a str> {
    let i = cargo_words.iter().position(|w| w == flag)?;
    cargo_words.get(i + 1).map(String::as_str)
}

/// Divides the value after `option` by 50 (`--delay 5` → `0.1`, `0.5..5` → `0.01..0.1`).
fn shorten(args: &mut [String], option: &str) -> bool {
    let Some(i) = args.iter().position(|a| a == option) else {
        return false;
    };
    let scaled: Vec<String> = args[i + 1]
        .split("..")
        .map(|x| (x.parse::<f64>().expect("seconds") / 50.0).to_string())
        .collect();
    args[i + 1] = scaled.join("..");
    true
}

/// What the program itself printed: cargo's own lines (`Compiling`, `Finished`,
/// `Running`) come before the program starts.
fn after_cargo(output: &str) -> String {
    match output.find("     Running `") {
        Some(at) => output[at..]
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .to_string(),
        None => output.to_string(),
    }
}

/// Sets `option` to `value`: in place when the command gives it, else added.
fn set(args: &mut Vec<String>, option: &str, value: &str) {
    match args.iter().position(|a| a == option) {
        Some(i) if i + 1 < args.len() => args[i + 1] = value.into(),
        _ => args.extend([option.into(), value.into()]),
    }
}

/// How long a documented command runs.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Length {
    /// As written when the document pastes its output, which is then compared; else short.
    AsDocumented,
    /// Every command short, in the debug profile, primes on small numbers; only its exit
    /// status is checked.
    Short,
}

/// Runs one documented command through cargo and checks its exit status and, at its
/// documented length, the output the document pastes.
pub(crate) fn run_command(line: &str, shown: Option<&str>, length: Length) {
    let (mut cargo_words, mut args) = split(line);
    let package = value(&cargo_words, "-p").expect("every command names its package");
    let package = package.to_string();
    let package = package.as_str();
    let bin = value(&cargo_words, "--bin").unwrap_or(package).to_string();
    if length == Length::Short {
        cargo_words.retain(|w| w != "--release");
    }
    let compared = shown.filter(|_| length == Length::AsDocumented);
    let dir = scratch();
    // A server's positional PORT (the book's `tcp_mojifinder.py 127.0.0.1 2424`) becomes 0,
    // a free one, as `--port 0` for the others (servers.rs).
    if server(package).is_some() {
        for arg in args.iter_mut().filter(|a| a.parse::<u16>().is_ok()) {
            *arg = "0".into();
        }
    }
    // Class mode: the folder of scripts is the workspace's stand-ins (the workspace holds
    // none of the book's scripts), and the server takes a free port, which the stand-ins
    // read.
    if let Some(i) = args.iter().position(|a| a == "--python") {
        let folder = if args[i + 1].starts_with('~') {
            workspace().join("support/flags-compare/standin")
        } else {
            workspace().join(&args[i + 1])
        };
        args[i + 1] = folder.display().to_string();
        args.extend(["--port".into(), "0".into()]);
        if let Some(j) = args.iter().position(|a| a == "--interpreter") {
            args[j + 1] = "python3".into();
        }
    }
    if compared.is_some() {
        // What the document pasted is what this command, as written, printed: peaks in
        // flight and connections depend on the delays, so they stay as they are.
    } else if bin.starts_with("spinner") || bin == "mini-executor" {
        set(&mut args, "--seconds", "0.1");
    } else if bin == "executor-map" {
        set(&mut args, "--unit", "0.05");
    } else if ["flags-seq", "flags-threads", "flags-async", "flags-bounded"].contains(&package)
        || ["callbacks-vs-async", "flags-compare"].contains(&package)
    {
        let delayed = shorten(&mut args, "--delay");
        shorten(&mut args, "--timeout");
        let local = args
            .windows(2)
            .any(|w| w[0] == "-s" && (w[1] == "LOCAL" || w[1].starts_with("http")));
        if !delayed && !local {
            args.extend(["--delay".into(), "0.01".into()]);
        }
        if package == "flags-compare" {
            // Each program once, on at most 10 codes: six programs (and the book's three
            // scripts in class mode) run one after another, flags-seq's requests too.
            args.extend(["--repeat".into(), "1".into(), "-l".into(), "10".into()]);
        } else {
            args.extend(["--dest-dir".into(), "saved".into()]);
            // `-e`'s 676 codes, cut to their first 60: the same paths through the
            // program for a tenth of the requests.
            if args.iter().any(|a| a == "-e") && !args.iter().any(|a| a == "-l") {
                args.extend(["-l".into(), "60".into()]);
            }
        }
    }
    let mut command = cargo();
    if length == Length::Short && package == "primes" {
        // Four numbers of the fixture's kinds, checked in milliseconds, for its 20 in
        // seconds of CPU (the primes crate's tests check the fixture itself).
        command.env("PRIMES_NUMBERS", "2,14270211073,333333333333,1000000000039");
    }
    command
        .args(&cargo_words)
        .args(target())
        .arg("--")
        .args(&args)
        .current_dir(dir.path());
    if let Some((ready, ask)) = server(package) {
        return run_server(line, command, ready, ask);
    }
    // stdout and stderr into one file, in the order they were written, as a terminal
    // shows them.
    let mut both = tempfile::tempfile().expect("a file for the output");
    let status = command
        .stdin(Stdio::null())
        .stdout(both.try_clone().expect("the file again"))
        .stderr(both.try_clone().expect("the file again"))
        .status()
        .expect("cargo runs");
    let mut stderr = String::new();
    both.seek(SeekFrom::Start(0)).expect("rewind");
    both.read_to_string(&mut stderr).expect("the output");
    let printed = after_cargo(&stderr);
    // A command the document shows failing on its arguments fails the same when short.
    let usage_error = shown.is_some_and(|s| s.starts_with("*** Usage error"));
    let expected = if usage_error { 2 } else { 0 };
    assert_eq!(
        status.code(),
        Some(expected),
        "{line} (with {args:?}):\n{stderr}\n{printed}"
    );
    if let Some(shown) = compared {
        let (want, mut got) = (normalise(shown), normalise(&printed));
        for (want, got) in want.iter().zip(got.iter_mut()) {
            if one_connection_apart(want, got) {
                got.clone_from(want);
            }
        }
        assert_eq!(
            want.join("\n"),
            got.join("\n"),
            "{line}: the document's output (left) is not what the program prints now (right)"
        );
    }
}
