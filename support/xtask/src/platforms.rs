//! `cargo xtask platforms`: the proof, from Linux, that the workspace builds for Windows
//! and macOS and runs on Windows. It installs nothing: it says what is missing and stops.
//!
//! 1. clippy with `-D warnings` over every crate and target for each of [`TARGETS`]. The C
//!    code that `ring` compiles needs a C compiler for the target (mingw-w64 for Windows'
//!    GNU target, clang for the others) and a few system headers that only a Mac or a
//!    Windows SDK has: `support/xtask/sdk-stubs` declares the handful it includes.
//! 2. Under Wine, for `x86_64-pc-windows-gnu`: every `cargo run` command of the README,
//!    through cargo with Wine as its runner, each output compared as on Linux, the servers
//!    asked from the Linux side and stopped with Ctrl-C (Wine turns SIGINT into the
//!    console's Ctrl-C event); each flags client but flags-async (see [`CLIENTS`]) stopped
//!    by Ctrl-C mid-run; then the tests of every crate but xtask, less those of
//!    [`NOT_UNDER_WINE`], each with its reason, through cargo-nextest: a process per test,
//!    its `wine` profile in `.config/nextest.toml` (retries, and a deadline for a hang,
//!    which Wine's sockets need now and then; nextest names every test that needed a
//!    retry). xtask's own tests run cargo and Unix tools, and stay on Linux.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use xtask::{cargo, workspace};

/// The targets checked, with what a student there runs.
pub const TARGETS: [(&str, &str); 4] = [
    (
        "x86_64-pc-windows-gnu",
        "Windows, linked by mingw-w64 (built and run under Wine)",
    ),
    (
        "x86_64-pc-windows-msvc",
        "Windows, as rustup installs Rust there (checked)",
    ),
    ("aarch64-apple-darwin", "macOS on Apple silicon (checked)"),
    ("x86_64-apple-darwin", "macOS on Intel (checked)"),
];

/// The Windows target this machine can link and Wine can run.
const WINDOWS: &str = "x86_64-pc-windows-gnu";

/// README commands that cannot run under Wine, and why.
pub const COMMANDS_NOT_UNDER_WINE: [(&str, &str); 2] = [
    ("cargo run -p flags-bounded -- -e -m 1000", WINE_SOCKETS),
    (
        "cargo run --release -p flags-compare -- --python support/flags-compare/standin -m 20",
        NO_PYTHON,
    ),
];

/// Why a run of hundreds of connections at once fails under Wine and not on Linux.
const WINE_SOCKETS: &str = "hundreds of connections at once in one process: Wine emulates \
     Windows sockets through its server process, and connects and answers miss their \
     deadlines";

/// Why class mode cannot run under Wine.
const NO_PYTHON: &str = "class mode runs Python scripts, and this Wine has no Windows \
     Python (a Windows program cannot start Linux's python3)";

/// Why the browser tests cannot run under Wine.
const NO_BROWSER: &str = "headless Chromium driven by Node.js: Linux programs, which a \
     Windows program cannot start";

/// Why the HTTP/2 limits test cannot run under Wine.
const WINE_HTTP2: &str = "under Wine, the server's HTTP/2 layer ends the test's connections \
     with GOAWAY too_many_internal_resets (streams it reset itself, which it does not on \
     Linux); not yet understood";

/// Tests that cannot run under Wine (each test's full name), and why.
pub const NOT_UNDER_WINE: [(&str, &str); 13] = [
    ("every_code_finds_194_flags_and_482_not_found", WINE_SOCKETS),
    ("the_books_numbers", WINE_SOCKETS),
    ("http2_sends_every_request_on_one_connection", WINE_SOCKETS),
    (
        "a_thousand_requests_are_held_open_at_once_and_all_served",
        WINE_SOCKETS,
    ),
    (
        "the_book_side_and_ours_share_one_table_and_one_chart",
        NO_PYTHON,
    ),
    (
        "without_httpx_the_message_names_it_and_nothing_runs",
        NO_PYTHON,
    ),
    (
        "a_failing_script_shows_its_last_lines_and_the_others_still_run",
        NO_PYTHON,
    ),
    (
        "a_folder_without_scripts_or_a_taken_port_is_said_plainly",
        NO_PYTHON,
    ),
    ("class_mode_speaks_json_too", NO_PYTHON),
    (
        "a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so",
        NO_PYTHON,
    ),
    (
        "http2_streams_and_answers_under_way_are_capped_and_cost_little_memory",
        WINE_HTTP2,
    ),
    ("the_stacked_timeline_renders_in_a_browser", NO_BROWSER),
    (
        "typing_in_the_page_shows_the_results_without_reloading",
        NO_BROWSER,
    ),
];

