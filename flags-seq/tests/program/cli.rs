//! The command line shared by every flags binary, checked through flags-seq: the book's
//! usage errors, clap's own, and the failures a user can cause.

use flags_testing::{run, tmp};

use crate::BIN;

#[test]
fn each_usage_error_prints_the_books_text_then_the_usage_line_and_exits_2() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["-m", "0"],
            "*** Usage error: --max_req CONCURRENT must be >= 1",
        ),
        (
            &["--max_req", "-3"],
            "*** Usage error: --max_req CONCURRENT must be >= 1",
        ),
        (&["-l", "0"], "*** Usage error: --limit N must be >= 1"),
        (
            &["-s", "FOO"],
            "*** Usage error: --server LABEL must be one of DELAY, ERROR, LOCAL, REMOTE",
        ),
        (
            &["abc"],
            "*** Usage error: each CC argument must be A to Z or AA to ZZ.",
        ),
    ];
    let dir = tmp();
    for (args, message) in cases {
        let run = run(BIN, args, dir.path());
        assert_eq!(run.code, Some(2), "{args:?}");
        let mut lines = run.stderr.lines();
        assert_eq!(lines.next(), Some(message), "{args:?}");
        assert_eq!(
            lines.next(),
            Some("Usage: flags-seq [OPTIONS] [CC]..."),
            "{args:?}"
        );
        assert_eq!(run.stdout, "", "nothing starts: {args:?}");
    }
    assert!(!dir.path().join("downloaded").exists());
}

#[test]
fn the_book_checks_max_req_first_then_limit_then_server_then_codes() {
    let dir = tmp();
    let first = |args: &[&str]| {
        run(BIN, args, dir.path())
            .stderr
            .lines()
            .next()
            .map(String::from)
    };
    let all_bad = ["-m", "0", "-l", "0", "-s", "FOO", "abc"];
    assert!(first(&all_bad).is_some_and(|l| l.contains("--max_req")));
    assert!(first(&all_bad[2..]).is_some_and(|l| l.contains("--limit")));
    assert!(first(&all_bad[4..]).is_some_and(|l| l.contains("--server")));
}

#[test]
fn non_numbers_and_unknown_options_get_claps_error_and_exit_2() {
    let dir = tmp();
    for args in [&["-m", "many"][..], &["--limit", "x"], &["--nope"]] {
        let run = run(BIN, args, dir.path());
        assert_eq!(run.code, Some(2), "{args:?}");
        assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    }
}

#[test]
fn help_describes_the_books_options() {
    let run = run(BIN, &["--help"], tmp().path());
    assert_eq!(run.code, Some(0));
    for text in [
        "Download flags for country codes. Default: top 20 countries by population.",
        "-a, --all",
        "-e, --every",
        "-l, --limit <N>",
        "-m, --max-req <CONCURRENT>",
        "-s, --server <LABEL>",
        "-v, --verbose",
        "--timeout <SECS>",
        "--dest-dir <DIR>",
    ] {
        assert!(run.stdout.contains(text), "{text} not in:\n{}", run.stdout);
    }
}

