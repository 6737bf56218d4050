//! The README's preparation of a classroom, and the proof that after it no lesson compiles.

use std::process::Stdio;

use xtask::{cargo, commands, read, workspace};

use super::{ONE_CARGO, documents, is_lesson_command, split};

/// The README's commands that prepare a classroom: the `cargo fetch` and `cargo build`
/// lines of its "Preparing a classroom" section.
pub(crate) fn preparation() -> Vec<String> {
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
/// build of every lesson command of the README and the class book is fresh (the same profile, and the
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
    for name in documents() {
        for line in commands(&read(&name)) {
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
