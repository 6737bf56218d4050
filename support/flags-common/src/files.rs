//! Open files, for runs of hundreds of connections: the limit raised and checked before
//! the run, and the process's table of descriptors grown before the clock starts
//! (`serving::open_files` holds what differs between systems).

use serving::open_files::{SPARE, grow_table, raise_limit};

/// Makes room for `concurrency` connections at once, each a file descriptor (two, with a
/// built-in server in this process), plus some for the rest: lifts the soft limit (256 on
/// macOS) to the hard one; when that cannot hold them, says so now rather than fail every
/// request; then grows the table of descriptors to hold them.
pub(crate) fn make_room(concurrency: usize) -> anyhow::Result<()> {
    let needed = 2 * concurrency + SPARE as usize;
    if let Some(soft) = raise_limit() {
        anyhow::ensure!(
            soft >= needed as u64,
            "{concurrency} requests at once need about {needed} open files, and this process \
             may open {soft}: raise the limit (`ulimit -n {needed}`) or ask for fewer (-m)"
        );
    }
    grow_table(needed);
    Ok(())
}
