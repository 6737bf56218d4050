//! web-charfinder as its clients meet it, in one test binary (its tests run side by side):
//! the routes over HTTP ([`http`]), bad clients each bounded ([`limits`]), and the search
//! page in a real headless browser: type a query, see the results, no reload (here).
//! [`support`] starts the server in-process. Beside it, the blocking server of the bottle
//! lesson, its binary started by each test ([`blocking`]).
//!
//! The browser test needs Node.js, Chromium and the npm package playwright-core in
//! `target/browser-test/node_modules` (`.ci/run` installs all three); without them it is
//! counted as ignored and says why (`flags_testing::needs`).

mod blocking;
mod http;
mod limits;
mod serving_on;
mod support;

use std::path::Path;
use std::process::{Command, ExitCode};

use flags_testing::needs;

fn main() -> ExitCode {
    needs::run_needing(&[
        (
            None,
            &[
                (
                    "search_answers_the_books_json_in_code_point_order",
                    http::search_answers_the_books_json_in_code_point_order,
                ),
                (
                    "empty_long_and_missing_queries_find_nothing_and_the_page_is_html",
                    http::empty_long_and_missing_queries_find_nothing_and_the_page_is_html,
                ),
                (
                    "a_query_matching_tens_of_thousands_of_characters_is_answered_whole",
                    http::a_query_matching_tens_of_thousands_of_characters_is_answered_whole,
                ),
                (
                    "a_silent_connection_is_closed_when_idle",
                    limits::a_silent_connection_is_closed_when_idle,
                ),
                (
                    "headers_sent_a_byte_at_a_time_are_cut_off",
                    limits::headers_sent_a_byte_at_a_time_are_cut_off,
                ),
                (
                    "a_client_that_stops_reading_a_huge_answer_is_closed_when_idle",
                    limits::a_client_that_stops_reading_a_huge_answer_is_closed_when_idle,
                ),
                (
                    "past_the_cap_a_newcomer_is_told_the_server_is_busy",
                    limits::past_the_cap_a_newcomer_is_told_the_server_is_busy,
                ),
                (
                    "http2_streams_and_answers_under_way_are_capped_and_cost_little_memory",
                    limits::http2_streams_and_answers_under_way_are_capped_and_cost_little_memory,
                ),
                (
                    "blocking_gives_the_async_servers_page_and_json",
                    blocking::blocking_gives_the_async_servers_page_and_json,
                ),
                (
                    "blocking_reads_a_head_typed_into_nc_and_refuses_bad_ones",
                    blocking::blocking_reads_a_head_typed_into_nc_and_refuses_bad_ones,
                ),
                (
                    "blocking_cuts_off_a_slow_client_while_the_next_one_waits",
                    blocking::blocking_cuts_off_a_slow_client_while_the_next_one_waits,
                ),
                #[cfg(unix)] // `kill` sends Ctrl-C's signal; Windows has no such thing to send.
                (
                    "blocking_stops_on_ctrl_c_at_once_when_idle_and_at_a_second_when_held",
                    blocking::blocking_stops_on_ctrl_c_at_once_when_idle_and_at_a_second_when_held,
                ),
            ],
        ),
        (
            needs::browser_missing(),
            &[(
                "typing_in_the_page_shows_the_results_without_reloading",
                typing_in_the_page_shows_the_results_without_reloading,
            )],
        ),
    ])
}

fn typing_in_the_page_shows_the_results_without_reloading() {
    let folder = needs::browser_folder();
    let addr = support::start();
    let screenshot = folder.join("web-charfinder.png");
    // An ES module finds its imports in the node_modules beside it: run a copy from there.
    let script = folder.join("web-charfinder.mjs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/served/browser.mjs"),
        &script,
    )
    .expect("the script is copied");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://{addr}/"))
        .arg(&screenshot)
        .current_dir(&folder)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "3 found",
            "U+1F638😸GRINNING CAT FACE WITH SMILING EYES",
            "U+1F63A😺SMILING CAT FACE WITH OPEN MOUTH",
            "U+1F63B😻SMILING CAT FACE WITH HEART-SHAPED EYES",
        ]
    );
    // The page did not navigate: typing is answered by fetch, not by a form submission.
    assert_eq!(lines[4], format!("url after typing: http://{addr}/"));
    assert!(screenshot.exists());
}
