//! The three programs, run as a user runs them: what they print shows what they claim.

use std::process::Command;

fn run(bin: &str, args: &[&str]) -> String {
    let output = Command::new(bin).args(args).output().expect("runs");
    assert!(output.status.success(), "{bin}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn position(text: &str, line: &str) -> usize {
    text.find(line)
        .unwrap_or_else(|| panic!("{line:?} not in:\n{text}"))
}

#[test]
fn an_unawaited_future_never_runs_and_a_spawned_task_runs_before_its_handle_is_awaited() {
    let out = run(env!("CARGO_BIN_EXE_lazy-future"), &[]);
    assert!(!out.contains("greet(\"lazy\")"), "{out}");
    assert!(out.contains("greet's body never ran"));
    let ran = position(&out, "greet(\"spawned\"): the body runs");
    let checked = position(&out, "before awaiting its handle: is_finished() = true");
    let awaited = position(&out, "`await task` gives its result");
    assert!(ran < checked && checked < awaited, "{out}");
    assert!(
        out.contains("asked before it ran, now_or_never() -> None"),
        "{out}"
    );
    assert!(out.contains("callback got \"Hello, combinator!\""));
    assert!(out.contains("callback got \"Hello, task!\""));
}

#[test]
fn the_hand_made_timer_is_pending_then_woken_then_ready() {
    let out = run(env!("CARGO_BIN_EXE_hand-made-future"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("poll #1 -> Pending"), "{out}");
    assert_eq!(lines[1], "    wake() called, from the timer's thread");
    assert!(lines[2].ends_with("poll #2 -> Ready"), "{out}");
    assert!(lines[3].starts_with("2 polls in "), "{out}");
}

#[test]
fn the_trace_shows_the_spinner_polled_each_tick_slow_polled_twice_and_the_drop() {
    let out = run(
        env!("CARGO_BIN_EXE_mini-executor"),
        &["--trace", "--seconds", "0.3"],
    );
    let spin_polls = out
        .lines()
        .filter(|l| l.ends_with("poll  task 1 (spin)"))
        .count();
    assert!(
        (3..=4).contains(&spin_polls),
        "{spin_polls} spinner polls:\n{out}"
    );
    // slow()'s timer: Pending once, then, after main's wake and not before, Ready.
    let slow: Vec<usize> = out
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("timer(0.30s).poll()"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(slow.len(), 2, "slow() polled twice:\n{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[slow[0]].ends_with("-> Pending"));
    assert!(lines[slow[1]].ends_with("-> Ready"));
    let woken = lines
        .iter()
        .position(|l| l.ends_with("wake  task 0 (main)"))
        .expect("main is woken");
    assert!(slow[0] < woken && woken < slow[1], "{out}");
    assert!(out.contains("drop  task 1 (spin) (aborted)"));
    assert!(out.ends_with("Answer: 42\n"), "{out}");
}

#[test]
fn without_trace_the_spinner_spins_and_blanks_its_line() {
    let out = run(env!("CARGO_BIN_EXE_mini-executor"), &["--seconds", "0.3"]);
    assert!(out.starts_with("spinner object: <JoinHandle of task 1 (spin)>\n"));
    assert!(out.contains("\r\\ thinking!\r| thinking!"), "{out:?}");
    assert!(out.ends_with("\r            \rAnswer: 42\n"), "{out:?}");
}
