//! A run stopped midway, by Ctrl-C or by its job's stop token: partial counts that add up.

use super::*;

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
