//! The built-in DNS server, so that the lesson runs offline and its results do not depend
//! on the Internet's: it answers on a loopback UDP port from a small zone of made-up names
//! ([`ZONE`]), every other name `NXDOMAIN` (no such domain), each answer after a delay
//! drawn per name (`--delay`, as the flags server's), so that a class sees the completion
//! order follow the delays. With `--seed`, every name keeps its delay from run to run.
//!
//! The messages are read and written by hickory-proto (the DNS wire format is not the
//! lesson); the server is a loop over one UDP socket, each answer sent by a task of its
//! own after its delay. It answers queries only (a datagram that is itself an answer, or
//! any other kind of message, is dropped: two servers must not talk to each other for
//! ever), and holds at most [`Config::max_pending`] answers waiting for their delay.

use std::hash::{Hash, Hasher};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use delay::Delay;
use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::A;
use hickory_proto::rr::{RData, Record, RecordType};
use tokio::net::UdpSocket;
use tokio::sync::Semaphore;

/// The names that exist, made up for the lesson (not the real DNS's): of the keywords of
/// at most four letters, most have a `.dev` and a `.com`, fewer an `.org` or a `.com.br`.
pub const ZONE: &[&str] = &[
    "and.dev",
    "as.dev",
    "def.dev",
    "del.dev",
    "elif.dev",
    "for.dev",
    "from.dev",
    "if.dev",
    "in.dev",
    "is.dev",
    "not.dev",
    "or.dev",
    "pass.dev",
    "try.dev",
    "with.dev",
    "and.com",
    "as.com",
    "def.com",
    "del.com",
    "elif.com",
    "else.com",
    "for.com",
    "from.com",
    "if.com",
    "in.com",
    "is.com",
    "none.com",
    "not.com",
    "or.com",
    "pass.com",
    "true.com",
    "try.com",
    "with.com",
    "def.org",
    "for.org",
    "if.org",
    "not.org",
    "pass.org",
    "with.org",
    "as.com.br",
    "for.com.br",
    "in.com.br",
    "is.com.br",
    "pass.com.br",
];

/// How the server answers.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The wait before each answer: fixed, or drawn per name from a range.
    pub delay: Delay,
    /// Draws every name's delay the same way on every run.
    pub seed: Option<u64>,
    /// How many answers may wait for their delay at once ([`MAX_PENDING`] for the lesson).
    pub max_pending: usize,
}

impl Config {
    /// The wait before the answer about `name` (lower case, without the final dot).
    pub fn delay_for(&self, name: &str) -> Duration {
        let draw = match self.seed {
            Some(seed) => {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                (seed, name).hash(&mut hasher);
                fastrand::Rng::with_seed(hasher.finish()).f64()
            }
            None => fastrand::f64(),
        };
        self.delay.pick(draw)
    }
}

/// The answer to `query`: `127.0.0.1` for a name of the zone asked for its IPv4 address,
/// no address (but no error) for another type, `NXDOMAIN` for a name not in the zone.
pub fn answer(query: &Message) -> Message {
    let mut response = Message::new();
    response
        .set_id(query.id())
        .set_message_type(MessageType::Response)
        .set_op_code(query.op_code())
        .set_recursion_desired(query.recursion_desired())
        .set_recursion_available(true)
        .set_authoritative(true);
    response.add_queries(query.queries().to_vec());
    for question in query.queries() {
        if !ZONE.contains(&plain(question.name()).as_str()) {
            response.set_response_code(ResponseCode::NXDomain);
        } else if question.query_type() == RecordType::A {
            let address = RData::A(A(Ipv4Addr::LOCALHOST));
            response.add_answer(Record::from_rdata(question.name().clone(), 60, address));
        }
    }
    response
}

/// The answers a server holds while they wait for their delay ([`Config::max_pending`]);
/// a query past them is answered SERVFAIL at once, so that a flood of queries under a
/// long `--delay` costs a bounded amount of memory.
pub const MAX_PENDING: usize = 10_000;

/// Whether a message asks a question this server answers: a query (not a response), of
/// the standard kind, with a question.
fn is_query(message: &Message) -> bool {
    message.message_type() == MessageType::Query
        && message.op_code() == OpCode::Query
        && !message.queries().is_empty()
}

/// `Def.Dev.` as `def.dev`.
fn plain(name: &hickory_proto::rr::Name) -> String {
    name.to_ascii().trim_end_matches('.').to_ascii_lowercase()
}

/// A running server, on a thread and runtime of its own (serving::ServerThread, as the
/// flags server's), so that the lesson's runtime runs only the lesson. Dropping it stops it.
#[derive(Debug)]
pub struct Server(serving::ServerThread);

impl Server {
    /// Starts a server on a free loopback UDP port.
    pub fn start(config: Config) -> io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = serving::ServerThread::start("dns-server", runtime, move || async move {
            let socket = Arc::new(UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await?);
            let addr = socket.local_addr()?;
            Ok::<_, io::Error>((addr, serve(socket, config)))
        })?;
        Ok(Server(thread))
    }

    /// The address to send queries to.
    pub fn addr(&self) -> SocketAddr {
        self.0.addr()
    }
}

/// Answers every query on `socket`, each after its name's delay; a datagram that is not a
/// DNS query is dropped, and never stops the others.
async fn serve(socket: Arc<UdpSocket>, config: Config) {
    let pending = Arc::new(Semaphore::new(config.max_pending));
    let mut buf = vec![0; 4096];
    loop {
        let Ok((len, peer)) = socket.recv_from(&mut buf).await else {
            continue;
        };
        let Ok(query) = Message::from_vec(&buf[..len]) else {
            continue;
        };
        if !is_query(&query) {
            continue;
        }
        // A seat among the answers waiting for their delay, given back when one is sent.
        let Ok(seat) = Arc::clone(&pending).try_acquire_owned() else {
            let mut busy = answer(&query);
            busy.answers_mut().clear();
            busy.set_response_code(ResponseCode::ServFail);
            if let Ok(bytes) = busy.to_vec() {
                let _ = socket.send_to(&bytes, peer).await;
            }
            continue;
        };
        let delay = config.delay_for(&plain(query.queries()[0].name()));
        let socket = Arc::clone(&socket);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Ok(bytes) = answer(&query).to_vec() {
                let _ = socket.send_to(&bytes, peer).await;
            }
            drop(seat);
        });
    }
}
