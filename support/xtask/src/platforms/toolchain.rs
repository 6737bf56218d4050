//! What `cargo xtask platforms` needs and does not install (the Rust targets, mingw-w64,
//! clang, llvm-lib, Wine, cargo-nextest), and the C compiler each target's C code (`ring`'s)
//! is built with, against the stand-in system headers of `support/xtask/sdk-stubs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{cargo, workspace};

use super::TARGETS;

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
pub fn missing_tools() -> Vec<String> {
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

/// The stand-in system headers (see `platforms.rs`'s doc).
fn sdk_stubs() -> PathBuf {
    workspace().join("support/xtask/sdk-stubs")
}

/// Points cargo's C builds for `target` at a compiler for it.
pub fn c_compiler_for(target: &str, command: &mut Command) {
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

/// `ln -s target link`: how clang comes to answer as clang-cl.
#[cfg(unix)] // The checks run on Linux, where Wine and the cross compilers are.
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

/// Elsewhere, an error that says where the checks run.
#[cfg(not(unix))] // xtask builds everywhere, for its other commands.
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("cargo xtask platforms runs on Linux"))
}
