//! flags-bounded against the built-in and in-process servers: the bound, the counts, the
//! failures, and Ctrl-C.

use flags_testing::{Watched, run, tmp};

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

#[test]
fn the_semaphore_keeps_the_server_at_max_req_and_no_more() {
    for m in ["1", "3", "8"] {
        let dir = tmp();
        let run = run(BIN, &["--delay", "0.04", "-m", m, "b"], dir.path());
        assert!(run.stdout.contains(&format!(
            "{m} {} will be used.",
            if m == "1" {
                "connection"
            } else {
                "concurrent connections"
            }
        )));
        assert_eq!(run.counts(), (17, 9, 0));
        let (requests, _, peak) = run.server_counters();
        assert_eq!((requests, peak.to_string()), (26, m.to_string()), "-m {m}");
    }
}

#[test]
fn defaults_are_the_books_five_and_the_bar_stays_off_a_pipe() {
    let dir = tmp();
    let run = run(BIN, &["--delay", "0.1"], dir.path());
    assert!(run.stdout.contains(
        "Searching for 20 flags: from BD to VN\n5 concurrent connections will be used.\n"
    ));
    assert_eq!(run.counts(), (20, 0, 0));
    assert_eq!(run.server_counters(), (20, 0, 5));
    assert_eq!(
        run.stderr, "",
        "no progress bar when stderr is not a terminal"
    );
    assert_eq!(saved(&dir).len(), 20);
}

#[test]
fn client_counts_equal_the_servers_injected_errors() {
    for seed in ["1", "2", "3"] {
        let dir = tmp();
        let run = run(
            BIN,
            &[
                "-s", "ERROR", "-al", "100", "-m", "100", "--seed", seed, "--delay", "0.01",
            ],
            dir.path(),
        );
        let (ok, not_found, errors) = run.counts();
        let (requests, injected, _) = run.server_counters();
        assert_eq!((requests, not_found), (100, 0));
        assert_eq!(errors as u64, injected, "seed {seed}");
        assert_eq!(ok + errors, 100);
        assert_eq!(saved(&dir).len(), ok, "one file per flag counted OK");
    }
}

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

#[test]
fn verbose_lines_name_every_code_once_with_its_own_outcome() {
    let dir = tmp();
    let run = run(
        BIN,
        &[
            "-v", "-s", "ERROR", "--seed", "5", "--delay", "0.01", "-m", "10", "b",
        ],
        dir.path(),
    );
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.len() > 3 && l.as_bytes()[2] == b' ' && l.starts_with('B'))
        .collect();
    assert_eq!(lines.len(), 26, "{}", run.stdout);
    let (ok, not_found, errors) = run.counts();
    let count = |suffix: &str| lines.iter().filter(|l| l.contains(suffix)).count();
    assert_eq!(count(" OK"), ok);
    assert_eq!(count(" not found: http://127.0.0.1:"), not_found);
    assert_eq!(count(" error: HTTP error 418 - I'm a Teapot"), errors);
    assert!(errors > 0 && ok > 0, "seed 5 draws both");
    let mut codes: Vec<&str> = lines.iter().map(|l| &l[..2]).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 26);
}

