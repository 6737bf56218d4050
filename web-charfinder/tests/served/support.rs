//! The server started in-process on an ephemeral port, and a plain client, for every test
//! of this binary.

use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

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

/// A blocking connection that gives up reading after 10 s.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    stream
}

/// Reads until the server closes the connection (a reset counts as closed).
pub fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0; 65536];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == ErrorKind::ConnectionReset => return all,
            Err(err) => panic!("the server did not close the connection: {err}"),
        }
    }
}
