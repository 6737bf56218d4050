//! Both styles, run as a user runs them: same outcomes, same files, the right stage for
//! each error, and one permit per request.

use flags_server::{Config, Server, art, countries::COUNTRIES};
use flags_testing::{run, tmp};

const BIN: &str = env!("CARGO_BIN_EXE_callbacks-vs-async");

const IDENTICAL: &str = "Identical outcomes for all";

#[test]
fn both_styles_agree_on_the_default_workload_and_save_under_country_names() {
    let dir = tmp();
    let run = run(BIN, &["--delay", "0.02"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{IDENTICAL} 20 countries")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches(" 20 flags downloaded.").count(), 2);
    // Two requests per flag, each under its own permit: 5 at most in flight; one server
    // line per style.
    let served: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("Server: "))
        .collect();
    assert_eq!(served.len(), 2, "{}", run.stdout);
    for line in served {
        assert!(line.starts_with("Server: 40 requests served on "), "{line}");
        assert!(
            line.ends_with(" connections, 0 errors injected, peak 5 in flight."),
            "{line}"
        );
    }
    let china = COUNTRIES.iter().position(|c| c.iso_cc == "CN").expect("CN");
    let saved = std::fs::read(dir.path().join("downloaded/China.gif")).expect("China.gif");
    assert_eq!(saved, art::all_flags()[china]);
    assert!(dir.path().join("downloaded/Congo_(Kinshasa).gif").exists());
}

#[test]
fn all_194_awkward_names_included_save_the_same_way_in_both_styles() {
    let dir = tmp();
    let run = run(BIN, &["-a", "-m", "50", "--delay", "0.005"], dir.path());
    assert!(
        run.stdout.contains(&format!("{IDENTICAL} 194 countries")),
        "{}",
        run.stdout
    );
    for name in [
        "Korea,_South.gif",
        "Côte_d'Ivoire.gif",
        "Congo_(Brazzaville).gif",
    ] {
        assert!(dir.path().join("downloaded").join(name).exists(), "{name}");
    }
    let files = std::fs::read_dir(dir.path().join("downloaded")).expect("saved");
    assert_eq!(files.count(), 194);
}

#[test]
fn a_seeded_error_server_fails_the_same_countries_at_the_same_stages() {
    let dir = tmp();
    let run = run(
        BIN,
        &[
            "-s", "ERROR", "-a", "--seed", "7", "--delay", "0.005", "-m", "20",
        ],
        dir.path(),
    );
    assert!(
        run.stdout.contains(&format!("{IDENTICAL} 194 countries")),
        "{}",
        run.stdout
    );
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with(" errors."))
        .collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0], errors[1]);
    // Injected errors are exactly the errors counted, in each run.
    let injected: Vec<usize> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("Server: "))
        .map(|l| {
            l.split(", ")
                .nth(1)
                .and_then(|p| p.split(' ').next())
                .and_then(|n| n.parse().ok())
                .expect("a count")
        })
        .collect();
    let counted: usize = errors[0]
        .trim()
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert_eq!(injected, [counted, counted]);
}

