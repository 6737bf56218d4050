//! Open files, for runs of hundreds of connections: the limit checked before the run, and
//! the process's table of descriptors grown before the clock starts.

/// Each connection is a file descriptor (two, with a built-in server in this process):
/// when the open-file limit, raised as far as allowed, cannot hold the concurrency asked
/// for, say so now, rather than fail every request.
pub(crate) fn check_open_files(concurrency: usize) -> anyhow::Result<()> {
    let Ok((soft, _hard)) = rlimit::getrlimit(rlimit::Resource::NOFILE) else {
        return Ok(());
    };
    let needed = 2 * concurrency as u64 + 64;
    anyhow::ensure!(
        soft >= needed,
        "{concurrency} requests at once need about {needed} open files, and this process may \
         open {soft}: raise the limit (`ulimit -n {needed}`) or ask for fewer (-m)"
    );
    Ok(())
}

/// A process's table of open files starts small and doubles as it fills, and in a process
/// with several threads each doubling waits for the kernel to be sure no thread still
/// reads the old table (an RCU grace period, milliseconds). 676 connections at once, both
/// ends in one process when the server is built in, double it five times: grown here once,
/// before the clock starts, as a warm server's table already is. (A descriptor duplicated
/// at or above `needed`, then closed: the table keeps its size.)
pub(crate) fn grow_descriptor_table(needed: usize) {
    #[cfg(unix)]
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let _ = rustix::io::fcntl_dupfd_cloexec(&null, needed as rustix::fd::RawFd);
    }
}
