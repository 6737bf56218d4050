//! The book's `save_flag`, written so that no run, interrupted or not, leaves half a file;
//! the same whole-or-nothing write for every other file a program writes (the JSON
//! summary, the timeline, flags-compare's pictures: [`write_whole`]); and the check, before
//! a run, that such a file can be written ([`check_output`], [`writable`]).

use std::io::Write as _;
use std::path::Path;

use crate::FlagError;

/// Saves `img` at `path` atomically: written to a temporary file in the same folder, then
/// renamed, so that no run, interrupted or not, leaves a truncated flag behind.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// flags_common::save_flag(b"GIF89a...", &dir.path().join("BR.gif"))?;
/// assert_eq!(std::fs::read(dir.path().join("BR.gif"))?, b"GIF89a...");
/// let missing = dir.path().join("no/such/folder/BR.gif");
/// assert_eq!(flags_common::save_flag(b"GIF", &missing).unwrap_err().kind(), "save failed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_flag(img: &[u8], path: &Path) -> Result<(), FlagError> {
    let failed = |err| FlagError::Save(path.to_path_buf(), err);
    // A run after another finds the same flag saved already: leaving it is what rewriting
    // it would give (Python's `open(path, 'wb')` keeps an existing file's modes too), and
    // spares the flush that ext4 makes for a file replaced by a rename.
    let same = std::fs::metadata(path).is_ok_and(|m| m.len() == img.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == img);
    if same {
        return Ok(());
    }
    write_whole(path, img).map_err(failed)
}

/// Writes `bytes` at `path` whole or not at all: into a temporary file in the same folder,
/// then renamed over `path`, so that a full disk or an interrupted run leaves the old file
/// (or none), never a truncated one. A link is followed, and a path that is not a file
/// (`/dev/null`, a pipe) is written as it is: renaming over it would replace it.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("run.json");
/// flags_common::save::write_whole(&path, b"{}")?;
/// assert_eq!(std::fs::read(&path)?, b"{}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(&path, bytes);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Read and write for all, less the umask, as Python's `open(path, 'wb')` creates a file
    // (a temporary file alone would be private to its owner); Windows has no such modes.
    #[cfg(unix)]
    let file = tempfile::Builder::new()
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir);
    #[cfg(not(unix))]
    let file = tempfile::Builder::new().tempfile_in(dir);
    let mut file = file?;
    file.write_all(bytes)?;
    file.persist(&path).map_err(|err| err.error)?;
    Ok(())
}

/// Checks, before a run, that `option`'s file can be written: its folder exists (and is
/// a folder), and the file can be opened or created there; the message says which.
pub fn check_output(option: &str, path: &Path) -> Result<(), String> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if folder.is_file() {
            return Err(format!(
                "{option} FILE: {} is a file, not a folder",
                folder.display()
            ));
        }
        if !folder.is_dir() {
            return Err(format!(
                "{option} FILE: there is no folder {}",
                folder.display()
            ));
        }
    }
    writable(path).map_err(|err| format!("{option} FILE: cannot write {err}"))
}

/// Whether [`write_whole`] can write `path`, found without touching it: a device or a
/// pipe is opened for writing; anything else needs its folder to take a new file, which is
/// tried as a scratch file there, removed at once.
pub fn writable(path: &Path) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("{shown}: it is a folder"));
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map(drop)
            .map_err(|err| format!("{shown}: {err}"));
    }
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let probe = folder.join(format!(".flags-{}.tmp", std::process::id()));
    match std::fs::File::create_new(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(err) => Err(format!("{shown}: {err}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_the_same_flag_again_leaves_the_file_and_a_new_one_replaces_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("BR.gif");
        save_flag(b"GIF89a one", &path).expect("saved");
        let first = std::fs::metadata(&path)
            .expect("saved")
            .modified()
            .expect("a time");
        std::thread::sleep(std::time::Duration::from_millis(20));
        save_flag(b"GIF89a one", &path).expect("saved again");
        let again = std::fs::metadata(&path)
            .expect("saved")
            .modified()
            .expect("a time");
        assert_eq!(again, first, "the same bytes: the file is left as it was");
        save_flag(b"GIF89a two", &path).expect("replaced");
        assert_eq!(std::fs::read(&path).expect("readable"), b"GIF89a two");
    }

    #[test]
    fn save_flag_leaves_the_file_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("BR.gif");
        save_flag(b"GIF89a...", &path).expect("saved");
        assert_eq!(std::fs::read(&path).expect("readable"), b"GIF89a...");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["BR.gif"]);
    }

    /// The process's umask, from /proc (Linux).
    #[cfg(target_os = "linux")]
    fn umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").expect("/proc");
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .expect("an Umask line");
        u32::from_str_radix(line.trim(), 8).expect("octal")
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_saved_flag_has_the_modes_open_would_give_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("BR.gif");
        save_flag(b"GIF89a", &path).expect("saved");
        let mode = std::fs::metadata(&path)
            .expect("saved")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o666 & !umask(), "{mode:o}");
    }

    #[test]
    fn save_flag_into_a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing").join("BR.gif");
        let err = save_flag(b"GIF", &path).expect_err("no folder");
        assert_eq!(err.kind(), "save failed");
        assert!(!path.exists());
    }

    #[test]
    fn write_whole_replaces_a_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("run.svg");
        std::fs::write(&path, "an old picture, longer than the new one").expect("written");
        write_whole(&path, b"<svg/>").expect("replaced");
        assert_eq!(std::fs::read(&path).expect("readable"), b"<svg/>");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["run.svg"]);
    }

    #[test]
    fn a_write_that_cannot_start_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("no/such/folder/run.svg");
        assert!(write_whole(&missing, b"<svg/>").is_err());
        assert!(!missing.exists());
        assert!(writable(&missing).is_err());
        assert_eq!(
            writable(dir.path()),
            Err(format!("{}: it is a folder", dir.path().display()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_as_it_is_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write_whole(Path::new("/dev/null"), b"nothing").expect("written");
        let kind = std::fs::metadata("/dev/null").expect("there").file_type();
        assert!(kind.is_char_device(), "/dev/null is still the device");
        assert!(writable(Path::new("/dev/null")).is_ok());
        // A full disk is an error, not a truncated file left behind.
        assert!(write_whole(Path::new("/dev/full"), b"more than it takes").is_err());
    }
}
