//! web-charfinder-blocking: the book's `web_mojifinder_bottle.py`, the page and the search
//! of `web-charfinder` (the same answers) served as bottle's development server serves
//! them: one thread, one client at a time.
//!
//! The idea to notice: a blocking server waits where its client waits. While it reads one
//! request, every other client waits, connected and unanswered; a client that sends its
//! request a byte a second holds them all, here until its `--request-timeout` (10 s) runs
//! out and it is closed unanswered. One thread, as bottle's server has, and not a pool:
//! a pool of N threads only moves the limit to N slow clients. `web-charfinder` waits for
//! each client on a task of its own and answers the others meanwhile;
//! `cargo bench -p web-charfinder` measures the difference.
//!
//! This file has the book's code: the routes and the JSON. What bottle's `run` does (the
//! command line, the serving loop, the deadlines, Ctrl-C) is `web_charfinder::blocking`.
//!
//! Run it: `cargo run -p web-charfinder --bin web-charfinder-blocking` (or `-- --port 8080`)

use std::process::ExitCode;

use charindex::InvertedIndex;
use web_charfinder::blocking::{self, Answer, Options, Request};
use web_charfinder::{CharName, MAX_QUERY};

/// The book's `form()`: the search page, web-charfinder's own.
fn form() -> Answer {
    Answer::html(include_str!("../page.html"))
}

/// The book's `search()`: the characters whose names hold every word, in code-point order,
/// as the JSON list `[{"char": "😸", "name": "GRINNING CAT FACE ..."}, ...]`.
fn search(index: &InvertedIndex, request: &Request) -> Answer {
    // bottle's `request.query['q']` fails without a `q` (a 500); here, as in
    // web-charfinder, a missing `q` finds nothing, and so does one too long.
    let query = request
        .query("q")
        .filter(|q| q.chars().count() <= MAX_QUERY);
    let chars = index.search(&query.unwrap_or_default());
    let results: Vec<CharName> = chars
        .into_iter()
        .map(|char| CharName {
            char: char.to_string(),
            name: charindex::name(char).unwrap_or_default().to_string(),
        })
        .collect();
    // Built whole, as bottle's `json.dumps`: one client at a time holds one answer.
    Answer::json(serde_json::to_vec(&results).expect("a list of strings serialises"))
}

fn main() -> ExitCode {
    let options: Options = program::parse();
    // The log, here and in `init`, goes through `say`: a closed stdout (`| head -1`)
    // never stops the serving.
    let index = web_charfinder::init();
    // bottle's `@route` decorators: the path chooses the function. Each call runs on this
    // thread, and returns before the next client is read.
    let served = blocking::run(&options, |request| match request.path.as_str() {
        "/" => form(),
        "/search" => search(&index, request),
        _ => Answer::not_found(),
    });
    if let Err(err) = served {
        eprintln!(
            "web-charfinder-blocking: cannot serve on {}: {err}",
            options.addr()
        );
        return ExitCode::FAILURE;
    }
    // The index is the process's until it ends: the system takes it back at once, where
    // dropping it would free its hundreds of thousands of allocations one by one.
    std::mem::forget(index);
    ExitCode::SUCCESS
}
