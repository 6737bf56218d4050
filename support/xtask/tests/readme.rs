//! The READMEs cannot go stale: every command they show runs (with the delays shortened),
//! the outputs they paste match what the programs print now (timings and ports aside),
//! their links point at the lines they name, and the Korean edition keeps the English
//! one's sections, commands and links.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use xtask::{blocks, commands, links, read, stale_links, stale_links_in, workspace};

/// Every link names a file that exists, and every line link a line that shows its code.
/// When code moves, `cargo xtask fix-links` re-points them.
#[test]
fn links_point_at_the_lines_they_name() {
    let readme = read("README.md");
    assert!(links(&readme).len() > 30, "the concept map links its rows");
    let stale = stale_links(&readme).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        stale.is_empty(),
        "stale links (run `cargo xtask fix-links`): {stale:#?}"
    );
}

#[test]
fn the_korean_readme_keeps_the_same_sections_commands_and_links() {
    let (en, ko) = (read("README.md"), read("README.ko.md"));
    let levels = |md: &str| -> Vec<usize> {
        md.lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.chars().take_while(|c| *c == '#').count())
            .collect()
    };
    assert_eq!(
        levels(&ko),
        levels(&en),
        "the same headings, in the same order"
    );
    assert_eq!(commands(&ko), commands(&en), "the same commands");
    let targets = |md: &str| links(md).into_iter().map(|(_, t)| t).collect::<Vec<_>>();
    assert_eq!(targets(&ko), targets(&en), "the same links");
    let quick_start = |md: &str| commands(md).into_iter().take(2).collect::<Vec<_>>();
    assert_eq!(
        quick_start(&ko),
        ["cargo run -p spinner-async", "cargo test --workspace"]
    );
}

#[test]
fn the_quick_start_is_the_two_commands() {
    let commands = commands(&read("README.md"));
    assert_eq!(
        commands[..2],
        ["cargo run -p spinner-async", "cargo test --workspace"]
    );
}

/// A binary of the workspace, from the folder `cargo test --workspace` built them in
/// (built first if this test runs alone).
fn binary(package: &str, bin: &str) -> PathBuf {
    let test = std::env::current_exe().expect("this test's path");
    let dir = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    let path = dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", package, "--bin", bin])
            .current_dir(workspace())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cannot build {bin}");
    }
    path
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

/// The line of a pasted output that must be printed again as it is: not the ones with a
/// time or a port in them.
fn is_stable(line: &str) -> bool {
    let line = line.trim_end();
    !(line.is_empty()
        || line.contains("Elapsed time")
        || line.contains(" site: http")
        || line.starts_with("Server: ")
        || line.starts_with("Identical outcomes")
        || line.starts_with("===")
        // A trace line, which begins with its time: `[0.103s] wake  task 1 (spin)`.
        || (line.starts_with('[') && line.contains("s] ")))
}

#[test]
fn every_command_in_the_readme_runs_and_prints_what_it_shows() {
    let ran = run_every_command("README.md");
    assert!(ran >= 20, "only {ran} commands ran");
}

/// Runs every command of the `sh` blocks of `name`, checking the output pasted after a
/// one-command block; returns how many ran.
fn run_every_command(name: &str) -> usize {
    let text = read(name);
    let all_blocks = blocks(&text);
    let mut ran = 0;
    for (i, (lang, body)) in all_blocks.iter().enumerate() {
        if lang != "sh" {
            continue;
        }
        let lines: Vec<&str> = body.lines().collect();
        // The output pasted right after a one-command block, if any.
        let shown = match all_blocks.get(i + 1) {
            Some((lang, text)) if lang == "text" && lines.len() == 1 => Some(text.as_str()),
            _ => None,
        };
        for line in lines {
            // The quick start's test command is this very run; benchmarks are release
            // builds of a minute, run by hand.
            if line == "cargo test --workspace" || line.starts_with("cargo bench") {
                continue;
            }
            // Preparing a classroom: fetching, vendoring and a whole build are for a
            // machine being set up, not for a test run.
            if ["cargo fetch", "cargo vendor", "cargo build"]
                .iter()
                .any(|c| line.starts_with(c))
            {
                continue;
            }
            run_command(line, shown);
            ran += 1;
        }
    }
    ran
}

/// The lesson plan cannot go stale either: every command it gives runs, its links point at
/// the lines they name, and the Korean edition has the same steps, commands and links.
#[test]
fn every_command_of_the_lesson_plan_runs() {
    let ran = run_every_command("docs/lesson.md");
    assert!(ran >= 12, "only {ran} commands ran");
}

#[test]
fn the_lesson_plan_links_point_at_the_lines_they_name() {
    let (en, ko) = (read("docs/lesson.md"), read("docs/lesson.ko.md"));
    for (name, text) in [("lesson.md", &en), ("lesson.ko.md", &ko)] {
        let stale = stale_links_in(text, "docs").unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(
            stale.is_empty(),
            "{name}: stale links (run `cargo xtask fix-links`): {stale:#?}"
        );
    }
    let headings = |md: &str| md.lines().filter(|l| l.starts_with('#')).count();
    assert_eq!(headings(&ko), headings(&en), "the same steps");
    assert_eq!(commands(&ko), commands(&en), "the same commands");
    // The same links (Korean word order may put them in another order), but each
    // edition's link to the other.
    let targets = |md: &str| {
        let mut all: Vec<String> = links(md)
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| !t.starts_with("lesson"))
            .collect();
        all.extend(book_links(md));
        all.sort();
        all
    };
    assert_eq!(targets(&ko), targets(&en), "the same links");
    // The book's files, at one pinned commit.
    let book = book_links(&en);
    assert!(book.len() >= 10, "{book:?}");
    let pinned = "https://github.com/fluentpython/example-code-2e/blob/5d6b15604782c715c85236d6de30b90add3f8d32";
    assert!(book.iter().all(|l| l.starts_with(pinned)), "{book:?}");
}

