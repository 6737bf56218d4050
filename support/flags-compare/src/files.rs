//! The files flags-compare writes (`--chart`, `--timeline`): checked before the runs, so
//! that a bad path is said at once and not after minutes of measuring.

use std::path::Path;

/// Whether `path` can be written, found without touching it: a file that exists is
/// opened for writing (not truncated); a new one is tried as a scratch file beside it,
/// removed at once.
pub fn writable(path: &Path) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("{shown}: it is a folder"));
    }
    if path.exists() {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map(drop)
            .map_err(|err| format!("{shown}: {err}"));
    }
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let probe = folder.join(format!(".flags-compare-{}.tmp", std::process::id()));
    match std::fs::File::create_new(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(err) => Err(format!("{shown}: {err}")),
    }
}

/// Writes a picture, or says which option's file could not be written.
pub fn write(path: &Path, option: &str, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text)
        .map_err(|err| anyhow::anyhow!("cannot write {option} {}: {err}", path.display()))
}
