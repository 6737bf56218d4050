//! The documents' commands, typed as a reader types them: every `cargo run` line of
//! README.md and docs/lesson.md (their Korean editions have the same commands, checked in
//! `readme.rs`) runs through cargo itself, so that cargo's own choices (which binary, which
//! profile, which features) are what the reader gets.
//!
//! Two lengths. The default run (`cargo test`) runs every command short: its delays and
//! spinner seconds cut down, a folder to save in, a free port, in the debug profile (a
//! release build of the benchmarks would take minutes), several at a time, and checks each
//! one's exit status. The slow proofs (`cargo test --workspace -- --ignored`) run each
//! command whose output the document pastes exactly as written and compare that output
//! whole, with only what truly varies (times, ports, completion order) normalised; and
//! after the README's preparation commands, check that no lesson command compiles anything.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xtask::{blocks, cargo, commands, read, workspace};

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

/// A `cargo run` line split into cargo's words (`run -p X --bin Y`) and the program's.
fn split(line: &str) -> (Vec<String>, Vec<String>) {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    assert!(
        words.len() > 2 && words[0] == "cargo" && words[1] == "run",
        "not a `cargo run` command: {line}"
    );
    match words.iter().position(|w| w == "--") {
        Some(i) => (words[1..i].to_vec(), words[i + 1..].to_vec()),
        None => (words[1..].to_vec(), Vec::new()),
    }
}

/// The value after `flag` among cargo's words (`-p`, `--bin`).
fn value<'a>(cargo_words: &'a [String], flag: &str) -> Option<&'a str> {
    let i = cargo_words.iter().position(|w| w == flag)?;
    cargo_words.get(i + 1).map(String::as_str)
}

/// Every command of the `sh` blocks of `name` with the output block pasted right after it,
/// if it stands alone in its block.
fn documented(name: &str) -> Vec<(String, Option<String>)> {
    let all = blocks(&read(name));
    let mut found = Vec::new();
    for (i, (lang, body)) in all.iter().enumerate() {
        if lang != "sh" {
            continue;
        }
        let lines: Vec<&str> = body.lines().collect();
        let shown = match all.get(i + 1) {
            Some((lang, text)) if lang == "text" && lines.len() == 1 => Some(text.clone()),
            _ => None,
        };
        for line in lines {
            found.push((line.to_string(), shown.clone()));
        }
    }
    found
}

/// The commands that run a lesson: not the quick start's test command (this very run),
/// benchmarks (release runs of minutes, by hand) or the preparation of a classroom.
fn is_lesson_command(line: &str) -> bool {
    line.starts_with("cargo run ")
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

/// What varies from run to run: times (`0.16s`, `[0.104s]`, `[18:58:26]`), ports, and the
/// order in which concurrent work completes (a run of per-flag lines, of per-domain lines,
/// or of executor-map's time-stamped lines is compared as a set).
fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| mask(l.trim_end())).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let is_flag_line = |l: &str| {
        let b = l.as_bytes();
        b.len() > 3 && b[..2].iter().all(u8::is_ascii_uppercase) && b[2] == b' '
    };
    // blogdom's `+ def.dev` and `  none.dev`, domaincheck's `def.dev` and `\t\tnone.dev`.
    let is_domain_line = |l: &str| {
        let name = ["+ ", "  ", "\t\t"]
            .iter()
            .find_map(|p| l.strip_prefix(p))
            .unwrap_or(l);
        name.contains('.')
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    };
    let is_unordered =
        |l: &str| is_flag_line(l) || is_domain_line(l) || l.starts_with("[HH:MM:SS] ");
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && is_unordered(&lines[i]) {
            i += 1;
        }
        lines[start..i].sort();
        i = i.max(start + 1);
    }
    lines
}

