//! flags-threads against the built-in servers, and the `--json` and `--timeline` outputs
//! every flags binary shares.

use flags_testing::{finish, run, spawn, tmp};

const BIN: &str = env!("CARGO_BIN_EXE_flags-threads");

#[test]
fn the_pool_keeps_max_req_requests_in_flight() {
    // Both runs at once, each with its own built-in server.
    let (dir, default_dir) = (tmp(), tmp());
    let seven = spawn(
        BIN,
        &["--delay", "0.05", "-m", "7", "a", "b", "c"],
        dir.path(),
    );
    let default = spawn(
        BIN,
        &["--delay", "0.1", "-e", "-l", "100"],
        default_dir.path(),
    );
    let run = finish(seven);
    assert!(
        run.stdout
            .contains("7 concurrent connections will be used.")
    );
    assert_eq!(run.counts(), (43, 35, 0));
    assert_eq!(run.server_counters(), (78, 0, 7));
    let default = finish(default);
    assert!(
        default
            .stdout
            .contains("30 concurrent connections will be used.")
    );
    assert_eq!(default.server_counters().2, 30, "the book's 30 threads");
}

#[test]
fn client_counts_equal_injected_errors_and_verbose_lines_match() {
    let dir = tmp();
    let run = run(
        BIN,
        &[
            "-v", "-s", "ERROR", "-al", "60", "--seed", "4", "--delay", "0.005",
        ],
        dir.path(),
    );
    let (ok, _, errors) = run.counts();
    assert_eq!(errors as u64, run.server_counters().1);
    assert_eq!(
        run.stdout
            .matches(" error: HTTP error 418 - I'm a Teapot\n")
            .count(),
        errors
    );
    assert_eq!(run.stdout.matches(" OK\n").count(), ok);
    assert_eq!(ok + errors, 60);
}

#[test]
fn json_has_the_counts_the_server_and_every_request() {
    let dir = tmp();
    let run = run(
        BIN,
        &[
            "--json", "-s", "ERROR", "--seed", "2", "--delay", "0.05", "-m", "4", "b",
        ],
        dir.path(),
    );
    assert_eq!(run.code, Some(0));
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("stdout is one JSON object");
    assert_eq!(json["program"], "flags-threads");
    assert_eq!(json["server"]["label"], "ERROR");
    assert!(
        json["server"]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:"))
    );
    assert_eq!(json["server"]["built_in"]["error_rate"], 0.25);
    assert_eq!(json["codes_searched"], 26);
    assert_eq!(json["concurrency"], 4);
    let counts = &json["counts"];
    let n = |v: &serde_json::Value| v.as_u64().expect("a count");
    assert_eq!(
        n(&counts["ok"]) + n(&counts["not_found"]) + n(&counts["errors"]),
        26
    );
    assert_eq!(counts["errors"], json["server_counters"]["injected_errors"]);
    assert_eq!(counts["errors_by_kind"]["HTTP 418"], counts["errors"]);
    assert_eq!(json["server_counters"]["peak_in_flight"], 4);
    assert!(json["elapsed"].as_f64().is_some_and(|e| e > 0.0));
    assert_eq!(json["ideal"], 0.05 * 7.0, "ceil(26 / 4) rounds of 0.05 s");
    let requests = json["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 26);
    for r in requests {
        let (start, end) = (
            r["start"].as_f64().expect("start"),
            r["end"].as_f64().expect("end"),
        );
        assert!(0.0 <= start && start <= end, "{r}");
        assert!(["ok", "not found", "error"].contains(&r["outcome"].as_str().expect("outcome")));
        assert_eq!(r["code"].as_str().map(str::len), Some(2));
    }
    let errors = requests.iter().filter(|r| r["outcome"] == "error").count() as u64;
    assert_eq!(errors, n(&counts["errors"]));
}

#[test]
fn the_timeline_draws_one_bar_per_request_with_axis_title_and_times() {
    let dir = tmp();
    let svg_path = dir.path().join("run.svg");
    let svg_arg = svg_path.to_string_lossy().into_owned();
    let run = run(
        BIN,
        &[
            "--timeline",
            &svg_arg,
            "--delay",
            "0.03",
            "-m",
            "5",
            "-l",
            "12",
        ],
        dir.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let svg = std::fs::read_to_string(&svg_path).expect("the picture was written");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("class=\"request\"").count(), 12);
    for cc in [
        "BD", "BR", "CD", "CN", "DE", "EG", "ET", "FR", "ID", "IN", "IR", "JP",
    ] {
        assert!(svg.contains(&format!(">{cc}</text>")), "{cc}");
    }
    assert!(svg.contains("class=\"title\""));
    assert!(
        svg.contains("flags-threads --delay 0.03 -m 5 -l 12<"),
        "the title names the program and its options"
    );
    assert!(svg.contains("class=\"axis\"") && svg.contains("class=\"tick\""));
    assert!(svg.contains("ideal 0.09 s"), "ceil(12 / 5) × 0.03");
    assert!(svg.contains("elapsed "));

    let many = dir.path().join("many.svg");
    let many_arg = many.to_string_lossy().into_owned();
    run_ok(
        &["--timeline", &many_arg, "-s", "LOCAL", "-al", "100"],
        &dir,
    );
    let svg = std::fs::read_to_string(&many).expect("written");
    assert_eq!(svg.matches("class=\"request\"").count(), 0);
    assert!(svg.contains("requests in flight"));
}

fn run_ok(args: &[&str], dir: &flags_testing::TempDir) {
    let run = run(BIN, args, dir.path());
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
}

#[test]
fn a_timeline_in_a_missing_folder_is_a_usage_error() {
    let run = run(BIN, &["--timeline", "no/such/folder/x.svg"], tmp().path());
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("*** Usage error: --timeline FILE: there is no folder no/such/folder")
    );
}

