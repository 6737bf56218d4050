//! The server started in-process on an ephemeral port, for the HTTP and browser tests.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use charindex::InvertedIndex;

/// Starts the server on its own thread and runtime; returns its address. It runs until
/// the test process ends.
pub fn start() -> SocketAddr {
    static INDEX: OnceLock<Arc<InvertedIndex>> = OnceLock::new();
    let index = Arc::clone(INDEX.get_or_init(|| Arc::new(InvertedIndex::new())));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            tx.send(listener.local_addr().expect("an address"))
                .expect("sent");
            axum::serve(listener, web_charfinder::app(index))
                .await
                .expect("serves");
        });
    });
    rx.recv().expect("the server listens")
}