/// A line with every time (digits, a point, digits, then `s`) and every loopback port
/// replaced by a placeholder.
fn mask(line: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    // A clock time stamp, `[18:58:26]` (executor-map).
    let stamp = "[00:00:00]".chars().zip(&chars);
    if chars.len() >= 10
        && stamp.clone().all(|(want, got)| {
            if want == '0' {
                got.is_ascii_digit()
            } else {
                want == *got
            }
        })
    {
        out.push_str("[HH:MM:SS]");
        i = 10;
    }
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if let Some(after) = rest.strip_prefix("127.0.0.1:") {
            out.push_str("127.0.0.1:PORT");
            i += "127.0.0.1:".len() + after.chars().take_while(char::is_ascii_digit).count();
            continue;
        }
        let digits = |from: usize| {
            chars[from..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let whole = digits(i);
        let starts_number = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if whole > 0 && starts_number && chars.get(i + whole) == Some(&'.') {
            let fraction = digits(i + whole + 1);
            if fraction > 0 && chars.get(i + whole + 1 + fraction) == Some(&'s') {
                out.push_str("T.TTs");
                i += whole + 1 + fraction + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Two `Server:` lines that differ only in their count of connections, by one: a client
/// opens one more connection when a request starts before the answer that frees one has
/// been read to its end (the README says so where it counts connections).
fn one_connection_apart(want: &str, got: &str) -> bool {
    let count = |line: &str| -> Option<(String, u64)> {
        let (head, rest) = line.split_once(" requests served on ")?;
        let (n, tail) = rest.split_once(' ')?;
        Some((format!("{head}|{tail}"), n.parse().ok()?))
    };
    match (count(want), count(got)) {
        (Some((a, m)), Some((b, n))) => a == b && m.abs_diff(n) == 1,
        _ => false,
    }
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

/// One question to a server on a port, which panics if the answer is wrong.
type Ask = fn(u16);

/// How a server says it is ready, and one question to ask it.
fn server(package: &str) -> Option<(&'static str, Ask)> {
    match package {
        "flags-server" => Some((
            "flags-server: serving 194 generated flags at http://127.0.0.1:",
            ask_flags,
        )),
        "tcp-charfinder" => Some(("Serving on ('127.0.0.1', ", ask_tcp)),
        "web-charfinder" => Some(("Serving on http://127.0.0.1:", ask_web)),
        _ => None,
    }
}

/// One HTTP/1.1 GET on loopback; the whole answer, as text.
fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("the answer");
    String::from_utf8_lossy(&answer).into_owned()
}

fn ask_flags(port: u16) {
    let answer = http_get(port, "/flags/br/br.gif");
    // The ERROR profile answers 418 one time in four, as it should.
    let flag = answer.starts_with("HTTP/1.1 200") && answer.contains("\r\n\r\nGIF89a");
    let teapot = answer.starts_with("HTTP/1.1 418 I'm a Teapot");
    assert!(flag || teapot, "{answer:.300}");
}

fn ask_web(port: u16) {
    let answer = http_get(port, "/search?q=cat%20smiling");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(
        answer.contains("GRINNING CAT FACE WITH SMILING EYES"),
        "{answer}"
    );
}

fn ask_tcp(port: u16) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    stream
        .write_all(b"cat smiling\r\n")
        .expect("the query is sent");
    let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
    let status = lines.find(|l| l.contains(" found")).expect("a status line");
    assert!(status.ends_with("3 found"), "{status}");
}

/// Starts a server's command as written on a free port, waits until it says it serves,
/// asks it one question, then stops it with Ctrl-C's signal and checks it exits cleanly.
fn run_server(line: &str, mut command: Command, ready: &str, ask: Ask) {
    command
        .args(["--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("cargo runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok);
    let said = lines.find(|l| l.starts_with(ready));
    let Some(said) = said else {
        let _ = child.kill();
        panic!("{line}: never said `{ready}...`");
    };
    let port = xtask::loopback_port(&said).unwrap_or_else(|| panic!("{line}: no port in `{said}`"));
    ask(port);
    // `cargo run` replaces itself with the program (exec), so the signal reaches it.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    std::thread::spawn(move || lines.for_each(drop));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("the server's status") {
            assert!(status.success(), "{line}: Ctrl-C ended it with {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{line}: still running 15 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How long a documented command runs.
#[derive(Clone, Copy, PartialEq)]
enum Length {
    /// As written when the document pastes its output, which is then compared; else short.
    AsDocumented,
    /// Every command short, in the debug profile; only its exit status is checked.
    Short,
}

/// Runs one documented command through cargo and checks its exit status and, at its
/// documented length, the output the document pastes.
fn run_command(line: &str, shown: Option<&str>, length: Length) {
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
    } else if bin.starts_with("spinner") {
        args.extend(["--seconds".into(), "0.3".into()]);
    } else if bin == "executor-map" {
        args.extend(["--unit".into(), "0.05".into()]);
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
            // Each program once, on at most 40 codes: six programs (and the book's three
            // scripts in class mode) run one after another.
            args.extend(["--repeat".into(), "1".into(), "-l".into(), "40".into()]);
        } else {
            args.extend(["--dest-dir".into(), "saved".into()]);
        }
    }
    let mut command = cargo();
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

/// One cargo at a time in this file: the freshness check must see its preparation's
/// builds, not another test's `cargo run` landing between them.
static ONE_CARGO: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// The commands that `cargo xtask platforms` says cannot run on its target, one a line in
/// `XTASK_SKIP` (it prints why beside each).
fn skipped() -> Vec<String> {
    std::env::var("XTASK_SKIP")
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Commands run at once in the short run: most of a short command's time is waiting
/// (cargo's start, a delay, a server's answer), so a few overlap well on two cores.
const AT_ONCE: usize = 4;

/// Runs every lesson command of the documents, each to its end even when one before it
/// failed (short ones `AT_ONCE` at a time), then fails with the list of those that did;
/// returns how many ran.
fn run_every_command(names: &[&str], length: Length) -> usize {
    let _alone = ONE_CARGO.lock();
    let skip = skipped();
    let mut todo = Vec::new();
    for name in names {
        for (line, shown) in documented(name) {
            if !is_lesson_command(&line) {
                continue;
            }
            if skip.contains(&line) {
                println!("skipped: {line}");
                continue;
            }
            // Short, a command both documents give is the same run twice: once is enough.
            if length == Length::Short && todo.iter().any(|(l, _)| *l == line) {
                continue;
            }
            todo.push((line, shown));
        }
    }
    let ran = todo.len();
    let todo = parking_lot::Mutex::new(todo.into_iter());
    let failed = parking_lot::Mutex::new(Vec::new());
    let workers = if length == Length::Short { AT_ONCE } else { 1 };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Taken on its own line: the lock must not be held while the command runs.
                    let next = todo.lock().next();
                    let Some((line, shown)) = next else { break };
                    let outcome = std::panic::catch_unwind(|| {
                        run_command(&line, shown.as_deref(), length);
                    });
                    if outcome.is_err() {
                        failed.lock().push(line);
                    }
                }
            });
        }
    });
    let failed = failed.into_inner();
    assert!(
        failed.is_empty(),
        "{names:?}: these failed:\n{}",
        failed.join("\n")
    );
    ran
}

#[test]
fn every_command_of_both_documents_runs_short_through_cargo() {
    let ran = run_every_command(&["README.md", "docs/lesson.md"], Length::Short);
    assert!(ran >= 30, "only {ran} commands ran");
}

#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn every_command_in_the_readme_runs_through_cargo_and_prints_what_it_shows() {
    let ran = run_every_command(&["README.md"], Length::AsDocumented);
    assert!(ran >= 20, "only {ran} commands ran");
}

