//! The same probes on smol: blogdom-smol prints what blogdom prints, and the smol resolver
//! answers as hickory-resolver does for each kind of answer (found, missing, a failure, a
//! truncated answer, none in time), run under async-io's `block_on` with no tokio runtime
//! around it.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use domains::{
    DomainResult, ProbeError, Resolver, SmolResolver, dns, multi_probe, multi_probe_yield, probe,
};
use futures::StreamExt;
use hickory_proto::op::ResponseCode;

use super::{answering, dev_names, run, runtime, scripted_server, text};

/// A program's lines, sorted: its results whatever the order they came in.
fn sorted_lines(bytes: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = text(bytes).lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn blogdom_smol_prints_what_blogdom_prints() {
    let args = ["--seed", "7", "--delay", "0..0.05"];
    let on_tokio = run(env!("CARGO_BIN_EXE_blogdom"), &args);
    let on_smol = run(env!("CARGO_BIN_EXE_blogdom-smol"), &args);
    for out in [&on_tokio, &on_smol] {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "");
    }
    assert_eq!(sorted_lines(&on_smol.stdout).len(), dev_names().len());
    assert_eq!(
        sorted_lines(&on_smol.stdout),
        sorted_lines(&on_tokio.stdout)
    );
}

#[test]
fn blogdom_smol_has_help_and_usage_errors() {
    let bin = env!("CARGO_BIN_EXE_blogdom-smol");
    let help = run(bin, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(
        text(&help.stdout).contains("Usage: blogdom-smol"),
        "{}",
        text(&help.stdout)
    );
    for args in [&["--frobnicate"][..], &["--system", "--seed", "1"]] {
        let out = run(bin, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} ran anyway");
    }
}

/// `domain` probed through the DNS server at `server` by hickory-resolver on a tokio
/// runtime, then by the smol resolver under async-io's `block_on`.
fn probe_both(
    server: SocketAddr,
    timeout: Duration,
    domain: &str,
) -> [Result<DomainResult, ProbeError>; 2] {
    let on_tokio = Resolver::dns(server, timeout);
    let on_smol = SmolResolver::Dns(server, timeout);
    [
        runtime().block_on(probe(&on_tokio, domain.to_string())),
        async_io::block_on(probe(&on_smol, domain.to_string())),
    ]
}

fn built_in_server(delay: &str) -> dns::Server {
    dns::Server::start(dns::Config {
        delay: delay.parse().expect("a delay"),
        seed: Some(7),
        max_pending: dns::MAX_PENDING,
    })
    .expect("the server starts")
}

#[test]
fn the_smol_resolver_finds_and_misses_the_names_hickory_does() {
    let server = built_in_server("0");
    for (domain, found) in [
        ("def.dev", true),
        ("nosuch.dev", false),
        ("none.dev", false),
    ] {
        let want = Ok(DomainResult {
            domain: domain.to_string(),
            found,
        });
        let got = probe_both(server.addr(), Duration::from_secs(2), domain);
        assert_eq!(got, [want.clone(), want], "{domain}");
    }
}

#[test]
fn the_smol_resolver_says_what_hickory_says_of_a_failing_server() {
    let domain = "def.dev".to_string();
    for (code, said) in [
        // NOERROR without an address: the name has none, so not found.
        (ResponseCode::NoError, None),
        (ResponseCode::ServFail, Some("SERVFAIL")),
        (ResponseCode::Refused, Some("REFUSED")),
        (ResponseCode::NotImp, Some("NOTIMP")),
    ] {
        let addr: SocketAddr = scripted_server(code, false).parse().expect("an address");
        let want = match said {
            None => Ok(DomainResult {
                domain: domain.clone(),
                found: false,
            }),
            Some(said) => Err(ProbeError::Failed {
                domain: domain.clone(),
                message: format!("the DNS server at {addr} answered {said}"),
            }),
        };
        let got = probe_both(addr, Duration::from_secs(2), &domain);
        assert_eq!(got, [want.clone(), want], "{code}");
    }
    // A truncated answer says nothing of the name: an error for both, in the same words.
    let addr: SocketAddr = scripted_server(ResponseCode::NoError, true)
        .parse()
        .expect("an address");
    for got in probe_both(addr, Duration::from_secs(2), &domain) {
        match got {
            Err(ProbeError::Failed { message, .. }) => {
                assert!(
                    message.ends_with("received truncated response"),
                    "{message}"
                );
            }
            other => panic!("a truncated answer gave {other:?}"),
        }
    }
}

#[test]
fn the_smol_resolver_times_out_as_hickory_does() {
    // A server that takes the queries and never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("a port");
    let addr = silent.local_addr().expect("an address");
    let timeout = Duration::from_millis(100);
    let want = Err(ProbeError::Timeout {
        domain: "def.dev".to_string(),
        server: addr,
        timeout,
    });
    let t0 = Instant::now();
    assert_eq!(probe_both(addr, timeout, "def.dev"), [want.clone(), want]);
    // Each waited its 100 ms, and neither hung.
    let waited = t0.elapsed();
    assert!(waited >= 2 * timeout, "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn the_smol_resolver_ignores_an_answer_to_another_query() {
    // A server that answers each query twice: first as if to another query (another id,
    // saying the name does not exist), then with the true answer.
    let addr = answering(|query| {
        let mut stray = dns::answer(query);
        stray.answers_mut().clear();
        stray
            .set_id(query.id().wrapping_add(1))
            .set_response_code(ResponseCode::NXDomain);
        vec![stray, dns::answer(query)]
    });
    let resolver = SmolResolver::Dns(addr, Duration::from_secs(2));
    let got = async_io::block_on(probe(&resolver, "def.dev".to_string()));
    let want = DomainResult {
        domain: "def.dev".to_string(),
        found: true,
    };
    assert_eq!(got, Ok(want));
}

#[test]
fn multi_probe_gives_the_same_results_on_smol_as_on_tokio() {
    let server = built_in_server("0..0.05");
    let on_tokio = Resolver::dns(server.addr(), Duration::from_secs(2));
    let on_smol = SmolResolver::Dns(server.addr(), Duration::from_secs(2));
    // The results, sorted: the order of completion may differ by a few milliseconds.
    let sorted = |results: Vec<Result<DomainResult, ProbeError>>| {
        let mut found: Vec<(String, bool)> = results
            .into_iter()
            .map(|r| r.expect("answered"))
            .map(|r| (r.domain, r.found))
            .collect();
        found.sort();
        found
    };
    let want = sorted(runtime().block_on(multi_probe(&on_tokio, dev_names()).collect()));
    assert_eq!(want.len(), dev_names().len());
    let streamed: Vec<_> = async_io::block_on(multi_probe(&on_smol, dev_names()).collect());
    assert_eq!(sorted(streamed), want);
    let yielded: Vec<_> = async_io::block_on(multi_probe_yield(&on_smol, dev_names()).collect());
    assert_eq!(sorted(yielded), want);
}

#[test]
fn the_smol_system_resolver_finds_localhost() {
    let result = async_io::block_on(probe(&SmolResolver::System, "localhost".to_string()));
    assert_eq!(result.map(|r| r.found), Ok(true));
}
