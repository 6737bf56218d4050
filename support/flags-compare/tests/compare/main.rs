//! flags-compare, run as a user runs it, in one test binary (its tests run side by side):
//! over the workspace's own lessons ([`lessons`]); and in class mode against our stand-in
//! scripts (standin/: our own code, with the flags2 command line and reports; the project
//! holds none of the book's): the book's side and ours in one table ([`table`]), the setup
//! messages ([`messages`]), a failing or hanging script ([`scripts`]), the stacked timeline
//! in a browser ([`browser`]). The tests that need python3 or a browser are counted as
//! ignored on a machine without them (`flags_testing::needs`).

mod browser;
mod lessons;
mod messages;
mod scripts;
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use flags_testing::needs::{self, Test};

/// The rows of our programs, in the order flags-compare runs them: the table's and the
/// timeline's.
const OUR_ROWS: [&str; 6] = [
    "flags-seq",
    "flags-threads",
    "flags-async",
    "flags-bounded",
    "callbacks-vs-async callbacks",
    "callbacks-vs-async async",
];

fn main() -> ExitCode {
    // Signals to a child are Unix's: the SIGTERM test is built there only.
    #[cfg(unix)]
    let unix_only: &[Test] = &[(
        "sigterm_to_flags_compare_kills_the_script_under_way_too",
        scripts::sigterm_to_flags_compare_kills_the_script_under_way_too,
    )];
    #[cfg(not(unix))]
    let unix_only: &[Test] = &[];
    let every: &[Test] = &[
        (
            "the_book_side_and_ours_share_one_table_and_one_chart",
            table::the_book_side_and_ours_share_one_table_and_one_chart,
        ),
        (
            "class_mode_speaks_json_too",
            table::class_mode_speaks_json_too,
        ),
        (
            "without_httpx_the_message_names_it_and_nothing_runs",
            messages::without_httpx_the_message_names_it_and_nothing_runs,
        ),
        (
            "a_folder_without_scripts_or_a_taken_port_is_said_plainly",
            messages::a_folder_without_scripts_or_a_taken_port_is_said_plainly,
        ),
        (
            "a_failing_script_shows_its_last_lines_and_the_others_still_run",
            scripts::a_failing_script_shows_its_last_lines_and_the_others_still_run,
        ),
        (
            "a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so",
            scripts::a_script_past_its_deadline_is_killed_with_its_children_and_its_row_says_so,
        ),
    ];
    let python = [every, unix_only].concat();
    needs::run_needing(&[
        (needs::python_missing(), &python),
        (
            None,
            &[
                (
                    "the_table_agrees_with_the_runs_it_made",
                    lessons::the_table_agrees_with_the_runs_it_made,
                ),
                (
                    "the_human_table_and_the_chart",
                    lessons::the_human_table_and_the_chart,
                ),
                (
                    "unknown_programs_are_refused",
                    lessons::unknown_programs_are_refused,
                ),
                (
                    "the_programs_usage_errors_are_found_before_anything_runs",
                    lessons::the_programs_usage_errors_are_found_before_anything_runs,
                ),
                (
                    "without_python_the_message_says_how_to_set_it_up",
                    messages::without_python_the_message_says_how_to_set_it_up,
                ),
                (
                    "a_chart_that_cannot_be_written_is_said_before_any_program_runs",
                    messages::a_chart_that_cannot_be_written_is_said_before_any_program_runs,
                ),
            ],
        ),
        (
            needs::browser_missing(),
            &[(
                "the_stacked_timeline_renders_in_a_browser",
                browser::the_stacked_timeline_renders_in_a_browser,
            )],
        ),
    ])
}

fn standin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("standin")
}

/// flags-compare in class mode on a free port (the stand-ins read FLAGS_COMPARE_URL), in a
/// fresh folder (where the chart goes unless `--chart` names another), which holds a link
/// `standin` to the stand-ins, so `dir` may be relative to it, as the README gives it.
fn class(dir: &Path, args: &[&str]) -> (Output, tempfile::TempDir) {
    let cwd = tempfile::tempdir().expect("a temp dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(standin(), cwd.path().join("standin")).expect("a link");
    #[cfg(windows)]
    std::os::windows::fs::symlink_dir(standin(), cwd.path().join("standin")).expect("a link");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .current_dir(cwd.path())
        .arg("--python")
        .arg(dir)
        .args(["--port", "0", "--delay", "0.005", "--repeat", "1"])
        .args(args)
        .output()
        .expect("flags-compare runs");
    (output, cwd)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The table's rows: program, language and every other cell, by name.
fn rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| program") && !l.starts_with("| -"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}
