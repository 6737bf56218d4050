//! The errors it makes on purpose: seeded 418 teapots and busy 503s.

use flags_server::TEAPOT;

use super::*;

#[test]
fn a_seeded_error_rate_gives_the_same_outcome_per_country_in_any_order() {
    let outcomes = |reverse: bool| {
        let server = start(Config {
            error_rate: 0.25,
            seed: Some(42),
            delay: "0..0.01".parse().expect("valid"),
            ..Config::default()
        });
        let base = server.base_url();
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|c| c.iso_cc).collect();
        if reverse {
            codes.reverse();
        }
        let statuses = runtime().block_on(async {
            let client = client();
            let requests = codes.iter().map(|cc| {
                let url = format!("{base}/{0}/{0}.gif", cc.to_lowercase());
                let client = &client;
                async move { (cc.to_string(), get(client, &url).await.0) }
            });
            let mut statuses = join_all(requests).await;
            statuses.sort();
            statuses
        });
        (statuses, server.stop())
    };
    let (forward, counters) = outcomes(false);
    let (backward, _) = outcomes(true);
    assert_eq!(forward, backward);
    let teapots = forward.iter().filter(|(_, status)| *status == 418).count();
    assert_eq!(teapots as u64, counters.injected_errors);
    // 0.25 of 194 is 48.5: a seed that gave none or nearly all would be a broken draw.
    assert!((25..=75).contains(&teapots), "{teapots} errors");
}

#[test]
fn the_teapot_has_the_reason_phrase_python_sends() {
    let server = start(Config {
        error_rate: 1.0,
        ..Config::default()
    });
    let answer = raw_get(&server, "/flags/br/br.gif");
    assert!(
        answer.starts_with(&format!("HTTP/1.1 418 {TEAPOT}\r\n")),
        "{answer}"
    );
}

#[test]
fn a_busy_server_answers_503_with_retry_after_and_counts_it() {
    let server = start(Config {
        busy_rate: 1.0,
        retry_after: 2,
        ..Config::default()
    });
    let answer = raw_get(&server, "/flags/br/br.gif");
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{answer}"
    );
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("\r\nretry-after: 2\r\n"),
        "{answer}"
    );
    let counters = server.stop();
    assert_eq!((counters.busy, counters.ok), (1, 0));
    assert!(counters.to_string().contains("1 busy (503)"));
}
