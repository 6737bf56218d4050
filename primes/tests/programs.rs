//! Every program, run as a user runs it: all 20 results, right, once each; the book's
//! report lines; usage errors; a slow worker; a worker killed mid-run. The programs check
//! [`SMALL`], 20 numbers of the fixture's kinds ten thousand times smaller, given in
//! `PRIMES_NUMBERS`: the fixture itself takes seconds of CPU a program, and its answers
//! are checked once, in the library's own test of `is_prime`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The fixture's numbers divided by 10,000, each moved up to the next number that is prime
/// where the book's is, and not where it is not.
const SMALL: [(u64, bool); 20] = [
    (2, true),
    (14_270_211_073, true),
    (29_959_357_243, true),
    (333_333_333_367, true),
    (333_333_333_333, false),
    (333_333_565_209, false),
    (444_444_444_461, true),
    (444_444_444_444, false),
    (444_444_448_888, false),
    (555_555_313_314, false),
    (555_555_555_559, true),
    (555_555_555_555, false),
    (666_666_666_666, false),
    (666_666_666_671, true),
    (666_666_714_141, false),
    (777_777_753_634, false),
    (777_777_777_841, true),
    (777_777_777_777, false),
    (1_000_000_000_039, true),
    (999_999_999_999, false),
];

/// `PRIMES_NUMBERS` for [`SMALL`].
fn small() -> String {
    let numbers: Vec<String> = SMALL.iter().map(|(n, _)| n.to_string()).collect();
    numbers.join(",")
}

/// A primes program, on [`SMALL`].
fn program(bin: &str) -> Command {
    let mut command = Command::new(bin);
    command.env("PRIMES_NUMBERS", small());
    command
}

fn run(bin: &str, args: &[&str]) -> Output {
    program(bin).args(args).output().expect("the program runs")
}

/// The result lines: (n, prime), in the order printed.
fn results(stdout: &str) -> Vec<(u64, bool)> {
    stdout
        .lines()
        .filter(|l| {
            l.ends_with('s') && l.get(..16).is_some_and(|n| n.trim().parse::<u64>().is_ok())
        })
        .map(|l| {
            let n = l[..16].trim().parse().expect("a number");
            (n, &l[18..19] == "P")
        })
        .collect()
}

/// Every number of [`SMALL`] once, each with its answer.
fn assert_complete(stdout: &str) {
    let mut got = results(stdout);
    got.sort();
    let mut want = SMALL.to_vec();
    want.sort();
    assert_eq!(got, want, "{stdout}");
}

#[test]
fn sequential_checks_the_fixture_in_order() {
    let out = run(env!("CARGO_BIN_EXE_sequential"), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Checking 20 numbers sequentially:\n"));
    assert_eq!(results(&stdout), SMALL.to_vec());
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Total time: "))
    );
}

#[test]
fn threads_and_procs_check_every_number_once_and_end_on_their_sentinels() {
    // Three workers share twenty numbers; each must still meet a sentinel of its own.
    let workers = "3";
    for (bin, what) in [
        (env!("CARGO_BIN_EXE_threads"), "threads"),
        (env!("CARGO_BIN_EXE_procs"), "processes"),
    ] {
        let out = run(bin, &[workers]);
        assert!(out.status.success(), "{bin} {workers}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with(&format!("Checking 20 numbers with {workers} {what}:\n")),
            "{stdout}"
        );
        assert_complete(&stdout);
        let last = stdout.lines().last().unwrap_or_default();
        assert!(last.starts_with("20 checks in "), "{last}");
    }
}

