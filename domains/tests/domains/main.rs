//! The claims of the domains lesson, each tested as a user meets it: the programs run as
//! built, against the built-in DNS server on a loopback port (or a silent one, or one that
//! answers every query with a failure or a truncated answer); the library's streams in
//! process. No query leaves the machine: the system resolver is asked about `localhost`
//! only.

mod broken_servers;
mod built_in_server;
mod executor_map;
mod programs;
mod streams;

use std::process::{Command, Output};

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
