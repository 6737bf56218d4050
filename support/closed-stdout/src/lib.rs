//! A closed stdout (`| head -1`, quitting `less`) ends a program quietly, with the status a
//! shell gives a program killed by SIGPIPE (141), instead of a panic's text.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe is an error, and `println!` panics on
//! it. Restoring SIGPIPE's default would end the program at once, as C tools end, but also
//! on a write to a socket its peer closed (hyper writes with `writev`, which has no
//! `MSG_NOSIGNAL`): a client would die of a server hanging up. So the signal stays ignored,
//! and only that one panic is turned into a quiet exit.

/// Installs, for the whole process, a panic hook that exits with status 141 and no text
/// when the panic is `println!` failing on a broken pipe; any other panic goes to the
/// default hook. Call it once, from `main`.
pub fn exit_quietly() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