#[test]
fn an_output_that_cannot_be_written_is_said_before_the_run() {
    let dir = tmp();
    std::fs::write(dir.path().join("a-file"), "").expect("written");
    for (args, says) in [
        (
            &["--timeline", "."][..],
            "*** Usage error: --timeline FILE: cannot write .: it is a folder",
        ),
        (
            &["--json=a-file/x.json"],
            "*** Usage error: --json FILE: a-file is a file, not a folder",
        ),
    ] {
        let mut args = args.to_vec();
        // A server that would take 5 s: the message must come before any request.
        args.extend(["--delay", "5"]);
        let t0 = std::time::Instant::now();
        let run = run(BIN, &args, dir.path());
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(says), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: nothing ran");
        assert!(t0.elapsed() < std::time::Duration::from_secs(4), "{args:?}");
    }
}

flags_testing::client_tests!(BIN, extra: [], bar);

/// "Where are the futures": five futures scheduled in order, the two past the three
/// workers still pending, then each finished with its result, in the order they end.
#[test]
fn the_futures_program_shows_each_future_scheduled_then_finished() {
    let dir = tmp();
    let futures = env!("CARGO_BIN_EXE_flags_threadpool_futures");
    let run = run(futures, &["--delay", "0.2"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let scheduled: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("Scheduled for "))
        .collect();
    let codes: Vec<&str> = scheduled.iter().map(|l| &l[14..16]).collect();
    assert_eq!(codes, ["BD", "BR", "CD", "CN", "DE"], "{}", run.stdout);
    for (i, line) in scheduled.iter().enumerate() {
        let id = format!("<Future #{} state=", i + 1);
        assert!(line.contains(&id), "{line}");
        // Three workers: the first three may already run; the last two wait their turn.
        let may = if i < 3 {
            &["pending>", "running>"][..]
        } else {
            &["pending>"]
        };
        assert!(may.iter().any(|s| line.ends_with(s)), "{line}");
    }
    let results: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("state=finished returned Option> result: Some(Ok)"))
        .collect();
    let mut ids: Vec<&str> = results.iter().map(|l| &l[9..10]).collect();
    ids.sort();
    assert_eq!(ids, ["1", "2", "3", "4", "5"], "{}", run.stdout);
    let last_scheduled = run.stdout.find("Scheduled for DE").expect("scheduled");
    let first_result = run.stdout.find("result: ").expect("a result");
    assert!(last_scheduled < first_result, "{}", run.stdout);
    assert!(
        run.stdout.contains("  5 flags downloaded."),
        "{}",
        run.stdout
    );
}

/// A function that panics does not stop the pool: its future finishes as raised, the
/// others as returned, and its `result()` panics again where it is asked, with the message,
/// as Python's `result()` raises the function's exception.
#[test]
fn a_panicking_function_is_raised_again_by_its_result_and_the_others_finish() {
    use flags_threads::executor::ThreadPoolExecutor;
    let mut executor = ThreadPoolExecutor::new(2);
    let futures: Vec<_> = (0..4)
        .map(|i| {
            executor.submit(move || {
                assert_ne!(i, 1, "no job 1");
                i * 10
            })
        })
        .collect();
    let done: Vec<String> = executor
        .as_completed(&futures)
        .map(|f| f.to_string())
        .collect();
    assert_eq!(done.len(), 4, "{done:?}");
    assert!(
        done.contains(&"<Future #2 state=finished raised panic>".to_string()),
        "{done:?}"
    );
    assert_eq!(*futures[3].result(), 30);
    let raised = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| *futures[1].result()));
    let message = raised.expect_err("result() raises again");
    let message = message.downcast_ref::<String>().expect("a message");
    assert!(message.starts_with("future #2 raised: "), "{message}");
    assert!(message.contains("no job 1"), "{message}");
}
