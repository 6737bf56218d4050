//! `charindex` as a command, run as a user runs it.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_charindex"))
        .args(args)
        .output()
        .expect("it runs")
}

#[test]
fn the_books_lines_and_status_line() {
    let out = run(&["cat", "smiling"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES\n\
             U+1F63A\t😺\tSMILING CAT FACE WITH OPEN MOUTH\n\
             U+1F63B\t😻\tSMILING CAT FACE WITH HEART-SHAPED EYES\n\
             {} 3 found\n",
            "─".repeat(66)
        )
    );
}

#[test]
fn no_words_is_the_books_message_and_exit_2_and_v_tells_the_build() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Please give one or more words to search.\n"
    );
    let verbose = run(&["-v", "snowman"]);
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        stderr.starts_with("Index built in ") && stderr.contains(" words."),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&verbose.stdout).contains("U+2603\t☃\tSNOWMAN\n"));
}

#[test]
fn options_are_options_not_words_to_search() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Usage: charindex [OPTIONS] [WORDS]..."),
        "{text}"
    );
    assert!(!text.contains("HANGUL"), "{text}");
    let bogus = run(&["--bogus"]);
    assert_eq!(bogus.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bogus.stderr).contains("unexpected argument '--bogus'"));
    assert!(bogus.stdout.is_empty());
}

#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    // A byte that UTF-8 never uses (Unix), or half of a UTF-16 pair (Windows).
    #[cfg(unix)]
    let odd = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"\xff").to_owned();
    #[cfg(windows)]
    let odd = <std::ffi::OsString as std::os::windows::ffi::OsStringExt>::from_wide(&[0xD800]);
    let out = Command::new(env!("CARGO_BIN_EXE_charindex"))
        .arg(odd)
        .output()
        .expect("it runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
