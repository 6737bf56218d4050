//! Open files: on Unix every connection is a file descriptor, and a process may hold no
//! more than its soft limit of them (256 on macOS, 1,024 on many Linux systems), so a
//! server or a client of hundreds of connections raises that limit first ([`raise_limit`]),
//! and keeps under it ([`SPARE`], [`connection_cap`]); [`grow_table`] grows the process's
//! table of descriptors before a clock starts. What differs between platforms in all this
//! lives here.

/// Descriptors kept for what is not a connection: the listener, the runtime, logs.
pub const SPARE: u64 = 64;

/// Raises the soft limit of open files to the hard one (on macOS, to the kernel's
/// `kern.maxfilesperproc`) and returns it; `None` where the system sets no such limit.
pub fn raise_limit() -> Option<u64> {
    #[cfg(unix)]
    return rlimit::increase_nofile_limit(u64::MAX).ok();
    // Windows: a socket is a kernel handle, bounded by memory, not by a per-process count
    // (its C runtime's limit of 512 covers stdio files only, which no connection uses).
    #[cfg(not(unix))]
    return None;
}

/// Raises the open-files limit as far as the system allows, and returns how many
/// connections a server can hold at once: `wanted`, or fewer where the limit is lower
/// (under `ulimit -n 1024`, 960), so that a client past it is told the server is busy
/// instead of waiting unanswered for a file descriptor that never comes.
pub fn connection_cap(wanted: usize) -> usize {
    match raise_limit() {
        Some(soft) => {
            let room = soft.saturating_sub(SPARE).max(1);
            wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
        }
        None => wanted,
    }
}

/// A process's table of open files starts small and doubles as it fills, and in a Linux
/// process with several threads each doubling waits for the kernel to be sure no thread
/// still reads the old table (an RCU grace period, milliseconds). 676 connections at once,
/// both ends in one process when the server is built in, double it five times: grown once
/// by this call, before a clock starts, as a warm server's table already is. (A descriptor
/// duplicated at or above `needed`, then closed: the table keeps its size.)
pub fn grow_table(needed: usize) {
    #[cfg(unix)]
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let _ = rustix::io::fcntl_dupfd_cloexec(&null, needed as rustix::fd::RawFd);
    }
    // Windows keeps its handles in a table that grows without such a wait: nothing to do.
    #[cfg(not(unix))]
    let _ = needed;
}