#[test]
fn a_server_slower_than_the_timeout_is_timed_out_errors() {
    let dir = tmp();
    let run = run(
        BIN,
        &["--delay", "2", "--timeout", "0.1", "-m", "4", "-l", "4"],
        dir.path(),
    );
    assert_eq!(run.counts(), (0, 0, 4));
    assert!(
        run.stdout.contains("       4 × timed out\n"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_early_reports_partial_counts_and_exits_130() {
    let dir = tmp();
    // 676 codes, 2 at a time, 50 ms each: 17 s if left alone. Ctrl-C once 6 are done.
    let mut child = Watched::spawn(BIN, &["-v", "-e", "-m", "2", "--delay", "0.05"], dir.path());
    child.wait_for(6, |l| l.ends_with(" OK") || l.contains(" not found: "));
    flags_testing::interrupt(child.child());
    let run = child.finish();
    assert_eq!(run.code, Some(130), "{}\n{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.ends_with("interrupted by Ctrl-C."))
        .unwrap_or_else(|| panic!("no interruption line in:\n{}", run.stdout));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (ok, not_found, errors) = run.counts();
    assert_eq!(errors, 0);
    assert!(ok + not_found > 0, "some finished before Ctrl-C");
    assert_eq!(ok + not_found + numbers[0] + numbers[1], 676, "{line}");
    assert!(numbers[1] <= 2, "at most -m requests were in flight");
    // Every saved file is whole and counted; nothing temporary is left.
    let names = saved(&dir);
    assert_eq!(names.len(), ok);
    assert!(
        names.iter().all(|n| n.len() == 6 && n.ends_with(".gif")),
        "{names:?}"
    );
}

#[test]
fn a_server_that_dies_mid_run_turns_the_rest_into_errors_and_the_run_ends() {
    // The server runs in this test process, the client in its own: stopping the server
    // closes its socket and every connection, as killing an external flags-server does.
    let server = flags_server::Server::start(flags_server::Config {
        delay: "0.05".parse().expect("valid"),
        ..flags_server::Config::default()
    })
    .expect("the server starts");
    let url = server.base_url();
    let dir = tmp();
    let mut client = Watched::spawn(BIN, &["-s", &url, "-a", "-m", "2", "-v"], dir.path());
    // Stop the server once 10 flags are in.
    client.wait_for(10, |l| l.ends_with(" OK"));
    let served = server.stop();
    let run = client.finish();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (ok, not_found, errors) = run.counts();
    assert_eq!(ok + not_found + errors, 194, "{}", run.stdout);
    assert!(ok > 0 && errors > 0, "{}", run.stdout);
    assert!(ok as u64 <= served.ok);
    assert!(
        run.stdout.contains("error: connection failed"),
        "{}",
        run.stdout
    );
}

/// Cancellation in process: the supervisor's job carries its stop token, so a test can
/// pull it mid-run, as Ctrl-C does, and see what the run reports.
#[test]
fn a_stop_signal_mid_run_ends_the_run_with_partial_counts_that_add_up() {
    use flags_common::{CancellationToken, Display, Job, Mode};

    let server = flags_server::Server::start(flags_server::Config {
        delay: "0.05".parse().expect("valid"),
        ..flags_server::Config::default()
    })
    .expect("the server starts");
    let dir = tmp();
    let codes: Vec<String> = flags_common::codes::expand_cc_args(true, false, &[]).expect("valid");
    let job = Job::new(
        codes,
        server.base_url(),
        4,
        std::time::Duration::from_secs(3),
        dir.path().to_path_buf(),
    );
    let stop = CancellationToken::new();
    let job = job.with_stop(stop.clone());
    let display = Display::new(Mode::Quiet, job.cc_list.len());
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let tally = runtime.block_on(async {
        let cancel = stop.clone();
        tokio::spawn(async move {
            // Four rounds of 0.05 s, then the signal: most of the 676 never start.
            tokio::time::sleep(std::time::Duration::from_millis(220)).await;
            cancel.cancel();
        });
        flags_bounded::supervisor(&job, &display).await
    });
    let tally = tally.expect("the run ends normally");
    assert!(tally.interrupted);
    assert_eq!(tally.total(), 676, "every code accounted for: {tally:?}");
    assert!(tally.not_attempted > 500, "{tally:?}");
    assert!(tally.dropped <= 4, "at most -m in flight: {tally:?}");
    // The server saw every request that finished, and none that never started (a dropped
    // one may have reached it or not).
    let requests = server.stop().requests;
    let finished = (tally.ok + tally.not_found + tally.errors) as u64;
    assert!(
        (finished..=finished + tally.dropped as u64).contains(&requests),
        "{requests} requests for {tally:?}"
    );
}

/// An overloaded static server, as `python3 -m http.server` is: an accept queue of 5, a
/// new connection for every request, and slow to accept (2 ms each). 50 connects at once
/// overflow the queue whatever the machine's speed; the kernel drops the ones beyond (or
/// refuses them, on Windows), and only a retry brings them back.
#[test]
fn an_overflowing_accept_queue_loses_nothing_with_the_default_retries() {
    let server = flags_server::Server::start(flags_server::Config {
        backlog: 5,
        close: true,
        accept_delay: std::time::Duration::from_millis(2),
        ..flags_server::Config::default()
    })
    .expect("the server starts");
    let url = server.base_url();
    let dir = tmp();
    let args = ["-s", &url, "-e", "-l", "100", "-m", "50"];
    let without = run(BIN, &[&args[..], &["--retries", "0"]].concat(), dir.path());
    let (ok, not_found, errors) = without.counts();
    assert!(
        errors > 0,
        "the queue never overflowed:\n{}",
        without.stdout
    );
    assert_eq!(ok + not_found + errors, 100);
    assert_eq!(without.summary().retried, 0);

    let with = run(BIN, &args, dir.path());
    let (ok, not_found, errors) = with.counts();
    assert_eq!((ok + not_found, errors), (100, 0), "{}", with.stdout);
    let summary = with.summary();
    assert!(summary.retried > 0 && summary.gave_up == 0, "{summary:?}");
    assert!(
        with.stdout
            .contains(&format!("{} requests retried, 0 gave up", summary.retried))
    );
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

#[test]
fn http2_to_a_server_that_speaks_only_http1_says_so() {
    // A server that answers every connection in HTTP/1.1, whatever it was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/flags",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            use std::io::{Read, Write};
            let mut request = [0; 1024];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let dir = tmp();
    let run = run(BIN, &["-v", "--http2", "-s", &url, "br", "cn"], dir.path());
    assert_eq!(run.counts(), (0, 0, 2), "{}", run.stdout);
    for cc in ["BR", "CN"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{cc} error: ")))
            .unwrap_or_else(|| panic!("no line for {cc}:\n{}", run.stdout));
        assert!(
            line.contains("the server does not speak HTTP/2 without TLS (try without --http2)"),
            "{line}"
        );
    }
}
