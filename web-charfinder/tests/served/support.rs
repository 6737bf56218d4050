//! The server started in-process on an ephemeral port, for every test of this binary.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use charindex::InvertedIndex;

/// Starts the server on its own thread and runtime; returns its address. It runs until
/// the test process ends.
pub fn start() -> SocketAddr {
    web_charfinder::limits::serve_in_background(index())
}

/// [`start`] within other limits.
pub fn start_within(limits: web_charfinder::limits::Limits) -> SocketAddr {
    web_charfinder::limits::serve_in_background_within(index(), limits)
}

/// The index, built once for every test of a file.
fn index() -> Arc<InvertedIndex> {
    static INDEX: OnceLock<Arc<InvertedIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(InvertedIndex::new())))
}
