//! The programs a chore needs beyond cargo (mdBook and its gettext plugins for `cargo xtask
//! book`, tokio-console for `cargo xtask console`), each at a pinned version: installed the
//! first time with `cargo install --locked` into `target/book-tools`, unless the PATH has
//! that version already.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// A crate whose programs a chore runs, at the version it was checked with.
pub struct Tool {
    pub krate: &'static str,
    pub version: &'static str,
    /// One program the crate installs: the one asked for its version.
    pub program: &'static str,
    /// Whether `program --version` prints the version. mdbook-gettext has no `--version`:
    /// its binary in the tools folder is taken as the pinned one.
    pub says_version: bool,
    /// More arguments for `cargo install`: the crate's features, say.
    pub install_args: &'static [&'static str],
}

/// A PATH with the tools folder `dir`'s `bin` first, after installing there each tool not
/// found at its version.
pub fn install(dir: &Path, tools: &[Tool]) -> Result<OsString, String> {
    let bin = dir.join("bin");
    let mut paths = vec![bin.clone()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(paths).map_err(|e| e.to_string())?;
    for tool in tools {
        let has = Command::new(tool.program)
            .arg("--version")
            .env("PATH", &path)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(tool.version));
        let installed = bin.join(format!("{}{}", tool.program, std::env::consts::EXE_SUFFIX));
        if has || (!tool.says_version && installed.exists()) {
            continue;
        }
        println!(
            "installing {} {} into {} (once)",
            tool.krate,
            tool.version,
            dir.display()
        );
        let mut install = Command::new(std::env::var_os("CARGO").unwrap_or("cargo".into()));
        install.args(["install", "--locked", "--quiet", "--root"]);
        install
            .arg(dir)
            .arg(format!("{}@{}", tool.krate, tool.version));
        install.args(tool.install_args);
        let status = install
            .status()
            .map_err(|e| format!("cargo install: {e}"))?;
        if !status.success() {
            return Err(format!(
                "cargo install {}@{} failed",
                tool.krate, tool.version
            ));
        }
    }
    Ok(path)
}
