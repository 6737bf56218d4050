//! The thread spinner, run as a user runs it, with `slow()` shortened.

use std::process::Command;

#[test]
fn the_thread_spins_until_told_to_stop_then_blanks_its_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_spinner-thread"))
        .args(["--seconds", "0.5"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.starts_with("spinner object: Thread { id: ThreadId("),
        "{stdout}"
    );
    // The thread's name is ours; the rest of its Debug format is std's to change.
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("\"spinner\""))
    );
    let frames: Vec<&str> = stdout
        .split('\r')
        .filter(|part| part.ends_with(" thinking!"))
        .collect();
    assert!(frames.len() >= 3, "{frames:?}");
    for (frame, expected) in frames.iter().zip(r"\|/-".chars().cycle()) {
        assert_eq!(*frame, format!("{expected} thinking!"));
    }
    assert!(
        stdout.ends_with("\r            \rAnswer: 42\n"),
        "{stdout:?}"
    );
}

#[test]
fn a_bad_duration_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_spinner-thread"))
        .args(["--seconds", "-1"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
}
