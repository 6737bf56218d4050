//! The claims of the domains lesson, each tested as a user meets it: the programs run as
//! built, against the built-in DNS server on a loopback port (or a silent one, or one that
//! answers every query with a failure or a truncated answer); the library's streams in
//! process, on tokio and on smol. No query leaves the machine: the system resolver is
//! asked about `localhost` only.

mod broken_servers;
mod built_in_server;
mod executor_map;
mod programs;
mod smol;
mod streams;

use std::net::SocketAddr;
use std::process::{Command, Output};

use domains::dns;
use hickory_proto::op::{Message, ResponseCode};

/// The 18 `.dev` names of the keywords of at most four letters.
fn dev_names() -> Vec<String> {
    let names = domains::cli::KWLIST.iter().filter(|kw| kw.len() <= 4);
    names
        .map(|kw| format!("{}.dev", kw.to_lowercase()))
        .collect()
}

fn run(bin: &str, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .output()
        .expect("the program runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A DNS server on a loopback port that answers every query with `code` and no address,
/// with the truncation bit when `truncated` (for the process's life); its address.
fn scripted_server(code: ResponseCode, truncated: bool) -> String {
    answering(move |query| {
        let mut answer = dns::answer(query);
        answer.answers_mut().clear();
        answer.set_response_code(code).set_truncated(truncated);
        vec![answer]
    })
    .to_string()
}

/// A DNS server on a loopback port that sends, to every query, the messages `replies`
/// makes of it, in order (for the process's life); its address.
fn answering(replies: impl Fn(&Message) -> Vec<Message> + Send + 'static) -> SocketAddr {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
    let addr = socket.local_addr().expect("an address");
    std::thread::spawn(move || {
        let mut buf = [0; 512];
        while let Ok((len, peer)) = socket.recv_from(&mut buf) {
            let Ok(query) = Message::from_vec(&buf[..len]) else {
                continue;
            };
            for answer in replies(&query) {
                let _ = socket.send_to(&answer.to_vec().expect("encodes"), peer);
            }
        }
    });
    addr
}
