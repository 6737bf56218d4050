//! executor-map's two orders: results in submission order, or as they finish (`--completed`).

use super::{run, text};

#[test]
fn executor_map_gives_the_results_in_submission_order() {
    let out = run(env!("CARGO_BIN_EXE_executor-map"), &["--unit", "0.1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Each line: `[HH:MM:SS] text`.
    let lines: Vec<&str> = stdout.lines().map(|l| &l[11..]).collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| panic!("no {line:?} in {stdout}"))
    };
    assert_eq!(lines[0], "Script starting.");
    let results: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("result "))
        .collect();
    assert_eq!(
        results,
        [
            "result 0: 0",
            "result 1: 10",
            "result 2: 20",
            "result 3: 30",
            "result 4: 40"
        ]
    );
    assert!(at("Waiting for individual results:") < at("result 0: 0"));
    assert!(lines.iter().any(|l| l.starts_with("results: ")), "{stdout}");
    // loiter(3) and loiter(4) waited for a thread: each started after a job ended.
    assert!(at("\t\t\tloiter(3): doing nothing for 0.3s...") > at("loiter(0): done."));
    assert!(at("\t\t\t\tloiter(4): doing nothing for 0.4s...") > at("\tloiter(1): done."));
    // Result 4 is printed after loiter(4) is done, however early the others were.
    assert!(at("result 4: 40") > at("\t\t\t\tloiter(4): done."));
}

#[test]
fn executor_map_completed_gives_them_as_they_finish() {
    let out = run(
        env!("CARGO_BIN_EXE_executor-map"),
        &["--unit", "0.1", "--completed"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let finished: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l[11..].strip_prefix("result of "))
        .collect();
    assert_eq!(
        finished,
        [
            "loiter(0): 0",
            "loiter(1): 10",
            "loiter(2): 20",
            "loiter(3): 30",
            "loiter(4): 40"
        ]
    );
}
