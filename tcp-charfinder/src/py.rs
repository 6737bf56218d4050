//! Python's way of printing an address and a string, so that the server's log reads as the
//! book's: `('127.0.0.1', 54321)` and `'cat face'`.

use std::net::SocketAddr;

/// The client's address as Python prints a socket address: `('127.0.0.1', 54321)`.
pub fn py_addr(addr: SocketAddr) -> String {
    format!("('{}', {})", addr.ip(), addr.port())
}

/// A string as Python's `repr` writes it: `'cat face'`, `"it's"`, `'\x00'`.
///
/// ```
/// assert_eq!(tcp_charfinder::py_repr("cat face"), "'cat face'");
/// assert_eq!(tcp_charfinder::py_repr("it's"), "\"it's\"");
/// assert_eq!(tcp_charfinder::py_repr("\0"), r"'\x00'");
/// ```
pub fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
