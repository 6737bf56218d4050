//! Open files, for runs of hundreds of connections: the limit raised and checked before
//! the run, and the process's table of descriptors grown before the clock starts.

/// Makes room for `concurrency` connections at once, each a file descriptor (two, with a
/// built-in server in this process), plus some for the rest: lifts the soft limit (256 on
/// macOS) to the hard one; when that cannot hold them, says so now rather than fail every
/// request; then grows the table of descriptors to hold them.
pub(crate) fn make_room(concurrency: usize) -> anyhow::Result<()> {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let needed = 2 * concurrency + 64;
    if let Ok((soft, _hard)) = rlimit::getrlimit(rlimit::Resource::NOFILE) {
        anyhow::ensure!(
            soft >= needed as u64,
            "{concurrency} requests at once need about {needed} open files, and this process \
             may open {soft}: raise the limit (`ulimit -n {needed}`) or ask for fewer (-m)"
        );
    }
    grow_descriptor_table(needed);
    Ok(())
}

/// A process's table of open files starts small and doubles as it fills, and in a process
/// with several threads each doubling waits for the kernel to be sure no thread still
/// reads the old table (an RCU grace period, milliseconds). 676 connections at once, both
/// ends in one process when the server is built in, double it five times: grown here once,
/// before the clock starts, as a warm server's table already is. (A descriptor duplicated
/// at or above `needed`, then closed: the table keeps its size.)
fn grow_descriptor_table(needed: usize) {
    #[cfg(unix)]
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let _ = rustix::io::fcntl_dupfd_cloexec(&null, needed as rustix::fd::RawFd);
    }
}
