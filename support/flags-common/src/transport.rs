//! How the clients reach a server: the HTTP version, the proxy, the TLS crypto provider,
//! reading a body with a cap, the answer's head and type, and the check that a flag is a
//! GIF; and [`masked`], a URL printed with its password hidden.

use bytes::Bytes;

use crate::FlagError;

/// The HTTP version the clients speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HttpVersion {
    /// HTTP/1.1 only, as the book's httpx by default.
    #[default]
    Http1,
    /// HTTP/2 from the first byte, over plain TCP (`--http2` with an `http://` URL).
    Http2PriorKnowledge,
    /// HTTP/2 if the server agrees during the TLS handshake (`--http2` with `https://`).
    Http2Negotiated,
}

impl HttpVersion {
    /// The version for `--http2` (or not) and a base URL.
    pub fn for_url(http2: bool, base_url: &str) -> HttpVersion {
        match (http2, base_url.starts_with("https://")) {
            (false, _) => HttpVersion::Http1,
            (true, false) => HttpVersion::Http2PriorKnowledge,
            (true, true) => HttpVersion::Http2Negotiated,
        }
    }
}

/// The proxy the requests to `base_url` go through, from the environment (`http_proxy`,
/// `HTTPS_PROXY`, `ALL_PROXY`...), as school networks set them; never for a server on
/// this machine (the built-in ones), whatever the environment says. `NO_PROXY` is left to
/// reqwest.
pub(crate) fn proxy_for(base_url: &str) -> Option<String> {
    proxy_among(base_url, |name| std::env::var(name).ok())
}

/// [`proxy_for`], with the environment's variables read by `var`. A value reqwest cannot
/// use as a proxy (`:::garbage`) it ignores, and the request goes direct: so it is here,
/// so that an error never blames a proxy that was not used.
fn proxy_among(base_url: &str, var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let url = reqwest::Url::parse(base_url).ok()?;
    let loopback = match url.host()? {
        url::Host::Domain(name) => name == "localhost" || name.ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if loopback {
        return None;
    }
    let names: &[&str] = if url.scheme() == "https" {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"]
    };
    names
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .filter(|proxy| reqwest::Proxy::all(proxy.as_str()).is_ok())
}

/// The body, read as it comes, chunk by chunk, and refused past `max` bytes: a server
/// that sends an endless or huge body costs at most `max` bytes of memory.
pub(crate) async fn read_capped(mut resp: reqwest::Response, max: u64) -> Result<Bytes, FlagError> {
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(FlagError::TooLarge(max));
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await? {
        if (body.len() + chunk.len()) as u64 > max {
            return Err(FlagError::TooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// [`read_capped`] for the blocking client.
pub(crate) fn read_capped_blocking(
    resp: reqwest::blocking::Response,
    max: u64,
) -> Result<Bytes, FlagError> {
    use std::io::Read as _;
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(FlagError::TooLarge(max));
    }
    let mut body = Vec::new();
    // One byte more than allowed tells a body that is too large from one that fits.
    let read = resp.take(max + 1).read_to_end(&mut body);
    match read {
        Ok(_) if body.len() as u64 > max => Err(FlagError::TooLarge(max)),
        Ok(_) => Ok(Bytes::from(body)),
        Err(err) => Err(body_error(err)),
    }
}

/// A failed read of a blocking body, sorted as the async client sorts it: the blocking
/// client wraps its `reqwest::Error` in an `io::Error`, so a body that came too slowly for
/// `--timeout` is `timed out`, not `request failed`.
fn body_error(err: std::io::Error) -> FlagError {
    let timed_out = err.get_ref().is_some_and(|inner| {
        inner
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_timeout)
    });
    if !timed_out {
        return FlagError::Body(err);
    }
    match err
        .into_inner()
        .map(|inner| inner.downcast::<reqwest::Error>())
    {
        Some(Ok(reqwest)) => FlagError::Timeout(*reqwest),
        _ => unreachable!("checked just above: a reqwest::Error that timed out"),
    }
}

/// The longest reason phrase printed, in characters: a server may send kilobytes.
const REASON: usize = 80;

/// The URL, the status and its reason phrase: the one the server sent when it is not the
/// standard one (hyper keeps it aside), so that `418 I'm a Teapot` prints as the book's;
/// past [`REASON`] characters, cut, with `...`.
pub(crate) fn head(
    url: &reqwest::Url,
    status: reqwest::StatusCode,
    extensions: &http::Extensions,
) -> (String, reqwest::StatusCode, String) {
    let reason = extensions
        .get::<hyper::ext::ReasonPhrase>()
        .map(|reason| String::from_utf8_lossy(reason.as_bytes()).into_owned())
        .or_else(|| status.canonical_reason().map(str::to_string))
        .unwrap_or_default();
    let reason = match reason.char_indices().nth(REASON) {
        Some((cut, _)) => format!("{}...", &reason[..cut]),
        None => reason,
    };
    (url.to_string(), status, reason)
}

/// rustls needs a crypto provider chosen once per process; we build it with `ring`.
pub(crate) fn install_crypto_provider() {
    // An error means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The answer's `Content-Type`, or `no type`.
pub(crate) fn content_type(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or("no type".to_string(), |v| {
            v.split(';').next().unwrap_or(v).trim().to_string()
        })
}

/// A `200` for a `.gif` must be a GIF: a captive portal's HTML page or an empty body is
/// an error that says what came back (`not a GIF: text/html, 1.2 KB`), not a flag.
pub(crate) fn expect_gif(
    url: &str,
    status: reqwest::StatusCode,
    content_type: &str,
    content: &[u8],
) -> Result<(), FlagError> {
    let wants_gif = url
        .split(['?', '#'])
        .next()
        .is_some_and(|path| path.ends_with(".gif"));
    if !status.is_success() || !wants_gif || content.starts_with(b"GIF8") {
        return Ok(());
    }
    let size = if content.len() < 1024 {
        format!("{} bytes", content.len())
    } else {
        format!("{:.1} KB", content.len() as f64 / 1024.0)
    };
    Err(FlagError::NotGif(format!("{content_type}, {size}")))
}

/// `url` with its password, if any, replaced by `***`, for printing.
///
/// ```
/// use flags_common::report::masked;
/// assert_eq!(masked("http://ann:secret@host:8001/flags"), "http://ann:***@host:8001/flags");
/// assert_eq!(masked("http://host/flags"), "http://host/flags");
/// ```
pub fn masked(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            let text = parsed.to_string();
            // `Url` adds a slash to a bare host; keep the text as given otherwise.
            if url.ends_with('/') {
                text
            } else {
                text.trim_end_matches('/').to_string()
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_is_named_only_when_it_would_be_used() {
        let env = |value: &'static str| {
            move |name: &str| (name == "http_proxy").then(|| value.to_string())
        };
        let remote = "http://flags.example/flags";
        assert_eq!(
            proxy_among(remote, env("http://127.0.0.1:3128")),
            Some("http://127.0.0.1:3128".into())
        );
        assert_eq!(proxy_among(remote, env(":::garbage")), None);
        assert_eq!(proxy_among(remote, env("")), None);
        assert_eq!(
            proxy_among("http://127.0.0.1:8001/flags", env("http://127.0.0.1:3128")),
            None
        );
    }
}
