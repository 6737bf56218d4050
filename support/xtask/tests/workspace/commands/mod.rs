//! The documents' commands, typed as a reader types them: every `cargo run` line of
//! README.md (whose Korean edition has the same commands, checked in [`crate::readme`]) and
//! of the class book's pages runs through cargo itself, so that cargo's own choices (which
//! binary, which profile, which features) are what the reader gets.
//!
//! Two lengths. The default run (`cargo test`) runs every command short: its delays and
//! spinner seconds cut down, `-e` on its first 60 codes, primes on four small numbers
//! (`PRIMES_NUMBERS`), a folder to save in, a free port, in the debug profile (a release
//! build of the benchmarks would take minutes), several at a time, and checks each one's
//! exit status. The slow proofs (`cargo test --workspace -- --ignored`) run each command
//! whose output the document pastes exactly as written and compare that output whole, with
//! only what truly varies (times, ports, completion order) normalised; and after the
//! README's preparation commands, check that no lesson command compiles anything.

mod classroom;
mod normalise;
mod run;
mod servers;

use classroom::preparation;
use run::{Length, run_command};
use xtask::{blocks_in_turn, commands, read};

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

/// Every command of the `sh` blocks of `name` with the output block pasted right under it
/// (nothing but blank lines between), if it stands alone in its block.
fn documented(name: &str) -> Vec<(String, Option<String>)> {
    let all = blocks_in_turn(&read(name));
    let mut found = Vec::new();
    for (i, (lang, body, _)) in all.iter().enumerate() {
        if lang != "sh" {
            continue;
        }
        let lines: Vec<&str> = body.lines().collect();
        let shown = match all.get(i + 1) {
            Some((lang, text, true)) if lang == "text" && lines.len() == 1 => Some(text.clone()),
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

/// One cargo at a time in this test binary: the freshness check must see its
/// preparation's builds, not another test's `cargo run` landing between them.
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
/// (cargo's start, a delay, a server's answer), so a few overlap well even on two cores.
const AT_ONCE: usize = 6;

/// Runs every lesson command of the documents, each to its end even when one before it
/// failed (short ones `AT_ONCE` at a time), then fails with the list of those that did;
/// returns how many ran.
fn run_every_command(names: &[String], length: Length) -> usize {
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
    // The comparisons, which run every flags program in turn, start first, so that the
    // others fill the time beside them instead of waiting for them at the end.
    todo.sort_by_key(|(line, _)| !line.contains("-p flags-compare"));
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
fn every_command_of_the_documents_runs_short_through_cargo() {
    let ran = run_every_command(&documents(), Length::Short);
    assert!(ran >= 30, "only {ran} commands ran");
}

#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn every_command_in_the_readme_runs_through_cargo() {
    let ran = run_every_command(&["README.md".into()], Length::AsDocumented);
    assert!(ran >= 1, "only {ran} commands ran");
}

#[test]
#[ignore = "slow proof: `cargo test --workspace -- --ignored`"]
fn every_command_of_the_class_book_runs_through_cargo_and_prints_what_it_shows() {
    let ran = run_every_command(&crate::book::pages(), Length::AsDocumented);
    assert!(ran >= 20, "only {ran} commands ran");
}

/// The documents whose commands run: the README and the class book's pages.
pub(crate) fn documents() -> Vec<String> {
    let mut names = vec!["README.md".to_string()];
    names.extend(crate::book::pages());
    names
}

/// Every command of the documents is one this test knows how to run: a lesson, the test
/// commands and the platform check (CI's steps), a benchmark, a step of the preparation,
/// the class book's build.
#[test]
fn every_documented_command_is_run_by_a_test_or_named_here() {
    for name in documents() {
        for line in commands(&read(&name)) {
            let known = is_lesson_command(&line)
                || line == "cargo test --workspace"
                || line == "cargo test --workspace -- --ignored"
                || line == "cargo test --workspace --doc"
                || line == "cargo xtask platforms"
                || line == "cargo xtask book"
                || line.starts_with("cargo bench -p ")
                || preparation().contains(&line)
                || line == "cargo vendor vendor";
            assert!(known, "{name}: no test runs `{line}`");
        }
    }
}