#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn every_command_of_the_lesson_plan_runs_through_cargo() {
    let ran = run_every_command(&["docs/lesson.md"], Length::AsDocumented);
    assert!(ran >= 12, "only {ran} commands ran");
}

/// Every command of the documents is one this test knows how to run: a lesson, the test
/// command, a benchmark, a step of the preparation, or the platform check (CI's step).
#[test]
fn every_documented_command_is_run_by_a_test_or_named_here() {
    for name in ["README.md", "docs/lesson.md"] {
        for line in commands(&read(name)) {
            let known = is_lesson_command(&line)
                || line == "cargo test --workspace"
                || line == "cargo xtask platforms"
                || line.starts_with("cargo bench -p ")
                || preparation().contains(&line)
                || line == "cargo vendor vendor";
            assert!(known, "{name}: no test runs `{line}`");
        }
    }
}

/// The README's commands that prepare a classroom: the `cargo fetch` and `cargo build`
/// lines of its "Preparing a classroom" section.
fn preparation() -> Vec<String> {
    let readme = read("README.md");
    let section = readme
        .split("### Preparing a classroom")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a section \"Preparing a classroom\"");
    commands(section)
        .into_iter()
        .filter(|l| l.starts_with("cargo fetch") || l.starts_with("cargo build"))
        .collect()
}

