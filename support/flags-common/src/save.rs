//! The book's `save_flag`, written so that no run, interrupted or not, leaves half a file.

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
    let dir = path.parent().unwrap_or(Path::new("."));
    // Read and write for all, less the umask, as Python's `open(path, 'wb')` creates a file
    // (a temporary file alone would be private to its owner); Windows has no such modes.
    #[cfg(unix)]
    let file = tempfile::Builder::new()
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir);
    #[cfg(not(unix))]
    let file = tempfile::Builder::new().tempfile_in(dir);
    let mut file = file.map_err(failed)?;
    file.write_all(img).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
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
}
