//! The claims of the domains lesson, each tested as a user meets it: the programs run as
//! built, against the built-in DNS server on a loopback port (or a silent one, or one that
//! answers every query with a failure or a truncated answer); the library's streams in
//! process. No query leaves the machine: the system resolver is asked about `localhost`
//! only.

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use domains::dns::{self, ZONE};
use domains::{DomainResult, Resolver, multi_probe, multi_probe_yield, probe};
use futures::StreamExt;
use hickory_proto::op::{Message, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};

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

/// Checks that `order` follows the server's delays: a name never comes before one whose
/// delay is shorter by more than the scheduling slack.
fn assert_follows_delays(order: &[String], config: &dns::Config) {
    let delay: HashMap<&str, Duration> = order
        .iter()
        .map(|d| (d.as_str(), config.delay_for(d)))
        .collect();
    let slack = Duration::from_millis(40);
    for (i, earlier) in order.iter().enumerate() {
        for later in &order[i + 1..] {
            assert!(
                delay[earlier.as_str()] <= delay[later.as_str()] + slack,
                "{earlier} ({:?}) came before {later} ({:?}): {order:?}",
                delay[earlier.as_str()],
                delay[later.as_str()]
            );
        }
    }
}

#[test]
fn the_completion_order_follows_the_delays_in_both_streams() {
    let config = dns::Config {
        delay: "0..0.6".parse().expect("a delay"),
        seed: Some(7),
        max_pending: dns::MAX_PENDING,
    };
    let server = dns::Server::start(config).expect("the server starts");
    let resolver = Resolver::dns(server.addr(), Duration::from_secs(3));
    let rt = runtime();
    for yielded in [false, true] {
        let results: Vec<_> = rt.block_on(async {
            if yielded {
                multi_probe_yield(&resolver, dev_names()).collect().await
            } else {
                multi_probe(&resolver, dev_names()).collect().await
            }
        });
        let order: Vec<String> = results
            .into_iter()
            .map(|r| r.expect("answered").domain)
            .collect();
        assert_eq!(order.len(), 18);
        assert_ne!(
            order,
            dev_names(),
            "the order of the delays, not of the names"
        );
        assert_follows_delays(&order, &config);
    }
}

#[test]
fn a_name_the_zone_lacks_is_not_found_never_an_error() {
    let server = dns::Server::start(dns::Config {
        delay: "0".parse().expect("a delay"),
        seed: None,
        max_pending: dns::MAX_PENDING,
    })
    .expect("the server starts");
    let resolver = Resolver::dns(server.addr(), Duration::from_secs(3));
    let rt = runtime();
    for (domain, found) in [
        ("def.dev", true),
        ("nosuch.dev", false),
        ("none.dev", false),
    ] {
        let result = rt.block_on(probe(&resolver, domain.to_string()));
        let want = DomainResult {
            domain: domain.to_string(),
            found,
        };
        assert_eq!(result, Ok(want));
    }
}

#[test]
fn the_system_resolver_finds_localhost() {
    let result = runtime().block_on(probe(&Resolver::System, "localhost".to_string()));
    assert_eq!(result.map(|r| r.found), Ok(true));
}

