//! One connection of the blocking server: its request's head read by a deadline, its
//! request line parsed, its answer written whole by a deadline, then closed.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The longest request head read (request line and headers, 8 KiB): a longer one is
/// answered `431 Request Header Fields Too Large`.
pub const MAX_HEAD: usize = 8 * 1024;

/// A request, as far as the routes need it.
#[derive(Debug)]
pub struct Request {
    /// `GET` or `HEAD`: any other method is answered `405` before the routes see it.
    pub method: String,
    /// The path before any `?`, as sent: `/search`.
    pub path: String,
    /// What follows the `?`, as sent: `q=cat%20smiling`.
    pub query_string: String,
}

impl Request {
    /// Reads the request line, `GET /search?q=cat HTTP/1.1`, the first line of `head`;
    /// `None` when it is not one. The headers that follow are not needed.
    fn parse(head: &[u8]) -> Option<Request> {
        let line = head.split(|&byte| byte == b'\n').next()?;
        let line = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
        let mut words = line.split(' ');
        let (method, target, version) = (words.next()?, words.next()?, words.next()?);
        if words.next().is_some() || !version.starts_with("HTTP/1.") || !target.starts_with('/') {
            return None;
        }
        let (path, query_string) = target.split_once('?').unwrap_or((target, ""));
        Some(Request {
            method: method.to_string(),
            path: path.to_string(),
            query_string: query_string.to_string(),
        })
    }

    /// bottle's `request.query['q']`: the first value of `name` in the query string,
    /// percent-decoded and with `+` read as a space, as axum's `Query` reads it; `None`
    /// when the query string has no `name`.
    pub fn query(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query_string.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }
}

/// An answer, sent whole with its length; then the connection closes.
#[derive(Debug)]
pub struct Answer {
    status: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

impl Answer {
    /// `200 OK` with a page, `text/html; charset=utf-8` as axum's `Html` says.
    pub fn html(page: &str) -> Answer {
        Answer {
            status: "200 OK",
            content_type: Some("text/html; charset=utf-8"),
            body: page.as_bytes().to_vec(),
        }
    }

    /// `200 OK` with JSON, `application/json` as web-charfinder's search says.
    pub fn json(body: Vec<u8>) -> Answer {
        Answer {
            status: "200 OK",
            content_type: Some("application/json"),
            body,
        }
    }

    /// `404 Not Found` with no body, as axum answers a path that no route has.
    pub fn not_found() -> Answer {
        Answer::empty("404 Not Found")
    }

    fn empty(status: &'static str) -> Answer {
        Answer {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }

    /// The bytes sent: the head, then the body unless the request was a `HEAD`.
    fn to_bytes(&self, with_body: bool) -> Vec<u8> {
        let content_type = self
            .content_type
            .map_or_else(String::new, |t| format!("content-type: {t}\r\n"));
        let mut bytes = format!(
            "HTTP/1.1 {}\r\n{content_type}content-length: {}\r\nconnection: close\r\n\r\n",
            self.status,
            self.body.len()
        )
        .into_bytes();
        if with_body {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// Reads one request from `stream` and answers it with `route`, each by its deadline;
/// dropping the stream then closes the connection, as the answer's `connection: close`
/// says (HTTP/1.0's one request a connection, as bottle's server does).
pub(super) fn answer_one(
    mut stream: TcpStream,
    timeout: Duration,
    route: &impl Fn(&Request) -> Answer,
) {
    let (answer, with_body) = match read_head(&mut stream, Instant::now() + timeout) {
        Ok(Some(head)) => match Request::parse(&head) {
            Some(request) if request.method == "GET" || request.method == "HEAD" => {
                (route(&request), request.method == "GET")
            }
            Some(_) => (Answer::empty("405 Method Not Allowed"), true),
            None => (Answer::empty("400 Bad Request"), true),
        },
        Ok(None) => (Answer::empty("431 Request Header Fields Too Large"), true),
        // Too slow, gone, or failed: closed with no answer, and the next client's turn
        // comes.
        Err(_) => return,
    };
    // A client that does not read its answer is given up on at its deadline, as one that
    // does not send.
    let deadline = Instant::now() + timeout;
    if write_by(&mut stream, &answer.to_bytes(with_body), deadline).is_ok() {
        // Closing a socket with bytes unread (a head past MAX_HEAD, a body, a second
        // request) resets the connection, and the client may lose the answer: the end of
        // the answer is said first, and what the client still sends is read and dropped
        // until it closes too, for at most a second of its deadline.
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let until = deadline.min(Instant::now() + Duration::from_secs(1));
        let mut rest = [0; 4096];
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match stream.read(&mut rest) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
}

/// Reads up to the blank line that ends a request's head, by `deadline`: the head, or
/// `None` once [`MAX_HEAD`] bytes have come without it; an error when the deadline passes
/// or the client goes.
fn read_head(stream: &mut TcpStream, deadline: Instant) -> io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    let mut buf = [0; 1024];
    loop {
        let room = (MAX_HEAD - head.len()).min(buf.len());
        if room == 0 {
            return Ok(None);
        }
        // Each read waits at most what is left until the deadline: a client that sends a
        // byte a second, each read answered at once, is still cut off at it.
        stream.set_read_timeout(Some(time_left(deadline)?))?;
        let n = match stream.read(&mut buf[..room]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        // The blank line may have begun in the bytes already read: look from 2 before.
        let from = head.len().saturating_sub(2);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head_end(&head, from) {
            head.truncate(end);
            return Ok(Some(head));
        }
    }
}

/// Where a head ends, just past its blank line, looking from `from` on: `\r\n\r\n`, or
/// `\n\n` as `nc` sends lines typed into it (HTTP allows a bare `\n`).
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len()).find_map(|i| {
        if bytes[i] != b'\n' {
            return None;
        }
        match &bytes[i + 1..] {
            [b'\n', ..] => Some(i + 2),
            [b'\r', b'\n', ..] => Some(i + 3),
            _ => None,
        }
    })
}

/// Writes `bytes` by `deadline`, each write waiting at most what is left until it.
fn write_by(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
    while !bytes.is_empty() {
        stream.set_write_timeout(Some(time_left(deadline)?))?;
        match stream.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// What is left until `deadline`; an error once none is (`set_read_timeout` refuses a
/// zero timeout).
fn time_left(deadline: Instant) -> io::Result<Duration> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(io::ErrorKind::TimedOut.into());
    }
    Ok(left)
}
