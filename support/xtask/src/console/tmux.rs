//! The check's terminals: a tmux server of its own, started and ended by it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmux server of this check's own (`tmux -L`, a socket named after this process),
/// ended when dropped. Its configuration keeps a window whose program has ended, so that
/// a failed build's last lines can still be read, and keeps the server up when its last
/// session is killed: otherwise the next lesson's `new-session` may reach a server on its
/// way out, and fail with "server exited unexpectedly".
pub struct Tmux {
    socket: String,
    config: PathBuf,
    /// The PATH its windows get: tokio-console's folder first.
    path: OsString,
}

impl Tmux {
    pub fn new(dir: &Path, path: &OsStr) -> Result<Tmux, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let config = dir.join("tmux.conf");
        std::fs::write(
            &config,
            "set-option -g remain-on-exit on\nset-option -s exit-empty off\n",
        )
        .map_err(|e| format!("{}: {e}", config.display()))?;
        Ok(Tmux {
            socket: format!("xtask-console-{}", std::process::id()),
            config,
            path: path.to_os_string(),
        })
    }

    /// Runs one tmux command; its output, or its error.
    pub fn run(&self, args: &[&str]) -> Result<String, String> {
        let mut command = Command::new("tmux");
        command
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg(&self.config);
        command.args(args);
        // The server takes the environment of the command that starts it, and gives it to
        // every window: a reader's, as `xtask::cargo` makes it (without the variables cargo
        // set for this program), with tokio-console on the PATH, and outside any tmux of
        // the reader's own.
        for (name, value) in xtask::cargo().get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command.env("PATH", &self.path).env_remove("TMUX");
        let output = command
            .output()
            .map_err(|e| format!("cannot run tmux: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "tmux {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Whatever a failed check left running ends with the server.
        let _ = self.run(&["kill-server"]);
    }
}