/// A dataset where each stage can fail: BR and JP are fine (a test makes JP fail at stage
/// 3 by blocking its file), BD has no flag (stage 1: 404), CN's metadata is not JSON
/// (stage 2), and XX does not exist at all (stage 1: 404).
fn awkward_dataset() -> flags_testing::TempDir {
    dataset(&[
        ("br/metadata.json", br#"{"country": "Brazil"}"#),
        ("br/br.gif", b"GIF89a-brazil"),
        ("bd/metadata.json", br#"{"country": "Bangladesh"}"#),
        ("cn/metadata.json", b"<html>oops</html>"),
        ("cn/cn.gif", b"GIF89a-china"),
        ("jp/metadata.json", br#"{"country": "Japan"}"#),
        ("jp/jp.gif", b"GIF89a-japan"),
    ])
}

/// A folder laid out like the book's dataset, with these files under `flags/`.
fn dataset(files: &[(&str, &[u8])]) -> flags_testing::TempDir {
    let root = tmp();
    for (path, bytes) in files {
        let path = root.path().join("flags").join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    root
}

#[test]
fn each_error_is_reported_at_its_own_stage_by_both_styles() {
    let data = awkward_dataset();
    let server = Server::start(Config {
        dir: Some(data.path().to_path_buf()),
        ..Config::default()
    })
    .expect("server starts");
    let url = server.base_url();
    let dir = tmp();
    // Stage 3 fails for Japan: a folder stands where Japan.gif must go.
    std::fs::create_dir_all(dir.path().join("downloaded/Japan.gif/blocker")).expect("mkdir");
    for style in ["callbacks", "async"] {
        let run = run(
            BIN,
            &[
                "-v", "--style", style, "-s", &url, "br", "bd", "cn", "jp", "xx",
            ],
            dir.path(),
        );
        let line = |cc: &str| {
            run.stdout
                .lines()
                .find(|l| l.starts_with(&format!("{cc} ")))
                .unwrap_or_else(|| panic!("no line for {cc} in {style}:\n{}", run.stdout))
                .to_string()
        };
        assert_eq!(line("BR"), "BR OK: Brazil.gif", "{style}");
        assert_eq!(
            line("BD"),
            format!("BD not found at stage 1 (flag): {url}/bd/bd.gif"),
            "{style}"
        );
        assert!(
            line("CN")
                .starts_with("CN error at stage 2 (country): malformed answer: metadata.json: "),
            "{style}"
        );
        assert!(
            line("JP").starts_with("JP error at stage 3 (save): could not save "),
            "{style}"
        );
        assert_eq!(
            line("XX"),
            format!("XX not found at stage 1 (flag): {url}/xx/xx.gif"),
            "{style}"
        );
        assert_eq!(run.counts(), (1, 2, 2), "{style}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("downloaded/Brazil.gif")).expect("saved"),
        b"GIF89a-brazil"
    );
}

#[test]
fn both_compares_a_dataset_with_every_kind_of_failure() {
    let data = awkward_dataset();
    let server = Server::start(Config {
        dir: Some(data.path().to_path_buf()),
        ..Config::default()
    })
    .expect("server starts");
    let dir = tmp();
    let run = run(
        BIN,
        &["-s", &server.base_url(), "br", "bd", "cn", "xx"],
        dir.path(),
    );
    assert!(
        run.stdout.contains(&format!("{IDENTICAL} 4 countries")),
        "{}",
        run.stdout
    );
}

/// Two codes whose names make the same file name: the first saves, the second is an error
/// naming the first, never a silent overwrite. Names with bidirectional controls and path
/// separators make plain file names.
#[test]
fn a_name_clash_is_an_error_and_awkward_names_are_made_safe() {
    let root = dataset(&[
        ("br/metadata.json", br#"{"country": "Brazil"}"#),
        ("br/br.gif", b"GIF89a-brazil"),
        ("bd/metadata.json", br#"{"country": "Brazil"}"#),
        ("bd/bd.gif", b"GIF89a-bangladesh"),
        (
            "cn/metadata.json",
            "{\"country\": \"../Chi\u{202e}na\"}".as_bytes(),
        ),
        ("cn/cn.gif", b"GIF89a-china"),
    ]);
    let server = Server::start(Config {
        dir: Some(root.path().to_path_buf()),
        ..Config::default()
    })
    .expect("server starts");
    let dir = tmp();
    let run = run(
        BIN,
        &[
            "-v",
            "--style",
            "async",
            "-m",
            "1",
            "-s",
            &server.base_url(),
            "br",
            "bd",
            "cn",
        ],
        dir.path(),
    );
    assert_eq!(run.counts(), (2, 0, 1), "{}", run.stdout);
    // Whichever of BR and BD saved first keeps the name; the other is told whose it is.
    let (first, second, bytes) = if run.stdout.contains("BD OK: Brazil.gif") {
        ("BD", "BR", &b"GIF89a-bangladesh"[..])
    } else {
        ("BR", "BD", &b"GIF89a-brazil"[..])
    };
    let clash = format!("{second} error at stage 3 (save): could not save ");
    let whose = format!("Brazil.gif is already {first}'s flag");
    assert!(
        run.stdout.contains(&clash) && run.stdout.contains(&whose),
        "{}",
        run.stdout
    );
    let saved = std::fs::read(dir.path().join("downloaded/Brazil.gif")).expect("saved");
    assert_eq!(saved, bytes, "the first one stays");
    assert!(dir.path().join("downloaded/.._China.gif").exists());
}

flags_testing::client_tests!(BIN, extra: ["--style", "async"], bar);

/// The fault suite in the callback style too.
#[test]
fn the_fault_suite_in_the_callback_style() {
    flags_testing::fault_suite(BIN, &["--style", "callbacks"]);
}