/// The links to the book's repository.
fn book_links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| target.starts_with("https://github.com/fluentpython/"))
        .map(str::to_string)
        .collect()
}

fn run_command(line: &str, shown: Option<&str>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (package, rest) = match words.as_slice() {
        ["cargo", "run", "-p", package, rest @ ..] => (*package, rest),
        ["cargo", "run", "--release", "-p", package, rest @ ..] => (*package, rest),
        _ => panic!("not a `cargo run` command: {line}"),
    };
    let (bin, rest) = match rest {
        ["--bin", bin, rest @ ..] => (*bin, rest),
        _ => (package, rest),
    };
    let mut args: Vec<String> = match rest {
        ["--", args @ ..] => args.iter().map(|a| a.to_string()).collect(),
        [] => Vec::new(),
        _ => panic!("arguments must follow `--`: {line}"),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let exe = binary(package, bin);
    // Class mode: the folder of scripts is the workspace's (the book's folder is the
    // stand-ins' here), and the server takes a free port, which the stand-ins read.
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

    // A server runs until stopped: start it on a free port, read until it says it is
    // serving, then stop it.
    let serving = match package {
        "flags-server" => Some("flags-server: serving 194 generated flags at http://127.0.0.1:"),
        "tcp-charfinder" => Some("Serving on ('127.0.0.1', "),
        "web-charfinder" => Some("Serving on http://127.0.0.1:"),
        _ => None,
    };
    if let Some(serving) = serving {
        args.extend(["--port".into(), "0".into()]);
        let mut child = Command::new(&exe)
            .args(&args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let said = BufReader::new(child.stdout.take().expect("stdout"))
            .lines()
            .map_while(Result::ok)
            .find(|l| l.starts_with(serving));
        let _ = child.kill();
        let _ = child.wait();
        assert!(said.is_some(), "{line}: never said `{serving}...`");
        return;
    }
    if package.starts_with("spinner-") || bin.starts_with("spinner-") {
        args.extend(["--seconds".into(), "0.3".into()]);
    } else if ["futures-inside", "primes", "charindex"].contains(&package) {
        // Its commands are short as the README gives them.
    } else {
        let delayed = shorten(&mut args, "--delay");
        shorten(&mut args, "--timeout");
        let local = args
            .windows(2)
            .any(|w| w[0] == "-s" && (w[1] == "LOCAL" || w[1].starts_with("http")));
        if !delayed && !local {
            args.extend(["--delay".into(), "0.01".into()]);
        }
        if package == "flags-compare" {
            args.extend(["--repeat".into(), "1".into()]);
        } else {
            args.extend(["--dest-dir".into(), "saved".into()]);
        }
    }
    let output = Command::new(&exe)
        .args(&args)
        .current_dir(dir.path())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let printed = format!("{stdout}{stderr}");
    let usage_error = shown.is_some_and(|s| s.starts_with("*** Usage error"));
    let expected = if usage_error { 2 } else { 0 };
    assert_eq!(
        output.status.code(),
        Some(expected),
        "{line} (run as {args:?}):\n{printed}"
    );
    if let Some(shown) = shown {
        let actual: Vec<&str> = printed.lines().map(str::trim_end).collect();
        for want in shown.lines().filter(|l| is_stable(l)) {
            assert!(
                actual.contains(&want.trim_end()),
                "{line}: the README shows `{want}`, the program now prints:\n{printed}"
            );
        }
    }
}

/// Renders a README as GitHub does (CommonMark with tables): every table row must have its
/// header's number of cells (a row with one cell too many loses it, link and all), and
/// every link of the text must survive as a link.
fn check_rendering(name: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};

    let text = read(name);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    // Each table's header width, from the raw text: cells between pipes, `\|` excepted.
    for (i, line) in text.lines().enumerate() {
        let is_row = line.starts_with('|') && line.trim_end().ends_with('|');
        if !is_row {
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count() - 1;
        let header = text
            .lines()
            .take(i + 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .take_while(|l| l.starts_with('|'))
            .last()
            .expect("a header row");
        let want = header.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, want, "{name}:{}: {line}", i + 1);
    }
    // Links, as rendered: every target written in the text must come out as a link.
    let mut rendered = Vec::new();
    for event in Parser::new_ext(&text, options) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            rendered.push(dest_url.to_string());
        }
    }
    for (_, target) in links(&text) {
        assert!(
            rendered.contains(&target),
            "{name}: the link to {target} does not survive rendering"
        );
    }
}

#[test]
fn both_readmes_render_with_whole_tables_and_every_link() {
    check_rendering("README.md");
    check_rendering("README.ko.md");
}

/// The concept map links the book's Python beside our Rust, every link at the same pinned
/// commit, in both languages.
#[test]
fn the_concept_map_links_the_books_scripts_at_one_pinned_commit() {
    let pinned = "https://github.com/fluentpython/example-code-2e/blob/5d6b15604782c715c85236d6de30b90add3f8d32/";
    let (en, ko) = (
        book_links(&read("README.md")),
        book_links(&read("README.ko.md")),
    );
    assert!(en.len() >= 25, "{en:?}");
    assert!(en.iter().all(|l| l.starts_with(pinned)), "{en:?}");
    assert_eq!(ko, en);
}