#[test]
fn an_unreachable_server_is_one_clear_error_per_flag_not_a_crash() {
    // A port that was free a moment ago: nothing listens there, so every connection is
    // refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let dir = tmp();
    let url = format!("http://127.0.0.1:{port}/flags");
    // -v: without it, the book's flags2_sequential shows only a progress bar.
    let run = run(BIN, &["-v", "-s", &url, "br", "bd", "cn"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for cc in ["BD", "BR", "CN"] {
        assert!(
            run.stdout
                .contains(&format!("{cc} error: connection failed")),
            "{}",
            run.stdout
        );
    }
    assert_eq!(run.counts(), (0, 0, 3));
    assert!(run.stdout.contains("3 × connection failed"));
}

#[test]
fn a_server_slower_than_the_timeout_gives_timed_out_errors() {
    let dir = tmp();
    let t0 = std::time::Instant::now();
    let run = run(
        BIN,
        &[
            "-v",
            "-s",
            "DELAY",
            "--delay",
            "2",
            "--timeout",
            "0.1",
            "br",
            "bd",
        ],
        dir.path(),
    );
    assert_eq!(run.counts(), (0, 0, 2), "{}", run.stdout);
    assert!(run.stdout.contains("BD error: timed out"), "{}", run.stdout);
    // Two requests of 0.1 s each, not two of 2 s: a generous bound, not a benchmark.
    assert!(t0.elapsed().as_secs_f64() < 3.0);
}

#[test]
fn an_unwritable_dest_dir_fails_before_any_request() {
    let dir = tmp();
    // A file where the folder should be: nothing can be created under it.
    std::fs::write(dir.path().join("blocker"), "").expect("writable temp dir");
    let run = run(
        BIN,
        &["-s", "LOCAL", "--dest-dir", "blocker/flags", "br"],
        dir.path(),
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(
            "error: cannot create --dest-dir blocker/flags: blocker is a file, not a folder"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "no report, no request");
    // The file itself given as the folder.
    let itself = flags_testing::run(
        BIN,
        &["-s", "LOCAL", "--dest-dir", "blocker", "br"],
        dir.path(),
    );
    assert_eq!(itself.code, Some(1));
    assert!(
        itself.stderr.starts_with(
            "error: cannot create --dest-dir blocker: blocker is a file, not a folder"
        ),
        "{}",
        itself.stderr
    );
}

#[test]
fn remote_only_options_for_built_in_servers_are_usage_errors() {
    let run = run(BIN, &["-s", "REMOTE", "--seed", "1"], tmp().path());
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("only apply to the built-in servers"));
}

/// `| head -1`: the reader goes away after one line. The program ends quietly (status 141,
/// what a shell reports for SIGPIPE), with no panic text.
#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let dir = tmp();
    let mut child = Command::new(BIN)
        .args(["-s", "LOCAL", "-v", "-a"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let stdout = child.stdout.take().expect("piped");
    let mut first = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the pipe is closed.
    let output = child.wait_with_output().expect("it ends");
    assert!(first.starts_with("LOCAL site: "), "{first}");
    assert_eq!(output.status.code(), Some(141), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "no panic text");
}

/// School networks set proxies: the built-in servers are never reached through one, and a
/// proxy that fails is named in the error.
#[test]
fn a_proxy_is_skipped_for_loopback_and_named_when_it_fails() {
    let dir = tmp();
    let with_proxy = |args: &[&str]| {
        let output = std::process::Command::new(BIN)
            .args(args)
            .env("http_proxy", "http://127.0.0.1:9")
            .env("ALL_PROXY", "http://127.0.0.1:9")
            .current_dir(dir.path())
            .output()
            .expect("runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let local = with_proxy(&["-s", "LOCAL", "-l", "3"]);
    assert!(local.contains("  3 flags downloaded."), "{local}");
    let remote = with_proxy(&[
        "-v",
        "--retries",
        "0",
        "-s",
        "http://flags.invalid/flags",
        "br",
    ]);
    assert!(
        remote.contains("BR error: connection through proxy http://127.0.0.1:9 failed"),
        "{remote}"
    );
}

/// A file name that is not UTF-8 (Linux allows it) anywhere on the command line: the
/// timeline's title shows it, and the run ends as any other.
#[cfg(unix)]
#[test]
fn a_non_utf8_argument_and_a_timeline() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp();
    let odd = std::ffi::OsStr::from_bytes(b"saved-\xff");
    let output = std::process::Command::new(BIN)
        .args([
            "-s",
            "LOCAL",
            "-l",
            "1",
            "--timeline",
            "run.svg",
            "--dest-dir",
        ])
        .arg(odd)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(dir.path().join("run.svg").exists());
    assert!(dir.path().join(odd).join("BD.gif").exists());
}

flags_testing::client_tests!(BIN, extra: [], bar);
