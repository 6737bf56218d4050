//! The library's streams in process: completion order, found or not, the system resolver.

use std::collections::HashMap;
use std::time::Duration;

use domains::dns;
use domains::{DomainResult, Resolver, multi_probe, multi_probe_yield, probe};
use futures::StreamExt;

use super::{dev_names, runtime};

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
    // Both streams at once: a name's delay is the same whoever asks.
    let (plain, yielded): (Vec<_>, Vec<_>) = runtime().block_on(async {
        futures::join!(
            multi_probe(&resolver, dev_names()).collect(),
            multi_probe_yield(&resolver, dev_names()).collect()
        )
    });
    for results in [plain, yielded] {
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
