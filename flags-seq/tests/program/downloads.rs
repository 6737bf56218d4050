//! flags-seq against the built-in and in-process servers: the book's numbers, the saved
//! files, the verbose lines.

use flags_server::{Config, Server, art, countries};
use flags_testing::{run, tmp};

use crate::BIN;

#[test]
fn a_b_c_finds_43_of_78_and_saves_exactly_what_the_server_serves() {
    let dir = tmp();
    let run = run(BIN, &["-s", "LOCAL", "a", "b", "c"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Searching for 78 flags: from AA to CZ\n")
    );
    assert!(run.stdout.contains("1 connection will be used.\n"));
    assert_eq!(run.counts(), (43, 35, 0));
    assert_eq!(run.server_counters(), (78, 0, 1), "one request at a time");

    let mut saved: Vec<String> = std::fs::read_dir(dir.path().join("downloaded"))
        .expect("downloaded/ exists")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    saved.sort();
    assert_eq!(
        saved.len(),
        43,
        "only the flags, no temporary files: {saved:?}"
    );
    for name in saved {
        let cc = name.strip_suffix(".gif").expect("a .gif");
        let index = countries::COUNTRIES
            .iter()
            .position(|c| c.iso_cc == cc)
            .expect("a real country");
        let bytes = std::fs::read(dir.path().join("downloaded").join(&name)).expect("readable");
        assert_eq!(bytes, art::all_flags()[index], "{name}");
        assert_eq!(&bytes[..6], b"GIF89a");
    }
}

#[test]
fn without_v_a_progress_bar_not_codes_then_the_books_final_report() {
    let dir = tmp();
    let run = run(BIN, &["-s", "LOCAL", "-l", "3"], dir.path());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[1], "Searching for 3 flags: BD, BR, CD");
    // The bar draws on stderr, on a terminal only (tqdm's place); stdout has the report.
    assert_eq!(lines[3], "--------------------");
    assert_eq!(lines[4], "  3 flags downloaded.");
    assert!(lines[5].starts_with("Elapsed time: ") && lines[5].ends_with('s'));
}

#[test]
fn verbose_lines_and_a_url_given_with_s() {
    // An in-process server with a 5 ms delay, named by URL as a user names an external one.
    let server = Server::start(Config {
        delay: "0.005".parse().expect("valid"),
        ..Config::default()
    })
    .expect("server starts");
    let dir = tmp();
    let url = server.base_url();
    let run = run(BIN, &["-v", "-s", &url, "br", "xx"], dir.path());
    assert!(
        run.stdout.starts_with(&format!("URL site: {url}\n")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("BR OK\n"));
    assert!(
        run.stdout
            .contains(&format!("XX not found: {url}/xx/xx.gif\n"))
    );
    assert_eq!(server.counters().requests, 2);
    assert!(dir.path().join("downloaded/BR.gif").exists());
    assert!(!dir.path().join("downloaded/XX.gif").exists());
}
