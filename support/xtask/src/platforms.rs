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
//!    console's Ctrl-C event); then `cargo test` of every crate but xtask, less the tests
//!    of [`NOT_UNDER_WINE`], each with its reason.

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
    (
        "cargo run -p flags-bounded -- -e -m 1000",
        "Wine emulates Windows sockets through its server process: with hundreds of \
         connections at once in one process, connects and answers miss their deadlines \
         (at -m 300, 284 of 676 requests time out), so the pasted output cannot come back",
    ),
    (
        "cargo run --release -p flags-compare -- --python support/flags-compare/standin -m 20",
        "class mode runs Python scripts, and this Wine has no Windows Python (a Windows \
         program cannot start Linux's python3)",
    ),
];

/// Tests (a name filter for the test binaries) that cannot run under Wine, and why.
pub const NOT_UNDER_WINE: [(&str, &str); 0] = [];

/// Runs the three parts and says, per target, what passed.
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
            println!("== cargo test --target {WINDOWS}, under Wine");
            let mut tests = cargo();
            tests.args([
                "test",
                "--workspace",
                "--exclude",
                "xtask",
                "--target",
                WINDOWS,
            ]);
            // One test at a time: under Wine, two threads of one process blocked on
            // sockets at once can stall each other for minutes (each test alone: a second).
            tests.args(["--no-fail-fast", "--", "--test-threads=1"]);
            for (name, why) in NOT_UNDER_WINE {
                println!("   not under Wine: {name} ({why})");
                tests.args(["--skip", name]);
            }
            under_wine(&prefix, &mut tests);
            if !ran(&mut tests) {
                failed.push(format!("cargo test --target {WINDOWS} under Wine"));
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