/// Runs every check, whatever failed before it, and says at the end what failed.
pub fn run() -> ExitCode {
    let missing = missing_tools();
    if !missing.is_empty() {
        eprintln!("cargo xtask platforms needs, and does not install:");
        for need in &missing {
            eprintln!("  {need}");
        }
        return ExitCode::from(2);
    }
    let mut failed = Vec::new();
    for (target, what) in TARGETS {
        println!("== clippy --target {target}: {what}");
        let mut clippy = cargo();
        clippy
            .args(["clippy", "--workspace", "--all-targets", "--target", target])
            .args(["--", "-D", "warnings"]);
        c_compiler_for(target, &mut clippy);
        if !ran(&mut clippy) {
            failed.push(format!("clippy --target {target}"));
        }
    }
    match wine_prefix() {
        Err(err) => failed.push(format!("Wine's prefix: {err}")),
        Ok(prefix) => {
            println!("== the README's commands, built for {WINDOWS} and run under Wine");
            for (line, why) in COMMANDS_NOT_UNDER_WINE {
                println!("   not under Wine: {line}\n     ({why})");
            }
            let skip: Vec<&str> = COMMANDS_NOT_UNDER_WINE.iter().map(|(l, _)| *l).collect();
            let mut readme = cargo();
            readme
                .args(["test", "-p", "xtask", "--test", "commands", "--", "--exact"])
                .arg("every_command_in_the_readme_runs_through_cargo_and_prints_what_it_shows")
                .env("XTASK_TARGET", WINDOWS)
                .env("XTASK_SKIP", skip.join("\n"));
            under_wine(&prefix, &mut readme);
            if !ran(&mut readme) {
                failed.push("the README's commands under Wine".into());
            }
            println!("== Ctrl-C under Wine: each flags client's partial report, exit 130");
            for client in CLIENTS {
                let name = client.0;
                // A second try, said as such, as nextest gives the tests: under load a Wine
                // process now and then stalls before its first line.
                let tried = ctrl_c_under_wine(&prefix, client).or_else(|err| {
                    println!("   {name}: {err}; trying again");
                    ctrl_c_under_wine(&prefix, client)
                });
                match tried {
                    Ok(line) => println!("   {name}: {line}"),
                    Err(err) => {
                        println!("   {name}: {err}");
                        failed.push(format!("Ctrl-C to {name} under Wine"));
                    }
                }
            }
            println!("== the tests, built for {WINDOWS} and run under Wine (cargo-nextest)");
            let mut tests = cargo();
            tests.args(["nextest", "run", "--workspace", "--exclude", "xtask"]);
            tests.args(["--target", WINDOWS, "--profile", "wine"]);
            let mut skip = Vec::new();
            for (name, why) in NOT_UNDER_WINE {
                println!("   not under Wine: {name} ({why})");
                skip.push(format!("test(={name})"));
            }
            tests.args(["-E", &format!("not ({})", skip.join(" | "))]);
            under_wine(&prefix, &mut tests);
            if !ran(&mut tests) {
                failed.push(format!("the tests for {WINDOWS} under Wine"));
            }
        }
    }
    if failed.is_empty() {
        println!("== every platform check passed");
        ExitCode::SUCCESS
    } else {
        println!("== failed: {}", failed.join("; "));
        ExitCode::FAILURE
    }
}

