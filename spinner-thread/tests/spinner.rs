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

/// On a terminal the cursor is hidden while the spinner runs, and shown again when SIGTERM
/// ends the program (`timeout`, closing the window): the escape codes a person's terminal
/// receives, through a pseudo-terminal (util-linux's `script`).
#[cfg(unix)]
#[test]
fn sigterm_shows_the_cursor_again() {
    let bin = env!("CARGO_BIN_EXE_spinner-thread");
    let output = Command::new("script")
        .args([
            "-qfec",
            &format!("timeout -s TERM 0.5 '{bin}'"),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    let screen = String::from_utf8_lossy(&output.stdout);
    let hidden = screen.find("\u{1b}[?25l").expect("the cursor was hidden");
    let shown = screen
        .rfind("\u{1b}[?25h")
        .expect("the cursor was shown again");
    assert!(hidden < shown, "{screen:?}");
    assert!(
        !screen.contains("Answer: 42"),
        "it was stopped before the end"
    );
}
