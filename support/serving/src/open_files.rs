//! Open files: on Unix every connection is a file descriptor, and a process may hold no
//! more than its soft limit of them (256 on macOS, 1,024 on many Linux systems), so a
//! server or a client of hundreds of connections raises that limit first ([`raise_limit`]),
//! and keeps under it ([`SPARE`], [`connection_cap`]); [`grow_table`] grows the process's
//! table of descriptors, best before the process starts a thread. What differs between
//! platforms in all this lives here.

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
/// instead of waiting unanswered for a file descriptor that never comes. Then grows the
/// table of descriptors to hold them all ([`grow_table`]): call it before the process
/// starts a thread.
pub fn connection_cap(wanted: usize) -> usize {
    let cap = match raise_limit() {
        Some(soft) => {
            let room = soft.saturating_sub(SPARE).max(1);
            wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
        }
        None => wanted,
    };
    grow_table(cap.saturating_add(SPARE as usize));
    cap
}

/// Grows the process's table of open files to hold `needed` descriptors at once. The
/// table starts small and doubles as it fills, and in a Linux process of several threads
/// each doubling waits for the kernel to be sure that no thread still reads the old table
/// (an RCU grace period, milliseconds), while every other descriptor of the process, a
/// connect or an accept, waits behind it. A process of one thread grows it without that
/// wait, so call this first thing, before a thread starts; later, it still pays the wait
/// once, before a clock starts, instead of once per doubling in the middle of a run. (A
/// descriptor duplicated at `needed - 1` or above, then closed: the table keeps its
/// size.)
pub fn grow_table(needed: usize) {
    #[cfg(unix)]
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let highest = rustix::fd::RawFd::try_from(needed.saturating_sub(1));
        let _ = highest.map(|fd| rustix::io::fcntl_dupfd_cloexec(&null, fd));
    }
    // Windows keeps its handles in a table that grows without such a wait: nothing to do.
    #[cfg(not(unix))]
    let _ = needed;
}