/// Runs a command in the workspace, its output passing through; whether it succeeded.
fn ran(command: &mut Command) -> bool {
    command
        .current_dir(workspace())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether `program --version` starts.
fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether `cargo NAME --version` runs (a cargo subcommand is installed).
fn found_cargo(subcommand: &str) -> bool {
    cargo()
        .args([subcommand, "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What this machine lacks for the checks, each with where it comes from.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    for (target, _) in TARGETS {
        if !installed.lines().any(|l| l.trim() == target) {
            missing.push(format!(
                "Rust's {target} target: rustup target add {target}"
            ));
        }
    }
    let debian = [
        ("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"),
        ("clang", "clang"),
        ("llvm-lib", "llvm"),
        ("wine", "wine64"),
    ];
    if !found_cargo("nextest") {
        missing.push("cargo-nextest: cargo install --locked cargo-nextest".into());
    }
    for (program, package) in debian {
        if !found(program) {
            missing.push(format!("{program}: Debian's package {package}"));
        }
    }
    missing
}

/// The stand-in system headers (see the module's doc).
fn sdk_stubs() -> PathBuf {
    workspace().join("support/xtask/sdk-stubs")
}

/// Points cargo's C builds for `target` at a compiler for it.
fn c_compiler_for(target: &str, command: &mut Command) {
    let var = target.replace('-', "_");
    if target.ends_with("-apple-darwin") {
        // cc-rs passes clang `--target` and `-isysroot $SDKROOT`.
        command
            .env(format!("CC_{var}"), "clang")
            .env("SDKROOT", sdk_stubs());
    } else if target.ends_with("-windows-msvc") {
        // cc-rs speaks MSVC's language to a compiler named clang-cl: clang, so called.
        let bin = workspace().join("target/platforms/bin");
        let clang_cl = bin.join("clang-cl");
        if !clang_cl.exists() {
            let clang = which("clang").and_then(|p| p.canonicalize().ok());
            if let (Some(clang), Ok(())) = (clang, std::fs::create_dir_all(&bin)) {
                let _ = symlink(&clang, &clang_cl);
            }
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin];
        paths.extend(std::env::split_paths(&path));
        command
            .env("PATH", std::env::join_paths(paths).unwrap_or(path))
            .env(format!("CC_{var}"), "clang-cl")
            .env(format!("AR_{var}"), "llvm-lib")
            .env(
                format!("CFLAGS_{var}"),
                format!("/imsvc {}", sdk_stubs().join("usr/include").display()),
            );
    }
}

/// A program's path on the `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("cargo xtask platforms runs on Linux"))
}

/// Wine's prefix under `target/platforms/wine`, made once, with the `bcryptprimitives.dll`
/// that Wine 8 lacks and every Rust program needs (`support/xtask/wine`), built with
/// mingw-w64 into its `system32`.
fn wine_prefix() -> Result<PathBuf, String> {
    let prefix = workspace().join("target/platforms/wine");
    let system32 = prefix.join("drive_c/windows/system32");
    if !system32.is_dir() {
        let made = Command::new("wineboot")
            .arg("-i")
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .output()
            .map_err(|e| format!("wineboot: {e}"))?;
        if !system32.is_dir() {
            return Err(format!(
                "wineboot made no prefix:\n{}",
                String::from_utf8_lossy(&made.stderr)
            ));
        }
    }
    let built = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(system32.join("bcryptprimitives.dll"))
        .arg(workspace().join("support/xtask/wine/bcryptprimitives.c"))
        .arg("-ladvapi32")
        .status()
        .map_err(|e| format!("x86_64-w64-mingw32-gcc: {e}"))?;
    if !built.success() {
        return Err("bcryptprimitives.dll did not build".into());
    }
    Ok(prefix)
}

/// The flags clients, each stopped with Ctrl-C under Wine: its arguments, and how many
/// lines must be finished flags before the signal. flags-async is not among them: started
/// by this check it can print nothing within 30 s, though by hand under the same Wine
/// prefix it runs and stops on Ctrl-C (`-v --delay 2 --timeout 5`); why is not known.
const CLIENTS: [(&str, &[&str], usize); 4] = [
    ("flags-seq", &["-v", "-e", "-m", "2", "--delay", "0.05"], 3),
    (
        "flags-threads",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
    (
        "flags-bounded",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
    (
        "callbacks-vs-async",
        &["-v", "-e", "-m", "2", "--delay", "0.05"],
        3,
    ),
];

/// Starts `client` (built by the README's step) under Wine against a slow built-in server,
/// sends SIGINT once `finished` flags are in and the run has begun (Wine turns SIGINT into
/// the console's Ctrl-C event, what the key sends on Windows), and checks the run ends
/// within 10 s with status 130 and the report's interruption line, which it returns.
fn ctrl_c_under_wine(
    prefix: &Path,
    (client, args, finished): (&str, &[&str], usize),
) -> Result<String, String> {
    use std::io::{BufRead, BufReader};
    let exe = workspace().join(format!("target/{WINDOWS}/debug/{client}.exe"));
    let dest = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut child = Command::new("wine")
        .arg(&exe)
        .args(args)
        .arg("--dest-dir")
        .arg(dest.path())
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("wine: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let (mut started, mut done) = (false, 0);
    while !started || done < finished {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.ends_with(" will be used.") => started = true,
            Ok(line) if line.ends_with(" OK") || line.contains(" not found") => done += 1,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                return Err(format!("{finished} flags did not come within 30 s"));
            }
        }
    }
    // The requests are sent once the line is printed: give them a moment to leave.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .map_err(|e| format!("kill: {e}"))?;
    if !sent.success() {
        return Err("kill -INT failed".into());
    }
    let stopped = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if std::time::Instant::now() > stopped {
            let _ = child.kill();
            return Err("still running 10 s after Ctrl-C".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // What it printed after the signal, until its stdout closes (or 5 s more).
    let mut rest = Vec::new();
    while let Ok(line) = lines.recv_timeout(std::time::Duration::from_secs(5)) {
        rest.push(line);
    }
    let said = rest
        .iter()
        .find(|l| l.ends_with("interrupted by Ctrl-C."))
        .cloned()
        .ok_or_else(|| format!("no interruption line in:\n{}", rest.join("\n")))?;
    match status.code() {
        Some(130) => Ok(format!("exit 130, {said}")),
        other => Err(format!("exit {other:?}, {said}")),
    }
}

/// Wine as cargo's runner for the Windows target, in `prefix`, without its debug lines.
fn under_wine(prefix: &Path, command: &mut Command) {
    let runner = format!(
        "CARGO_TARGET_{}_RUNNER",
        WINDOWS.replace('-', "_").to_uppercase()
    );
    command
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env(runner, "wine");
}
