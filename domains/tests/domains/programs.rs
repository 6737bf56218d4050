//! domaincheck and blogdom as run: every name in its column or with its mark, usage errors.

use std::collections::BTreeSet;

use domains::dns::ZONE;

use super::{dev_names, run, text};

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
