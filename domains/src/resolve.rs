//! The two ways a probe asks whether a name exists, behind one call, [`GetAddrInfo::getaddrinfo`]:
//!
//! - the built-in (or another loopback) DNS server, through hickory-resolver, an async DNS
//!   client: the query is a UDP datagram, and the task waits for the answer at an `.await`;
//! - `--system`: the operating system's resolver, through `tokio::net::lookup_host`, which
//!   calls the blocking `getaddrinfo(3)` on tokio's blocking thread pool, as asyncio's
//!   `loop.getaddrinfo` calls it on its default thread pool: name resolution in the C
//!   library blocks, so both event loops hand it to threads.
//!
//! Either way, "no such name" is an answer (`false`), as the book's `socket.gaierror` is;
//! a DNS server that does not answer in time, or answers that it failed (SERVFAIL,
//! REFUSED, NOTIMP), is an error that names the domain: it says nothing of the name.
//!
//! Both need tokio's reactor and thread pool. The probes ask through a trait,
//! [`GetAddrInfo`], so that a resolver built on another runtime's socket and timer
//! ([`crate::smol_resolve`]) runs the same `probe` and `multi_probe`.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::ProtoErrorKind;
use hickory_proto::op::ResponseCode;
use hickory_resolver::config::{
    LookupIpStrategy, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::{ResolveError, TokioResolver};

/// Where probes ask.
#[derive(Clone)]
pub enum Resolver {
    /// The DNS server at this address, through hickory-resolver.
    Dns(Box<TokioResolver>, SocketAddr, Duration),
    /// The operating system's resolver (`getaddrinfo`, on the blocking pool).
    System,
}

/// A probe that got no answer: unlike "no such name", it says nothing of the domain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// The server did not answer within the timeout.
    #[error("{domain}: no answer from the DNS server at {server} within {} s", timeout.as_secs_f64())]
    Timeout {
        domain: String,
        server: SocketAddr,
        timeout: Duration,
    },
    /// The query failed otherwise: the server answered that it failed or refused (SERVFAIL,
    /// REFUSED, NOTIMP), or the socket failed.
    #[error("{domain}: {message}")]
    Failed { domain: String, message: String },
}

impl Resolver {
    /// Asks only the DNS server at `server`, one query per name (no retry, no cache, no
    /// hosts file, IPv4 only: one query, one answer), waiting at most `timeout` for it.
    pub fn dns(server: SocketAddr, timeout: Duration) -> Resolver {
        let servers = vec![NameServerConfig::new(server, Protocol::Udp)];
        let config = ResolverConfig::from_parts(None, vec![], servers);
        let mut options = ResolverOpts::default();
        options.timeout = timeout;
        // hickory's `attempts` counts the tries after the first: none.
        options.attempts = 0;
        options.cache_size = 0;
        options.use_hosts_file = ResolveHosts::Never;
        options.ip_strategy = LookupIpStrategy::Ipv4Only;
        let resolver =
            TokioResolver::builder_with_config(config, TokioConnectionProvider::default())
                .with_options(options)
                .build();
        Resolver::Dns(Box::new(resolver), server, timeout)
    }
}

/// What a probe asks of its event loop: asyncio's `loop.getaddrinfo`, curio's
/// `socket.getaddrinfo`. `probe` and `multi_probe` are written against this trait, so the
/// same async functions run on tokio ([`Resolver`]) and on smol
/// ([`SmolResolver`](crate::smol_resolve::SmolResolver)): only the resolver knows whose
/// socket and timer it uses.
pub trait GetAddrInfo {
    /// `await loop.getaddrinfo(domain, None)`: whether `domain` has an address; an error
    /// only when the probe got no answer. `Send`, so that a multi-threaded executor may
    /// also run the probes.
    fn getaddrinfo(&self, domain: &str) -> impl Future<Output = Result<bool, ProbeError>> + Send;
}

impl GetAddrInfo for Resolver {
    async fn getaddrinfo(&self, domain: &str) -> Result<bool, ProbeError> {
        match self {
            Resolver::Dns(resolver, server, timeout) => match resolver.lookup_ip(domain).await {
                Ok(found) => Ok(found.iter().next().is_some()),
                Err(err) if answered_no(&err) => Ok(false),
                Err(err) if timed_out(&err) => Err(ProbeError::Timeout {
                    domain: domain.to_string(),
                    server: *server,
                    timeout: *timeout,
                }),
                Err(err) => Err(ProbeError::Failed {
                    domain: domain.to_string(),
                    message: match failed_answer(&err) {
                        Some(code) => answered(*server, code),
                        None => err.to_string(),
                    },
                }),
            },
            // Any failure is `socket.gaierror` to the book: not found.
            Resolver::System => Ok(tokio::net::lookup_host((domain, 0))
                .await
                .is_ok_and(|mut addresses| addresses.next().is_some())),
        }
    }
}

/// The server's answer had no address: "no such name" (NXDOMAIN), or the name has none
/// (NOERROR without an answer); the book's `getaddrinfo` says `gaierror` to both.
fn answered_no(err: &ResolveError) -> bool {
    err.proto().is_some_and(|proto| {
        matches!(
            proto.kind(),
            ProtoErrorKind::NoRecordsFound { response_code, .. }
                if matches!(response_code, ResponseCode::NXDomain | ResponseCode::NoError)
        )
    })
}

/// The failure the server answered with (SERVFAIL, REFUSED, NOTIMP...), if it answered
/// with one.
fn failed_answer(err: &ResolveError) -> Option<ResponseCode> {
    match err.proto()?.kind() {
        ProtoErrorKind::NoRecordsFound { response_code, .. } => Some(*response_code),
        _ => None,
    }
}

/// What a probe says of a server that answered that it failed, whichever client read the
/// answer: "the DNS server at 127.0.0.1:5353 answered SERVFAIL".
pub(crate) fn answered(server: SocketAddr, code: ResponseCode) -> String {
    let code = match code {
        ResponseCode::ServFail => "SERVFAIL".into(),
        ResponseCode::Refused => "REFUSED".into(),
        ResponseCode::NotImp => "NOTIMP".into(),
        ResponseCode::FormErr => "FORMERR".into(),
        other => format!("{other} ({})", u16::from(other)),
    };
    format!("the DNS server at {server} answered {code}")
}

fn timed_out(err: &ResolveError) -> bool {
    err.proto()
        .is_some_and(|proto| matches!(proto.kind(), ProtoErrorKind::Timeout))
}
