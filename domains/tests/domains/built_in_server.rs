//! The built-in DNS server: it answers queries only, and SERVFAIL when too many are pending.

use std::time::{Duration, Instant};

use domains::dns;
use hickory_proto::op::{Message, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};

/// Sends each message to `server` from a fresh socket of its own, in order; then the
/// answer each got, if one came within 300 ms of the last being sent. (One wait for all:
/// a test of silence waits once, not once per message.)
fn ask_all(server: std::net::SocketAddr, messages: &[&Message]) -> Vec<Option<Message>> {
    let sockets: Vec<std::net::UdpSocket> = messages
        .iter()
        .map(|message| {
            let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
            socket
                .send_to(&message.to_vec().expect("encodes"), server)
                .expect("sent");
            socket
        })
        .collect();
    let deadline = Instant::now() + Duration::from_millis(300);
    sockets
        .iter()
        .map(|socket| {
            let left = deadline.saturating_duration_since(Instant::now());
            socket
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .expect("a timeout");
            let mut buf = [0; 512];
            let (len, _) = socket.recv_from(&mut buf).ok()?;
            Some(Message::from_vec(&buf[..len]).expect("a DNS message"))
        })
        .collect()
}

/// Sends `message` to `server` from a fresh socket; the answer, if one comes in 300 ms.
fn ask(server: std::net::SocketAddr, message: &Message) -> Option<Message> {
    ask_all(server, &[message]).pop().flatten()
}

/// A query for `name`'s IPv4 address.
fn query(name: &str) -> Message {
    let mut message = Message::new();
    message.set_id(7).add_query(Query::query(
        Name::from_ascii(name).expect("a name"),
        RecordType::A,
    ));
    message
}

#[test]
fn the_built_in_server_answers_queries_only() {
    let server = dns::Server::start(dns::Config {
        delay: "0".parse().expect("a delay"),
        seed: None,
        max_pending: dns::MAX_PENDING,
    })
    .expect("the server starts");
    let answered = ask(server.addr(), &query("def.dev.")).expect("a query is answered");
    assert_eq!(answered.answers().len(), 1);
    // An answer sent to it (a spoofed one would start two servers talking for ever), and
    // a query of another kind: dropped.
    let mut update = query("def.dev.");
    update.set_op_code(OpCode::Update);
    let [to_answer, to_update] = ask_all(server.addr(), &[&answered, &update])
        .try_into()
        .expect("two");
    assert!(to_answer.is_none(), "an answer is not answered");
    assert!(to_update.is_none(), "an UPDATE is not answered");
}

#[test]
fn past_its_pending_answers_the_built_in_server_says_servfail_at_once() {
    let server = dns::Server::start(dns::Config {
        delay: "3600".parse().expect("a delay"),
        seed: None,
        max_pending: 3,
    })
    .expect("the server starts");
    // Three queries wait their hour; the fourth, sent after them, is answered at once,
    // SERVFAIL.
    let def = query("def.dev.");
    let mut answers = ask_all(server.addr(), &[&def, &def, &def, &def]);
    let fourth = answers.pop().flatten().expect("an answer at once");
    assert!(answers.iter().all(Option::is_none), "{answers:?}");
    assert_eq!(fourth.response_code(), ResponseCode::ServFail);
    assert!(fourth.answers().is_empty());
}
