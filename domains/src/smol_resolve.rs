//! The two resolvers of [`crate::resolve`] again, on smol's parts instead of tokio's, so
//! that the same `probe` and `multi_probe` run under smol's `block_on` (blogdom-smol, the
//! book's `curio/blogdom.py`):
//!
//! - a DNS server at an address: one query per name, written and read by hickory-proto (as
//!   the built-in server's are), sent on async-net's `UdpSocket` and raced against
//!   async-io's `Timer`;
//! - `--system`: the blocking `getaddrinfo` on smol's thread pool (the blocking crate,
//!   through async-net's `resolve`), as curio's `socket.getaddrinfo` runs it on a thread.
//!
//! hickory-resolver cannot serve here: its sockets and its timer are tokio's, which work
//! only inside a tokio runtime. The questions and what their answers mean are those of
//! [`Resolver::dns`](crate::Resolver::dns): one query for the IPv4 address, no retry, no
//! cache; NXDOMAIN, or no address, is "not found"; a failure the server answers, or no
//! answer in time, is a [`ProbeError`] with the same words.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use async_io::Timer;
use async_net::UdpSocket;
use futures_lite::future;
use hickory_proto::op::{Message, MessageType, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};

use crate::resolve::{GetAddrInfo, ProbeError, answered};

/// Where probes ask, on smol.
#[derive(Debug, Clone)]
pub enum SmolResolver {
    /// The DNS server at this loopback address (the built-in one, or `--dns`, which takes
    /// loopback only), each answer awaited at most this long.
    Dns(SocketAddr, Duration),
    /// The operating system's resolver (`getaddrinfo`, on smol's blocking pool).
    System,
}

impl GetAddrInfo for SmolResolver {
    async fn getaddrinfo(&self, domain: &str) -> Result<bool, ProbeError> {
        match self {
            SmolResolver::Dns(server, timeout) => {
                let no_answer = async {
                    // async-io's timer: the reactor that wakes the socket wakes it too.
                    Timer::after(*timeout).await;
                    Err::<bool, _>(ProbeError::Timeout {
                        domain: domain.to_string(),
                        server: *server,
                        timeout: *timeout,
                    })
                };
                // The first of the two to finish; `or` polls the exchange first, so an
                // answer that came with the deadline still counts. The loser is dropped:
                // on a timeout, the exchange and its socket, so a late answer finds the
                // port closed.
                future::or(exchange(domain, *server), no_answer).await
            }
            // `std::net::ToSocketAddrs` on a thread of the blocking crate's pool: the C
            // library's `getaddrinfo` blocks. Any failure is `socket.gaierror` to the
            // book: not found.
            SmolResolver::System => Ok(async_net::resolve((domain, 0))
                .await
                .is_ok_and(|addresses| !addresses.is_empty())),
        }
    }
}

/// One query to `server` for `domain`'s IPv4 address, and what its answer says: whether
/// the name has one. No deadline of its own: the caller races it against a timer.
async fn exchange(domain: &str, server: SocketAddr) -> Result<bool, ProbeError> {
    let failed = |message: String| ProbeError::Failed {
        domain: domain.to_string(),
        message,
    };
    let mut name = Name::from_ascii(domain).map_err(|err| failed(err.to_string()))?;
    // The name as written, under no search domain: `def.dev.`.
    name.set_fqdn(true);
    let id = fastrand::u16(..);
    let mut query = Message::new();
    query
        .set_id(id)
        .set_recursion_desired(true)
        .add_query(Query::query(name, RecordType::A));
    let bytes = query.to_vec().map_err(|err| failed(err.to_string()))?;
    // smol's socket: async-net's `UdpSocket` is registered with async-io's reactor, which
    // async-io's `block_on` drives while it waits (async-io's own thread does under
    // another executor). Bound to loopback, as every server it asks is.
    let local = match server {
        SocketAddr::V4(_) => SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        SocketAddr::V6(_) => SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
    };
    let socket = UdpSocket::bind(local)
        .await
        .map_err(|err| failed(err.to_string()))?;
    socket
        .send_to(&bytes, server)
        .await
        .map_err(|err| failed(err.to_string()))?;
    // A DNS answer over UDP fits in 512 bytes (RFC 1035): the query offers no more (no EDNS).
    let mut buf = [0; 512];
    let reply = loop {
        // Suspends until a datagram comes; the task is woken by the reactor.
        let (len, peer) = socket
            .recv_from(&mut buf)
            .await
            .map_err(|err| failed(err.to_string()))?;
        match Message::from_vec(&buf[..len]) {
            Ok(reply)
                if peer == server
                    && reply.id() == id
                    && reply.message_type() == MessageType::Response =>
            {
                break reply;
            }
            // Not the answer to this query (another sender, another id, not DNS): ignored.
            _ => continue,
        }
    };
    match reply.response_code() {
        ResponseCode::NXDomain => Ok(false),
        // The rest of the answer would come over TCP: this part says nothing of the name.
        ResponseCode::NoError if reply.truncated() => {
            Err(failed("received truncated response".into()))
        }
        ResponseCode::NoError => Ok(reply
            .answers()
            .iter()
            .any(|record| record.record_type() == RecordType::A)),
        code => Err(failed(answered(server, code))),
    }
}
