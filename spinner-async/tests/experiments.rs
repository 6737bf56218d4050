//! The spinner and the book's experiments, run as a user runs them, with `slow()` shortened.

use std::process::Command;

/// What one run printed: all of stdout, and the spinner's frames in it.
struct Run {
    stdout: String,
    frames: Vec<String>,
}

const MAIN: &str = env!("CARGO_BIN_EXE_spinner-async");
const EXPERIMENT: &str = env!("CARGO_BIN_EXE_spinner_async_experiment");
const BROKEN: &str = env!("CARGO_BIN_EXE_spinner_prime_async_broken");
const NAP: &str = env!("CARGO_BIN_EXE_spinner_prime_async_nap");
const COOPERATIVE: &str = env!("CARGO_BIN_EXE_spinner_async_cooperative");

fn run(bin: &str, args: &[&str]) -> Run {
    let output = Command::new(bin)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{args:?}: {output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let frames = stdout
        .split('\r')
        .filter(|part| part.ends_with(" thinking!"))
        .map(String::from)
        .collect();
    Run { stdout, frames }
}

/// The frames cycle through `\ | / -` in that order, starting with `\`.
fn assert_in_cycle_order(frames: &[String]) {
    for (frame, expected) in frames.iter().zip(r"\|/-".chars().cycle()) {
        assert_eq!(frame, &format!("{expected} thinking!"));
    }
}

const BLANKED_THEN_ANSWER: &str = "\r            \rAnswer: 42\n";

#[test]
fn the_spinner_spins_is_cancelled_blanks_its_line_and_the_answer_comes_last() {
    let run = run(MAIN, &["--seconds", "0.5"]);
    assert!(
        run.stdout
            .starts_with("spinner object: JoinHandle { id: Id("),
        "{}",
        run.stdout
    );
    // 0.5 s at one frame per 0.1 s: about 5; at least 3 even on a loaded machine.
    assert!(run.frames.len() >= 3, "{:?}", run.frames);
    assert_in_cycle_order(&run.frames);
    // The abort dropped the task at its .await, and its Drop guard blanked the line.
    assert!(
        run.stdout.ends_with(BLANKED_THEN_ANSWER),
        "{:?}",
        run.stdout
    );
}

#[test]
fn blocking_sleep_in_slow_starves_the_spinner() {
    let run = run(EXPERIMENT, &["--seconds", "0.4"]);
    assert!(run.stdout.starts_with("Watch: no spinner at all"));
    assert_eq!(run.frames, Vec::<String>::new());
    // The repr line, then the answer: no frame between them. (Only the Debug format's
    // stable prefix is checked: the rest is tokio's to change.)
    let repr = run.stdout.lines().nth(1).expect("a repr line");
    assert!(repr.starts_with("spinner object: JoinHandle {"), "{repr}");
    assert!(run.stdout.ends_with("}\nAnswer: 42\n"), "{:?}", run.stdout);
}

#[test]
fn cpu_bound_slow_starves_the_spinner_and_naps_revive_it() {
    // The two programs at once: each is judged on its own output.
    let (busy, napping) = std::thread::scope(|scope| {
        let busy = scope.spawn(|| run(BROKEN, &["--seconds", "0.4"]));
        let napping = run(NAP, &["--seconds", "0.5"]);
        (busy.join().expect("the busy run"), napping)
    });
    assert_eq!(busy.frames, Vec::<String>::new());
    assert!(busy.stdout.ends_with("}\nAnswer: 42\n"));

    assert!(napping.stdout.starts_with("Watch: the spinner is back"));
    assert!(napping.frames.len() >= 2, "{:?}", napping.frames);
    assert_in_cycle_order(&napping.frames);
    assert!(napping.stdout.ends_with(BLANKED_THEN_ANSWER));
}

#[test]
fn the_cooperative_spinner_cleans_up_itself_and_reports_its_frames() {
    let run = run(COOPERATIVE, &["--seconds", "0.5"]);
    assert!(run.frames.len() >= 3);
    assert_in_cycle_order(&run.frames);
    let report = format!(
        "\r            \rThe spinner saw the token, stopped itself after {} frames and cleaned up.\nAnswer: 42\n",
        run.frames.len()
    );
    assert!(run.stdout.ends_with(&report), "{:?}", run.stdout);
}

#[test]
fn a_bad_duration_is_a_usage_error_in_every_program() {
    for bin in [MAIN, EXPERIMENT, BROKEN, NAP, COOPERATIVE] {
        for bad in ["-1", "nan", "inf", "1e20", "abc"] {
            let output = Command::new(bin)
                .args(["--seconds", bad])
                .output()
                .expect("runs");
            assert_eq!(output.status.code(), Some(2), "{bin} --seconds {bad}");
        }
    }
}