#[test]
fn pool_prints_in_submission_order_largest_first() {
    let out = run(env!("CARGO_BIN_EXE_pool"), &["2"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut want = SMALL.to_vec();
    want.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    assert_eq!(results(&stdout), want, "{stdout}");
}

#[test]
fn a_bad_worker_count_is_a_usage_error() {
    for (bin, arg) in [
        (env!("CARGO_BIN_EXE_threads"), "0"),
        (env!("CARGO_BIN_EXE_procs"), "-1"),
        (env!("CARGO_BIN_EXE_pool"), "abc"),
    ] {
        let out = run(bin, &[arg]);
        assert_eq!(out.status.code(), Some(2), "{bin} {arg}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("from 1 to 1024"));
    }
}

#[test]
fn numbers_that_are_not_a_list_of_whole_numbers_are_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_sequential"))
        .env("PRIMES_NUMBERS", "7,x")
        .output()
        .expect("the program runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PRIMES_NUMBERS must be whole numbers"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn arguments_a_program_does_not_take_are_a_usage_error() {
    for (bin, args) in [
        (env!("CARGO_BIN_EXE_sequential"), &["5", "x"][..]),
        (env!("CARGO_BIN_EXE_threads"), &["2", "x"]),
    ] {
        let out = run(bin, args);
        assert_eq!(out.status.code(), Some(2), "{bin} {args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("unexpected argument"), "{stderr}");
        assert!(out.stdout.is_empty(), "{bin} {args:?} ran anyway");
    }
}

#[test]
fn a_slow_worker_loses_nothing_and_repeats_nothing() {
    // Worker 0 waits 300 ms before each answer (a hook of primes::pipes, for tests).
    let out = program(env!("CARGO_BIN_EXE_procs"))
        .arg("2")
        .env("PRIMES_SLOW_WORKER", "0:300")
        .output()
        .expect("the program runs");
    assert!(out.status.success(), "{out:?}");
    assert_complete(&String::from_utf8_lossy(&out.stdout));
}

/// Kills a process at once, as `kill -9` does (Windows: `taskkill /F`).
fn kill_now(pid: &str) -> std::process::ExitStatus {
    #[cfg(unix)]
    let mut kill = Command::new("kill");
    #[cfg(unix)]
    kill.args(["-9", pid]);
    #[cfg(windows)]
    let mut kill = Command::new("taskkill");
    #[cfg(windows)]
    kill.args(["/F", "/PID", pid]).stdout(Stdio::null());
    kill.status().expect("kill runs")
}

#[test]
fn a_killed_worker_is_reported_with_its_number_and_the_run_ends() {
    // Worker 0 answers only after 5 s: it is surely holding a number when it is killed.
    let mut child = program(env!("CARGO_BIN_EXE_procs"))
        .args(["2", "--pids"])
        .env("PRIMES_SLOW_WORKER", "0:5000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("procs starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("piped"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a pid line");
    let pid = line
        .trim()
        .strip_prefix("worker 0: pid ")
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    std::thread::sleep(Duration::from_millis(300));
    let t0 = Instant::now();
    assert!(kill_now(&pid).success());
    let out = child.wait_with_output().expect("procs ends");
    assert!(
        t0.elapsed() < Duration::from_secs(30),
        "it did not wait forever"
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("stderr");
    assert_eq!(out.status.code(), Some(1), "{rest}");
    let held: u64 = rest
        .lines()
        .find_map(|l| l.strip_prefix("procs: worker 0 died while checking "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no report of the dead worker:\n{rest}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let printed = results(&stdout);
    let mut seen = BTreeMap::new();
    for (n, _) in &printed {
        *seen.entry(*n).or_insert(0) += 1;
    }
    assert!(
        seen.values().all(|&count| count == 1),
        "printed twice: {stdout}"
    );
    assert!(
        !seen.contains_key(&held),
        "{held} was held by the dead worker"
    );
    let not_checked: Vec<u64> = rest
        .lines()
        .find_map(|l| l.strip_prefix("procs: not checked: "))
        .map(|list| list.split(", ").filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    assert!(not_checked.contains(&held));
    assert_eq!(
        printed.len() + not_checked.len(),
        20,
        "every number accounted for"
    );
}

#[test]
fn the_spinner_programs_spin_beside_the_work_and_answer() {
    // The three at once: each spins for its own half second.
    let runs = [
        (env!("CARGO_BIN_EXE_spinner-proc"), "Answer: 42\n"),
        (env!("CARGO_BIN_EXE_spinner-prime-thread"), "Answer: true\n"),
        (env!("CARGO_BIN_EXE_spinner-prime-proc"), "Answer: true\n"),
    ]
    .map(|(bin, answer)| {
        let child = program(bin)
            .args(["--seconds", "0.5"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        (bin, answer, child)
    });
    for (bin, answer, child) in runs {
        let out = child.wait_with_output().expect("the program runs");
        assert!(out.status.success(), "{bin}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("spinner object: "), "{stdout}");
        let frames = stdout
            .split('\r')
            .filter(|p| p.ends_with(" thinking!"))
            .count();
        assert!(frames >= 2, "{bin}: {frames} frames in {stdout:?}");
        assert!(stdout.ends_with(answer), "{bin}: {stdout:?}");
    }
}
