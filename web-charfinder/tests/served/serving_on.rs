//! Where a web-charfinder server says it serves, for the tests and the bench alike.

use std::net::SocketAddr;

/// The address in `Serving on http://127.0.0.1:PORT/ Hit CTRL-C to stop.`
pub fn serving_on(line: &str) -> Option<SocketAddr> {
    line.strip_prefix("Serving on http://")?
        .split('/')
        .next()?
        .parse()
        .ok()
}
