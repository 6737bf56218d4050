//! The READMEs cannot go stale: every command they show runs (with the delays shortened),
//! the outputs they paste match what the programs print now (timings and ports aside),
//! their links point at the lines they name, and the Korean edition keeps the English
//! one's sections, commands and links.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace folder")
        .to_path_buf()
}

fn read(name: &str) -> String {
    std::fs::read_to_string(workspace().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fenced code blocks of a Markdown text: (language, body).
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (line.strip_prefix("```"), current.take()) {
            (Some(lang), None) => current = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some(block)) => blocks.push(block),
            (None, Some((lang, mut body))) => {
                body.push_str(line);
                body.push('\n');
                current = Some((lang, body));
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Every command line of the `sh` blocks.
fn commands(markdown: &str) -> Vec<String> {
    blocks(markdown)
        .into_iter()
        .filter(|(lang, _)| lang == "sh")
        .flat_map(|(_, body)| body.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The targets of the relative links: `spinner-async/src/main.rs#L170`, `docs/x.svg`.
fn links(markdown: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("](") {
        let text_start = rest[..start].rfind('[').map_or(start, |i| i + 1);
        let text = rest[text_start..start].to_string();
        let after = &rest[start + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].to_string();
        if !target.starts_with("http") {
            found.push((text, target));
        }
        rest = &after[end..];
    }
    found
}

/// With `FIX_README_LINKS=1`, a link whose line moved is rewritten, in both READMEs, to
/// the line where its code is now: `FIX_README_LINKS=1 cargo test -p flags-compare --test readme`.
#[test]
fn links_point_at_the_lines_they_name() {
    let readme = read("README.md");
    let links = links(&readme);
    assert!(links.len() > 30, "the concept map links its rows");
    let fix = std::env::var_os("FIX_README_LINKS").is_some();
    let mut moved = Vec::new();
    for (text, target) in links {
        let (path, line) = match target.split_once("#L") {
            Some((path, line)) => (path, Some(line.parse::<usize>().expect("a line number"))),
            None => (target.as_str(), None),
        };
        let file = workspace().join(path);
        assert!(file.exists(), "{target}: no such file");
        let Some(line) = line else { continue };
        let code = text.trim_matches('`').replace("\\|", "|");
        let source = std::fs::read_to_string(&file).expect("readable");
        let lines: Vec<&str> = source.lines().collect();
        let actual = lines.get(line - 1).copied().unwrap_or("");
        let now_at = lines.iter().position(|l| l.contains(&code)).map(|i| i + 1);
        if actual.contains(&code) {
            continue;
        }
        match (fix, now_at) {
            (true, Some(now)) => moved.push((
                format!("[{text}]({target})"),
                format!("[{text}]({path}#L{now})"),
            )),
            _ => panic!("{target} should show `{code}`; it is now at line {now_at:?}"),
        }
    }
    for name in ["README.md", "README.ko.md"] {
        let mut text = read(name);
        for (old, new) in &moved {
            text = text.replace(old, new);
        }
        if !moved.is_empty() {
            std::fs::write(workspace().join(name), text).expect("the README is writable");
        }
    }
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

/// A binary of the workspace, built beside this test's flags-compare (and built first if
/// `cargo test` was asked for this package alone).
fn binary(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_BIN_EXE_flags-compare"))
        .parent()
        .expect("a folder")
        .to_path_buf();
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", name])
            .current_dir(workspace())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cannot build {name}");
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
        || line.starts_with("==="))
}

#[test]
fn every_command_in_the_readme_runs_and_prints_what_it_shows() {
    let readme = read("README.md");
    let all_blocks = blocks(&readme);
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
            run_command(line, shown);
            ran += 1;
        }
    }
    assert!(ran >= 20, "only {ran} commands ran");
}

fn run_command(line: &str, shown: Option<&str>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (package, rest) = match words.as_slice() {
        ["cargo", "run", "-p", package, rest @ ..] => (*package, rest),
        ["cargo", "run", "--release", "-p", package, rest @ ..] => (*package, rest),
        _ => panic!("not a `cargo run` command: {line}"),
    };
    let mut args: Vec<String> = match rest {
        ["--", args @ ..] => args.iter().map(|a| a.to_string()).collect(),
        [] => Vec::new(),
        _ => panic!("arguments must follow `--`: {line}"),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bin = binary(package);

    if package == "flags-server" {
        args.extend(["--port".into(), "0".into()]);
        let mut child = Command::new(&bin)
            .args(&args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("flags-server starts");
        let first = BufReader::new(child.stdout.take().expect("stdout"))
            .lines()
            .next()
            .and_then(Result::ok)
            .unwrap_or_default();
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            first.starts_with("flags-server: serving 194 generated flags at http://127.0.0.1:"),
            "{line}: {first}"
        );
        return;
    }
    if package.starts_with("spinner-") {
        args.extend(["--seconds".into(), "0.3".into()]);
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
            args.extend(["--no-build".into(), "--repeat".into(), "1".into()]);
        } else {
            args.extend(["--dest-dir".into(), "saved".into()]);
        }
    }
    let output = Command::new(&bin)
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