#[test]
fn domaincheck_prints_every_name_once_in_its_column() {
    let out = run(
        env!("CARGO_BIN_EXE_domaincheck"),
        &["dev", "--delay", "0..0.05"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("FOUND\t\tNOT FOUND"));
    assert_eq!(lines.next(), Some("=====\t\t========="));
    let mut found = BTreeSet::new();
    let mut missing = BTreeSet::new();
    for line in lines {
        let fresh = match line.strip_prefix("\t\t") {
            Some(name) => missing.insert(name.to_string()),
            None => found.insert(line.to_string()),
        };
        assert!(fresh, "{line} twice: {stdout}");
    }
    let in_zone = |d: &String| ZONE.contains(&d.as_str());
    let (want_found, want_missing): (BTreeSet<String>, BTreeSet<String>) =
        dev_names().into_iter().partition(in_zone);
    assert_eq!((found, missing), (want_found, want_missing));
}

#[test]
fn blogdom_marks_the_names_that_exist() {
    let out = run(env!("CARGO_BIN_EXE_blogdom"), &["--delay", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed: BTreeSet<String> = text(&out.stdout).lines().map(str::to_string).collect();
    let want: BTreeSet<String> = dev_names()
        .into_iter()
        .map(|d| format!("{} {d}", if ZONE.contains(&d.as_str()) { '+' } else { ' ' }))
        .collect();
    assert_eq!(printed, want);
}

#[test]
fn a_silent_dns_server_gives_a_timeout_per_name_not_a_hang() {
    // A server that takes the queries and never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
    let addr = silent.local_addr().expect("an address").to_string();
    let t0 = Instant::now();
    let out = run(
        env!("CARGO_BIN_EXE_domaincheck"),
        &["dev", "--dns", &addr, "--timeout", "0.2"],
    );
    assert!(t0.elapsed() < Duration::from_secs(20), "it did not hang");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for name in dev_names() {
        let line =
            format!("domaincheck: {name}: no answer from the DNS server at {addr} within 0.2 s");
        assert_eq!(stderr.lines().filter(|l| *l == line).count(), 1, "{stderr}");
    }
    assert_eq!(
        text(&out.stdout),
        "FOUND\t\tNOT FOUND\n=====\t\t=========\n"
    );
    // One query per name, no hidden retry: what the line says is the whole wait.
    silent.set_nonblocking(true).expect("non-blocking");
    let mut buf = [0; 512];
    let mut queries = 0;
    while silent.recv_from(&mut buf).is_ok() {
        queries += 1;
    }
    assert_eq!(queries, dev_names().len());
}

/// A DNS server on a loopback port that answers every query with `code` and no address,
/// with the truncation bit when `truncated` (for the process's life); its address.
fn scripted_server(code: ResponseCode, truncated: bool) -> String {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
    let addr = socket.local_addr().expect("an address").to_string();
    std::thread::spawn(move || {
        let mut buf = [0; 512];
        while let Ok((len, peer)) = socket.recv_from(&mut buf) {
            let Ok(query) = Message::from_vec(&buf[..len]) else {
                continue;
            };
            let mut answer = dns::answer(&query);
            answer.answers_mut().clear();
            answer.set_response_code(code).set_truncated(truncated);
            let _ = socket.send_to(&answer.to_vec().expect("encodes"), peer);
        }
    });
    addr
}

#[test]
fn a_server_that_fails_or_refuses_is_an_error_named_never_not_found() {
    for (code, name) in [
        (ResponseCode::ServFail, "SERVFAIL"),
        (ResponseCode::Refused, "REFUSED"),
        (ResponseCode::NotImp, "NOTIMP"),
    ] {
        let addr = scripted_server(code, false);
        let out = run(
            env!("CARGO_BIN_EXE_domaincheck"),
            &["dev", "--dns", &addr, "--timeout", "2"],
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = text(&out.stderr);
        for domain in dev_names() {
            let line = format!("domaincheck: {domain}: the DNS server at {addr} answered {name}");
            assert_eq!(stderr.lines().filter(|l| *l == line).count(), 1, "{stderr}");
        }
        assert_eq!(
            text(&out.stdout),
            "FOUND\t\tNOT FOUND\n=====\t\t=========\n",
            "{name}: no name is said to be found or not"
        );
    }
}

#[test]
fn a_truncated_answer_is_an_error_never_not_found() {
    let addr = scripted_server(ResponseCode::NoError, true);
    let out = run(
        env!("CARGO_BIN_EXE_domaincheck"),
        &["dev", "--dns", &addr, "--timeout", "2"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for domain in dev_names() {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("domaincheck: {domain}: ")))
            .unwrap_or_else(|| panic!("no line for {domain}: {stderr}"));
        assert!(line.ends_with("received truncated response"), "{line}");
    }
    assert_eq!(
        text(&out.stdout),
        "FOUND\t\tNOT FOUND\n=====\t\t=========\n"
    );
}

/// Sends `message` to `server` from a fresh socket; the answer, if one comes in 300 ms.
fn ask(server: std::net::SocketAddr, message: &Message) -> Option<Message> {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
    socket
        .set_read_timeout(Some(Duration::from_millis(300)))
        .expect("a timeout");
    socket
        .send_to(&message.to_vec().expect("encodes"), server)
        .expect("sent");
    let mut buf = [0; 512];
    let (len, _) = socket.recv_from(&mut buf).ok()?;
    Some(Message::from_vec(&buf[..len]).expect("a DNS message"))
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
    assert!(
        ask(server.addr(), &answered).is_none(),
        "an answer is not answered"
    );
    let mut update = query("def.dev.");
    update.set_op_code(OpCode::Update);
    assert!(
        ask(server.addr(), &update).is_none(),
        "an UPDATE is not answered"
    );
}

#[test]
fn past_its_pending_answers_the_built_in_server_says_servfail_at_once() {
    let server = dns::Server::start(dns::Config {
        delay: "3600".parse().expect("a delay"),
        seed: None,
        max_pending: 3,
    })
    .expect("the server starts");
    // Three queries wait their hour; the fourth is answered at once, SERVFAIL.
    for _ in 0..3 {
        assert!(ask(server.addr(), &query("def.dev.")).is_none());
    }
    let fourth = ask(server.addr(), &query("def.dev.")).expect("an answer at once");
    assert_eq!(fourth.response_code(), ResponseCode::ServFail);
    assert!(fourth.answers().is_empty());
}

#[test]
fn bad_arguments_are_usage_errors() {
    let bin = env!("CARGO_BIN_EXE_domaincheck");
    let out = run(bin, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "Please provide a TLD. Example: domaincheck COM.BR\n"
    );
    for (args, says) in [
        (&["de v"][..], "must be a domain such as dev or com.br"),
        (&[".."], "must be a domain such as dev or com.br"),
        (&["-"], "must be a domain such as dev or com.br"),
        (&["dev", "--dns", "127.0.0.1:0"], "needs a port"),
        (
            &["dev", "--dns", "192.0.2.1:53"],
            "must be a loopback address",
        ),
        (&["dev", "--timeout", "0"], "seconds from 0.01 to 60"),
        (&["dev", "--delay=-1"], "delay must be SECONDS or MIN..MAX"),
        (&["dev", "--system", "--seed", "1"], "cannot be used with"),
        (&["dev", "--frobnicate"], "unexpected argument"),
    ] {
        let out = run(bin, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(says),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?} ran anyway");
    }
}

#[test]
fn executor_map_gives_the_results_in_submission_order() {
    let out = run(env!("CARGO_BIN_EXE_executor-map"), &["--unit", "0.1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Each line: `[HH:MM:SS] text`.
    let lines: Vec<&str> = stdout.lines().map(|l| &l[11..]).collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| panic!("no {line:?} in {stdout}"))
    };
    assert_eq!(lines[0], "Script starting.");
    let results: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("result "))
        .collect();
    assert_eq!(
        results,
        [
            "result 0: 0",
            "result 1: 10",
            "result 2: 20",
            "result 3: 30",
            "result 4: 40"
        ]
    );
    assert!(at("Waiting for individual results:") < at("result 0: 0"));
    assert!(lines.iter().any(|l| l.starts_with("results: ")), "{stdout}");
    // loiter(3) and loiter(4) waited for a thread: each started after a job ended.
    assert!(at("\t\t\tloiter(3): doing nothing for 0.3s...") > at("loiter(0): done."));
    assert!(at("\t\t\t\tloiter(4): doing nothing for 0.4s...") > at("\tloiter(1): done."));
    // Result 4 is printed after loiter(4) is done, however early the others were.
    assert!(at("result 4: 40") > at("\t\t\t\tloiter(4): done."));
}

#[test]
fn executor_map_completed_gives_them_as_they_finish() {
    let out = run(
        env!("CARGO_BIN_EXE_executor-map"),
        &["--unit", "0.1", "--completed"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let finished: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l[11..].strip_prefix("result of "))
        .collect();
    assert_eq!(
        finished,
        [
            "loiter(0): 0",
            "loiter(1): 10",
            "loiter(2): 20",
            "loiter(3): 30",
            "loiter(4): 40"
        ]
    );
}
