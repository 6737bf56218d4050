//! Class mode against our stand-in scripts (standin/: our own code, with the flags2 command
//! line and reports; the project holds none of the book's): the book's side and ours in
//! one table, the setup messages, a failing script, the stacked timeline in a browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn standin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("standin")
}

/// Whether python3 runs here; outside CI a machine without it skips these tests.
fn python_ready() -> bool {
    let ready = Command::new("python3").arg("--version").output().is_ok();
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3");
        eprintln!("skipped: no python3");
    }
    ready
}

/// flags-compare in class mode on a free port (the stand-ins read FLAGS_COMPARE_URL), in a
/// fresh folder (where the chart goes unless `--chart` names another), which holds a link
/// `standin` to the stand-ins, so `dir` may be relative to it, as the README gives it.
fn class(dir: &Path, args: &[&str]) -> (Output, tempfile::TempDir) {
    let cwd = tempfile::tempdir().expect("a temp dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(standin(), cwd.path().join("standin")).expect("a link");
    #[cfg(windows)]
    std::os::windows::fs::symlink_dir(standin(), cwd.path().join("standin")).expect("a link");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .current_dir(cwd.path())
        .arg("--python")
        .arg(dir)
        .args(["--port", "0", "--delay", "0.02", "--repeat", "1"])
        .args(args)
        .output()
        .expect("flags-compare runs");
    (output, cwd)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The table's rows: program, language and every other cell, by name.
fn rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| program") && !l.starts_with("| -"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_book_side_and_ours_share_one_table_and_one_chart() {
    if !python_ready() {
        return;
    }
    let out = tempfile::tempdir().expect("a temp dir");
    let chart = out.path().join("chart.svg");
    let timeline = out.path().join("timeline.svg");
    // A folder given relative to where flags-compare runs, as the README gives it.
    let (output, _cwd) = class(
        Path::new("standin"),
        &[
            "-m",
            "20",
            "a",
            "b",
            "--chart",
            chart.to_str().expect("UTF-8"),
            "--timeline",
            timeline.to_str().expect("UTF-8"),
        ],
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    let rows = rows(&stdout);
    let names: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("flags2_sequential.py", "Python"),
            ("flags-seq", "Rust"),
            ("flags2_threadpool.py", "Python"),
            ("flags-threads", "Rust"),
            ("flags-async", "Rust"),
            ("flags2_asyncio.py", "Python"),
            ("flags-bounded", "Rust"),
            ("callbacks-vs-async callbacks", "Rust"),
            ("flags3_asyncio.py", "Python"),
            ("callbacks-vs-async async", "Rust"),
        ]
    );
    for row in &rows {
        // The same -m for both sides; flags-async has no bound (52 codes at once).
        let expected = if row[0].contains("seq") {
            "1"
        } else if row[0] == "flags-async" {
            "52"
        } else {
            "20"
        };
        assert_eq!(row[2], expected, "{row:?}");
        // A, B: 52 codes, 28 flags (the book's dataset), whoever counted.
        assert_eq!(row[11..14], ["28", "24", "0"], "{row:?}");
        // The columns only a process of its own gives: CPU time and peak memory.
        assert!(
            row[9].ends_with(" s") && row[10].ends_with(" MB"),
            "{row:?}"
        );
        let memory: f64 = row[10].trim_end_matches(" MB").parse().expect("a number");
        assert!(memory > 1.0, "{row:?}");
        // The peak in flight is the server's: never above the concurrency, and above 1
        // when it is (how close it comes depends on how busy the machine is).
        let (peak, concurrency): (u32, u32) = (
            row[7].parse().expect("peak"),
            row[2].parse().expect("conc."),
        );
        assert!(
            peak <= concurrency && (peak > 1) == (concurrency > 1),
            "{row:?}"
        );
    }
    // The caveats under the table (wrapped: read as one line): pool sizes and the
    // connections, with the server's counts; flags3 asks for the metadata of each flag
    // found: 52 + 28 requests.
    let prose = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for said in [
        "-m 20 given to both sides of every pair",
        "flags2_sequential.py 52 on 52, flags-seq 52 on 1;",
        "flags3_asyncio.py 80 on 80",
        "min(32, CPUs + 4)",
    ] {
        assert!(prose.contains(said), "{said}: {stdout}");
    }
    let chart = std::fs::read_to_string(chart).expect("the chart");
    assert_eq!(chart.matches(r#"class="bar""#).count(), 10);
    assert!(chart.contains("flags2_threadpool.py (×20)"));
    let timeline = std::fs::read_to_string(timeline).expect("the timeline");
    assert_eq!(timeline.matches(r#"class="band""#).count(), 10);
    // 52 requests a program, 80 for the two-request ones (three of them).
    assert_eq!(
        timeline.matches(r#"class="request""#).count(),
        7 * 52 + 3 * 80
    );
}

#[test]
fn without_python_the_message_says_how_to_set_it_up() {
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .arg("--python")
        .arg(standin())
        .args(["--interpreter", "/no/such/python3", "--port", "0"])
        .output()
        .expect("flags-compare runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // Windows makes the path absolute on the current drive, and has its own venv layout.
    #[cfg(unix)]
    let said = [
        "cannot start Python (/no/such/python3",
        "python3 -m venv ~/fluent-venv",
        "~/fluent-venv/bin/pip install httpx tqdm",
    ];
    #[cfg(windows)]
    let said = [
        r"\no\such\python3: ",
        r"python -m venv %USERPROFILE%\fluent-venv",
        r"%USERPROFILE%\fluent-venv\Scripts\pip install httpx tqdm",
    ];
    for line in said {
        assert!(stderr.contains(line), "{line:?} in {stderr}");
    }
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Traceback"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing ran");
}

#[test]
fn without_httpx_the_message_names_it_and_nothing_runs() {
    if !python_ready() {
        return;
    }
    // The book's scripts import httpx; here a module that fails to import stands in for
    // a Python without it, whatever this machine has installed.
    let dir = tempfile::tempdir().expect("a temp dir");
    for file in ["flags2_common.py", "flags2_sequential.py"] {
        std::fs::copy(standin().join(file), dir.path().join(file)).expect("copied");
    }
    let script = dir.path().join("flags2_sequential.py");
    let code = std::fs::read_to_string(&script).expect("read");
    std::fs::write(&script, format!("import httpx\n{code}")).expect("written");
    let shadow = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        shadow.path().join("httpx.py"),
        "raise ModuleNotFoundError(\"No module named 'httpx'\")\n",
    )
    .expect("written");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .arg("--python")
        .arg(dir.path())
        .args(["--port", "0", "--delay", "0.01", "--repeat", "1"])
        .env("PYTHONPATH", shadow.path())
        .output()
        .expect("flags-compare runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the book's scripts import httpx, which python3 does not have"),
        "{stderr}"
    );
    assert!(stderr.contains("pip install httpx tqdm"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing ran");
}

#[test]
fn a_failing_script_shows_its_last_lines_and_the_others_still_run() {
    if !python_ready() {
        return;
    }
    let dir = standins_with_asyncio(
        "print('DELAY site: somewhere')\nraise RuntimeError('the event loop is on fire')\n",
    );
    let (output, _cwd) = class(dir.path(), &["-m", "4", "--programs", "flags-bounded", "b"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    let names: Vec<String> = rows(&stdout).into_iter().map(|r| r[0].clone()).collect();
    // The twins of the scripts whose Rust side was left out run at the end.
    assert_eq!(
        names,
        [
            "flags-bounded",
            "flags2_sequential.py",
            "flags2_threadpool.py"
        ]
    );
    assert!(
        stdout.contains("flags2_asyncio.py did not finish (exit status: 1); its last lines:"),
        "{stdout}"
    );
    assert!(stdout.contains("    DELAY site: somewhere"), "{stdout}");
    assert!(
        stdout.contains("    RuntimeError: the event loop is on fire"),
        "{stdout}"
    );
}

/// A folder of stand-ins where flags2_asyncio.py is `body` instead.
fn standins_with_asyncio(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for file in [
        "flags2_common.py",
        "flags2_sequential.py",
        "flags2_threadpool.py",
    ] {
        std::fs::copy(standin().join(file), dir.path().join(file)).expect("copied");
    }
    std::fs::write(dir.path().join("flags2_asyncio.py"), body).expect("written");
    dir
}

/// A script that starts a child holding its output, then both sleep `seconds` (each test
/// its own number, so that it finds its own processes).
fn hangs(seconds: u32) -> String {
    format!(
        "import subprocess, time\n\
         print('DELAY site: somewhere', flush=True)\n\
         subprocess.Popen(['python3', '-c', 'import time; time.sleep({seconds})'])\n\
         time.sleep({seconds})\n"
    )
}

#[test]
fn a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so() {
    if !python_ready() {
        return;
    }
    let dir = standins_with_asyncio(&hangs(60));
    let t0 = std::time::Instant::now();
    let (output, _cwd) = class(
        dir.path(),
        &[
            "-m",
            "4",
            "--programs",
            "flags-bounded",
            "--deadline",
            "4",
            "b",
        ],
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        t0.elapsed()
    );
    assert!(
        stdout.contains("flags2_asyncio.py did not finish (timed out after 4 s: killed)"),
        "{stdout}"
    );
    assert!(stdout.contains("    DELAY site: somewhere"), "{stdout}");
    assert_eq!(rows(&stdout).len(), 3, "the others still ran: {stdout}");
}

#[cfg(unix)]
#[test]
fn sigterm_to_flags_compare_kills_the_script_under_way_too() {
    if !python_ready() {
        return;
    }
    let dir = standins_with_asyncio(&hangs(61));
    let cwd = tempfile::tempdir().expect("a temp dir");
    let child = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .current_dir(cwd.path())
        .arg("--python")
        .arg(dir.path())
        .args(["--port", "0", "--delay", "0.02", "--repeat", "1"])
        .args(["--programs", "flags-async"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("flags-compare runs");
    // flags-async, then the book's side: flags2_asyncio.py is the script that hangs.
    let script_running = |pid: u32| {
        Command::new("pgrep")
            .args(["-f", "-P", &pid.to_string(), "flags2_asyncio.py"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let t0 = std::time::Instant::now();
    while !script_running(child.id()) {
        assert!(
            t0.elapsed() < std::time::Duration::from_secs(20),
            "the script never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let hanging = String::from_utf8_lossy(
        &Command::new("pgrep")
            .args(["-f", "time.sleep\\(61\\)"])
            .output()
            .expect("pgrep runs")
            .stdout,
    )
    .into_owned();
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let signalled = std::time::Instant::now();
    let output = child.wait_with_output().expect("flags-compare ends");
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(10),
        "it waited {:?} for the script",
        signalled.elapsed()
    );
    assert_eq!(output.status.code(), Some(130), "{}", text(&output.stderr));
    std::thread::sleep(std::time::Duration::from_millis(200));
    for pid in hanging.split_whitespace() {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "process {pid} of the script outlived flags-compare"
        );
    }
}

#[test]
fn a_chart_that_cannot_be_written_is_said_before_any_program_runs() {
    // No Python needed: the check comes first. class-compare.svg, the default, is a folder.
    let cwd = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(cwd.path().join("class-compare.svg")).expect("a folder");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .current_dir(cwd.path())
        .arg("--python")
        .arg(standin())
        .args(["--port", "0"])
        .output()
        .expect("flags-compare runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--chart FILE: cannot write class-compare.svg: it is a folder"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing ran");
}

#[test]
fn a_folder_without_scripts_or_a_taken_port_is_said_plainly() {
    let empty = tempfile::tempdir().expect("a temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .arg("--python")
        .arg(empty.path())
        .output()
        .expect("flags-compare runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("has none of the book's scripts (flags2_sequential.py"),
        "{stderr}"
    );

    if !python_ready() {
        return;
    }
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .arg("--python")
        .arg(standin())
        .args(["--port", &port, "--programs", "flags-seq", "--repeat", "1"])
        .output()
        .expect("flags-compare runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on port {port}")),
        "{stderr}"
    );
}

#[test]
fn the_stacked_timeline_renders_in_a_browser() {
    let Some(folder) = flags_testing::browser_test_folder() else {
        return;
    };
    let svg = folder.join("compare-timeline.svg");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .args([
            "--delay",
            "0.02",
            "--repeat",
            "1",
            "-m",
            "4",
            "b",
            "--timeline",
        ])
        .arg(&svg)
        .output()
        .expect("flags-compare runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let script = folder.join("compare-render.mjs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render.mjs"),
        &script,
    )
    .expect("the script is copied");
    let screenshot = folder.join("compare-timeline.png");
    let output = Command::new("node")
        .arg(&script)
        .arg(&svg)
        .arg(&screenshot)
        .current_dir(&folder)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let drawn: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let bands = drawn["bands"].as_array().expect("bands");
    let names: Vec<&str> = bands.iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "flags-seq",
            "flags-threads",
            "flags-async",
            "flags-bounded",
            "callbacks-vs-async callbacks",
            "callbacks-vs-async async"
        ]
    );
    for band in bands {
        // B: 26 codes; the two-request program adds 17 metadata requests.
        let requests = band["requests"].as_u64().expect("a count");
        let expected = if band["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("callbacks"))
        {
            43
        } else {
            26
        };
        assert_eq!(requests, expected, "{band}");
        assert_eq!(
            band["visible"], band["requests"],
            "every bar is drawn: {band}"
        );
        assert_eq!(band["inside"], true, "bars stay in their band: {band}");
        let detail = band["detail"].as_str().expect("a label");
        assert!(detail.contains(&format!("{requests} requests")), "{detail}");
    }
    assert_eq!(drawn["overlaps"], 0, "no text over another: {drawn}");
    assert_eq!(drawn["offPage"], 0, "no text off the page: {drawn}");
    assert!(screenshot.exists());
}

#[test]
fn class_mode_speaks_json_too() {
    if !python_ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    for file in ["flags2_common.py", "flags2_sequential.py"] {
        std::fs::copy(standin().join(file), dir.path().join(file)).expect("copied");
    }
    std::fs::write(
        dir.path().join("flags2_asyncio.py"),
        "raise SystemExit(3)\n",
    )
    .expect("written");
    let (output, cwd) = class(
        dir.path(),
        &["--json", "--programs", "flags-seq", "-l", "4"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // Class mode draws its chart even unasked, where it runs, and says where.
    assert_eq!(json["chart"], "class-compare.svg");
    let chart = std::fs::read_to_string(cwd.path().join("class-compare.svg")).expect("a chart");
    assert_eq!(chart.matches(r#"class="bar""#).count(), 2);
    let rows = json["rows"].as_array().expect("rows");
    let langs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["program"].as_str().unwrap_or(""),
                r["language"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        langs,
        [("flags2_sequential.py", "Python"), ("flags-seq", "Rust")]
    );
    for row in rows {
        assert!(
            row["cpu_seconds"].as_f64().is_some_and(|s| s >= 0.0),
            "{row}"
        );
        assert!(
            row["peak_memory_mb"].as_f64().is_some_and(|mb| mb > 1.0),
            "{row}"
        );
        assert_eq!(row["runs"][0]["requests"], 4, "{row}");
        assert_eq!(row["peak_in_flight"], 1, "{row}");
    }
    assert_eq!(json["failures"][0]["program"], "flags2_asyncio.py");
    assert_eq!(json["failures"][0]["status"], "exit status: 3");
    assert!(json["caveats"].as_array().is_some_and(|c| c.len() >= 2));
}
