//! What class mode says before it runs anything: how to set Python up, a missing
//! package, a folder without scripts, a taken port, a chart it cannot write.

use super::*;

pub fn without_python_the_message_says_how_to_set_it_up() {
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

pub fn without_httpx_the_message_names_it_and_nothing_runs() {
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

pub fn a_chart_that_cannot_be_written_is_said_before_any_program_runs() {
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

pub fn a_folder_without_scripts_or_a_taken_port_is_said_plainly() {
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
