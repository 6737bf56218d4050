//! The server started in-process on an ephemeral port, for the HTTP and browser tests.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use charindex::InvertedIndex;

/// Starts the server on its own thread and runtime; returns its address. It runs until
/// the test process ends.
pub fn start() -> SocketAddr {
    static INDEX: OnceLock<Arc<InvertedIndex>> = OnceLock::new();
    let index = Arc::clone(INDEX.get_or_init(|| Arc::new(InvertedIndex::new())));
    web_charfinder::serve_in_background(index)
}
