//! flags-bounded against the built-in and in-process servers: the bound, the counts, the
//! failures, and Ctrl-C.

mod counts;
mod failures;
mod stopping;

use flags_testing::{Watched, finish, run, spawn, tmp};

const BIN: &str = env!("CARGO_BIN_EXE_flags-bounded");

/// The names in `downloaded/`, sorted.
fn saved(dir: &flags_testing::TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("downloaded"))
        .expect("downloaded/ exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// These two stay at the crate root: `cargo xtask platforms` leaves them out under Wine by
// their full names.
#[test]
fn the_books_numbers() {
    let dir = tmp();
    assert_eq!(
        run(BIN, &["-s", "LOCAL", "a", "b", "c"], dir.path()).counts(),
        (43, 35, 0)
    );
    let every = run(BIN, &["-s", "LOCAL", "-e", "-m", "1000"], dir.path());
    assert!(
        every
            .stdout
            .contains("676 concurrent connections will be used.")
    );
    assert_eq!(every.counts(), (194, 482, 0));
    let first100 = run(BIN, &["-s", "LOCAL", "-al", "100"], dir.path());
    assert!(
        first100
            .stdout
            .contains("Searching for 100 flags: from AD to LK\n")
    );
    assert_eq!(first100.counts(), (100, 0, 0));
}

/// `--http2`: every request a stream on one connection, where HTTP/1.1 opens one
/// connection per request in flight.
#[test]
fn http2_sends_every_request_on_one_connection() {
    let dir = tmp();
    let two = run(
        BIN,
        &["-s", "LOCAL", "-e", "-m", "1000", "--http2"],
        dir.path(),
    );
    assert_eq!(two.counts(), (194, 482, 0), "{}", two.stdout);
    let counters = two.summary().server_counters.expect("a built-in server");
    // One connection; sometimes a second, when requests start before the first is ready.
    assert_eq!(counters.requests, 676);
    assert!((1..=2).contains(&counters.connections), "{counters:?}");
    assert!(
        two.stdout
            .contains("HTTP/2: the requests are streams on one connection.")
    );
    let one = run(BIN, &["--delay", "0.05", "-e", "-m", "1000"], dir.path());
    let counters = one.summary().server_counters.expect("a built-in server");
    assert_eq!(counters.requests, 676);
    assert!(counters.connections > 100, "{counters:?}");
}

flags_testing::client_tests!(BIN, extra: [], bar);
