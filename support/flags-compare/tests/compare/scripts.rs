//! Scripts that fail or hang: their last lines shown, their deadline, SIGTERM.

use super::*;

pub fn a_failing_script_shows_its_last_lines_and_the_others_still_run() {
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
pub fn standins_with_asyncio(body: &str) -> tempfile::TempDir {
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
pub fn hangs(seconds: u32) -> String {
    format!(
        "import subprocess, time\n\
         print('DELAY site: somewhere', flush=True)\n\
         subprocess.Popen(['python3', '-c', 'import time; time.sleep({seconds})'])\n\
         time.sleep({seconds})\n"
    )
}

pub fn a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so() {
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
            "1.5",
            "bd",
            "br",
            "cn",
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
        stdout.contains("flags2_asyncio.py did not finish (timed out after 1.5 s: killed)"),
        "{stdout}"
    );
    assert!(stdout.contains("    DELAY site: somewhere"), "{stdout}");
    assert_eq!(rows(&stdout).len(), 3, "the others still ran: {stdout}");
}

#[cfg(unix)]
pub fn sigterm_to_flags_compare_kills_the_script_under_way_too() {
    let dir = standins_with_asyncio(&hangs(61));
    let cwd = tempfile::tempdir().expect("a temp dir");
    let child = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .current_dir(cwd.path())
        .arg("--python")
        .arg(dir.path())
        .args(["--port", "0", "--delay", "0.01", "--repeat", "1"])
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
        // A killed process whose parent died first is a zombie of PID 1 until PID 1 reaps
        // it, which a container's init may do late: it has ended all the same. (`ps`, not
        // /proc: macOS has no /proc.)
        let state = Command::new("ps")
            .args(["-o", "stat=", "-p", pid])
            .output()
            .expect("ps runs");
        let state = String::from_utf8_lossy(&state.stdout).trim().to_string();
        assert!(
            state.is_empty() || state.starts_with('Z'),
            "process {pid} of the script outlived flags-compare (state {state})"
        );
    }
}
