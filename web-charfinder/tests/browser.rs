//! The search page in a real headless browser: type a query, see the results, no reload.
//!
//! Needs Node.js, Chromium and the npm package playwright-core in
//! `target/browser-test/node_modules` (`.ci/run` installs all three); without them the
//! test is counted as ignored and says why (`flags_testing::needs`).

mod support;

use std::path::Path;
use std::process::{Command, ExitCode};

use flags_testing::needs;

fn main() -> ExitCode {
    needs::run_needing(&[(
        needs::browser_missing(),
        &[(
            "typing_in_the_page_shows_the_results_without_reloading",
            typing_in_the_page_shows_the_results_without_reloading,
        )],
    )])
}

fn typing_in_the_page_shows_the_results_without_reloading() {
    let folder = needs::browser_folder();
    let addr = support::start();
    let screenshot = folder.join("web-charfinder.png");
    // An ES module finds its imports in the node_modules beside it: run a copy from there.
    let script = folder.join("web-charfinder.mjs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser.mjs"),
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
