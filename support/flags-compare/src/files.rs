//! The files flags-compare writes (`--chart`, `--timeline`): checked before the runs
//! (`main` calls `flags_common::save::check_output`), so that a bad path is said at once
//! and not after minutes of measuring, then written whole or not at all ([`write`]).

use std::path::Path;

/// Writes a picture whole or not at all, or says which option's file could not be written.
pub fn write(path: &Path, option: &str, text: &str) -> anyhow::Result<()> {
    flags_common::save::write_whole(path, text.as_bytes())
        .map_err(|err| anyhow::anyhow!("cannot write {option} {}: {err}", path.display()))
}
