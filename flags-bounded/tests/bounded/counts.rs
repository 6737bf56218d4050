//! The bound and the counts: `-m` held to, the defaults, verbose lines, the server's errors.

use super::*;

#[test]
fn the_semaphore_keeps_the_server_at_max_req_and_no_more() {
    // The three runs at once, each with its own built-in server, so that each peak is
    // its own client's.
    let runs = ["1", "3", "8"].map(|m| {
        let dir = tmp();
        let spawned = spawn(BIN, &["--delay", "0.03", "-m", m, "b"], dir.path());
        (m, dir, spawned)
    });
    for (m, _dir, spawned) in runs {
        let run = finish(spawned);
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

/// A timeout would be an error the server did not inject: with 100 requests in flight a
/// loaded machine (or Wine) can keep one waiting past the default 3.1 s, so these runs
/// allow 30 s.
#[test]
fn client_counts_equal_the_servers_injected_errors() {
    for seed in ["1", "2", "3"] {
        let dir = tmp();
        let args = format!("-s ERROR -al 100 -m 100 --seed {seed} --delay 0.01 --timeout 30");
        let run = run(BIN, &args.split(' ').collect::<Vec<_>>(), dir.path());
        let (ok, not_found, errors) = run.counts();
        let (requests, injected, _) = run.server_counters();
        assert_eq!((requests, not_found), (100, 0));
        assert_eq!(errors as u64, injected, "seed {seed}");
        assert_eq!(ok + errors, 100);
        assert_eq!(saved(&dir).len(), ok, "one file per flag counted OK");
    }
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