/// A classroom builds once and then compiles nothing: after the README's preparation, the
/// build of every lesson command of both documents is fresh (the same profile, and the
/// same features for every dependency: support/workspace-hack).
#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn after_the_preparation_every_lesson_command_is_fresh() {
    let _alone = ONE_CARGO.lock();
    let prepare = preparation();
    assert!(
        prepare.iter().any(|l| l.starts_with("cargo build")),
        "{prepare:?}"
    );
    for line in &prepare {
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        let status = cargo()
            .args(&words)
            .current_dir(workspace())
            .stdin(Stdio::null())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "`{line}` failed");
    }
    let mut checked = 0;
    for name in ["README.md", "docs/lesson.md"] {
        for line in commands(&read(name)) {
            if !is_lesson_command(&line) {
                continue;
            }
            let (mut cargo_words, _) = split(&line);
            cargo_words[0] = "build".into();
            let output = cargo()
                .args(&cargo_words)
                .env("CARGO_LOG", "cargo::core::compiler::fingerprint=info")
                .current_dir(workspace())
                .stdin(Stdio::null())
                .output()
                .expect("cargo runs");
            let said = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{line}:\n{said}");
            assert!(
                !said.contains("Compiling"),
                "{name}: `{line}` compiles after the preparation:\n{said}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} commands checked");
}

#[test]
fn the_normalisation_masks_times_ports_and_completion_order_only() {
    let shown = "LOCAL site: http://127.0.0.1:42941/flags (built-in: delay 0.00s)\nEG OK\nBD error: x\nElapsed time: 0.16s\nServer: 3 requests";
    let printed = "LOCAL site: http://127.0.0.1:1/flags (built-in: delay 0.01s)\nBD error: x\nEG OK\nElapsed time: 12.5s\nServer: 3 requests\n\n";
    assert_eq!(normalise(shown), normalise(printed));
    assert_ne!(
        normalise("Server: 3 requests"),
        normalise("Server: 4 requests")
    );
    assert_ne!(normalise("a\nb"), normalise("b\na"), "only flag lines move");
    assert_eq!(mask("U+1F638 x 3 found"), "U+1F638 x 3 found");
    let served = |n| format!("Server: 15 requests served on {n} connections, 2 errors");
    assert!(one_connection_apart(&served(5), &served(6)));
    assert!(!one_connection_apart(&served(5), &served(7)));
    assert!(!one_connection_apart(
        &served(5),
        "Server: 16 requests served on 6 connections, 2 errors"
    ));
    assert_eq!(mask("[0.104s] wake"), "[T.TTs] wake");
    assert_eq!(mask("[18:58:26] result 0: 0"), "[HH:MM:SS] result 0: 0");
    assert_eq!(
        normalise("+ def.dev\n  none.dev\nx"),
        normalise("  none.dev\n+ def.dev\nx")
    );
    assert_eq!(
        normalise("FOUND\ndef.dev\n\t\tnone.dev"),
        normalise("FOUND\n\t\tnone.dev\ndef.dev")
    );
    assert_ne!(
        normalise("+ def.dev"),
        normalise("  def.dev"),
        "the mark counts"
    );
    assert_eq!(
        normalise("[18:58:26] a\n[18:58:27] b"),
        normalise("[19:00:00] b\n[19:00:00] a")
    );
    assert_ne!(normalise("[18:58:26] a"), normalise("[18:58:26] b"));
}
