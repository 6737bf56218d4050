//! DNS servers that never answer, fail or truncate: an error per name, never "not found".

use std::time::{Duration, Instant};

use hickory_proto::op::ResponseCode;

use super::{dev_names, run, scripted_server, text};

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
