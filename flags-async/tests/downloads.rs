//! flags-async against the built-in servers: every request in flight at once, the book's
//! numbers, and client counts equal to the server's ground truth.

use flags_testing::{run, tmp};

const BIN: &str = env!("CARGO_BIN_EXE_flags-async");

#[test]
fn every_code_finds_194_flags_and_482_not_found() {
    let dir = tmp();
    let run = run(BIN, &["-s", "LOCAL", "-e"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Searching for 676 flags: from AA to ZZ\n")
    );
    assert!(
        run.stdout
            .contains("676 concurrent connections will be used.\n")
    );
    assert_eq!(run.counts(), (194, 482, 0));
    let saved = std::fs::read_dir(dir.path().join("downloaded")).expect("saved");
    assert_eq!(saved.count(), 194);
}

#[test]
fn all_requests_are_in_flight_at_once() {
    let dir = tmp();
    let run = run(BIN, &["--delay", "0.5", "b"], dir.path());
    assert_eq!(run.counts(), (17, 9, 0));
    let (requests, _, peak) = run.server_counters();
    assert_eq!((requests, peak), (26, 26), "no bound: all 26 wait together");
}

/// The count under test is the server's 418s. A timeout is an error of another kind, and
/// with all 194 requests in flight at once a loaded machine can keep one waiting past the
/// default 3.1 s (under Wine, whose every socket call goes through the one `wineserver`
/// that all the tests share, it does), so these runs allow 30 s.
#[test]
fn the_client_counts_exactly_the_errors_the_server_injected() {
    let dir = tmp();
    let args: Vec<&str> = "-s ERROR -a --seed 7 --delay 0.005 --timeout 30"
        .split(' ')
        .collect();
    let run = run(BIN, &args, dir.path());
    let (ok, not_found, errors) = run.counts();
    let (requests, injected, _) = run.server_counters();
    assert_eq!(requests, 194);
    assert_eq!(errors as u64, injected);
    assert!(errors > 0, "a 0.25 error rate over 194 requests");
    assert_eq!((ok + errors, not_found), (194, 0));
    assert!(run.stdout.contains(&format!("{errors} × HTTP 418")));

    // The same seed gives the same outcome for each country, whatever the arrival order.
    let again = flags_testing::run(BIN, &[&args[..], &["-v"]].concat(), dir.path());
    assert_eq!(again.counts(), (ok, not_found, errors));
    assert!(
        again
            .stdout
            .contains("error: HTTP error 418 - I'm a Teapot\n")
    );
}

#[test]
fn the_first_100_of_all_end_at_lk() {
    let dir = tmp();
    let run = run(BIN, &["-s", "LOCAL", "-al", "100", "-v"], dir.path());
    assert!(
        run.stdout
            .contains("Searching for 100 flags: from AD to LK\n")
    );
    assert_eq!(run.counts(), (100, 0, 0));
}

#[test]
fn max_req_does_not_apply_and_says_so() {
    let run = run(BIN, &["-s", "LOCAL", "-m", "2", "br", "bd"], tmp().path());
    assert!(
        run.stdout
            .contains("2 concurrent connections will be used.")
    );
    assert!(run.stderr.contains("--max_req is ignored"));
}

#[test]
fn the_codes_line_then_the_books_final_report() {
    let dir = tmp();
    let run = run(BIN, &["-s", "LOCAL", "-l", "3"], dir.path());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[1], "Searching for 3 flags: BD, BR, CD");
    // The book's flags.py `show`: each saved code on one line, in completion order.
    let mut codes: Vec<&str> = lines[3].split_whitespace().collect();
    codes.sort();
    assert_eq!(codes, ["BD", "BR", "CD"]);
    assert!(lines[3].ends_with(' '));
    assert_eq!(lines[4], "--------------------");
    assert_eq!(lines[5], "  3 flags downloaded.");
    assert!(lines[6].starts_with("Elapsed time: ") && lines[6].ends_with('s'));
}

/// With a hard limit of 256 open files, 676 connections cannot fit: said before the run,
/// naming `ulimit -n`, instead of 676 failed requests.
#[cfg(unix)]
#[test]
fn too_few_open_files_is_said_before_the_run() {
    let dir = tmp();
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n 256 && exec {BIN} -s LOCAL -e"))
        .current_dir(dir.path())
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ulimit -n"), "{stderr}");
    assert!(output.stdout.is_empty(), "no report, no request");
}

flags_testing::client_tests!(BIN, extra: []);
