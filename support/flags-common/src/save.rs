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
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    file.write_all(img).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn save_flag_into_a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing").join("BR.gif");
        let err = save_flag(b"GIF", &path).expect_err("no folder");
        assert_eq!(err.kind(), "save failed");
        assert!(!path.exists());
    }
}
