//! Windows programs run from Linux under Wine: the Wine prefix, made once and given the
//! DLL Wine 8 lacks; Wine as cargo's runner for the Windows target; and a flags client
//! stopped with Ctrl-C under Wine, as a student's key would stop it on Windows.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::workspace;

use super::WINDOWS;

/// Wine's prefix under `target/platforms/wine`, made once, with the `bcryptprimitives.dll`
/// that Wine 8 lacks and every Rust program needs (`support/xtask/wine`), built with
/// mingw-w64 into its `system32`.
pub fn wine_prefix() -> Result<PathBuf, String> {
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

/// Starts `client` (built by the class book's step) under Wine against a slow built-in
/// server, sends SIGINT once `finished` flags are in and the run has begun (Wine turns SIGINT into
/// the console's Ctrl-C event, what the key sends on Windows), and checks the run ends
/// within 10 s with status 130 and the report's interruption line, which it returns.
pub fn ctrl_c_under_wine(
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
pub fn under_wine(prefix: &Path, command: &mut Command) {
    let runner = format!(
        "CARGO_TARGET_{}_RUNNER",
        WINDOWS.replace('-', "_").to_uppercase()
    );
    command
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env(runner, "wine");
}
