//! What a person does at a terminal, for the tests: run a program on a pseudo-terminal and
//! read what the screen got, press Ctrl-C, send a signal (Unix only); and what every flags
//! client must then do: end its progress bar's line ([`assert_bar_ends_its_line`]) and stop
//! cleanly on a signal ([`assert_stops_cleanly_on`]).

use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{Run, Watched, tmp};

/// Runs `bin args` in a pseudo-terminal, as on a real screen (util-linux's `script`), and
/// returns every byte the terminal received, stdout and stderr mixed as a person sees them.
pub fn through_a_terminal(bin: &str, args: &[&str], cwd: &Path) -> Vec<u8> {
    let command = std::iter::once(bin)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("cannot run script (util-linux): {err}"));
    output.stdout
}

/// On a terminal, the progress bar ends with a newline: the report's first line is on a
/// line of its own (tqdm's behaviour), not on the finished bar's.
pub fn assert_bar_ends_its_line(bin: &str) {
    let dir = tmp();
    let screen = through_a_terminal(bin, &["-s", "LOCAL", "-l", "20"], dir.path());
    let text = String::from_utf8_lossy(&screen);
    let rule = text
        .find("--------------------")
        .unwrap_or_else(|| panic!("no report in {text:?}"));
    let before = &text[..rule];
    let last_line = before
        .trim_end_matches('\n')
        .trim_end_matches('\r')
        .rsplit(['\n', '\r'])
        .next()
        .unwrap_or_default();
    assert!(
        before.ends_with('\n'),
        "the rule shares a line: {:?}",
        &before[before.len().saturating_sub(80)..]
    );
    assert!(
        last_line.contains("20/20"),
        "the finished bar comes just before: {last_line:?}"
    );
}

/// Sends SIGINT, what Ctrl-C sends, to a running child.
pub fn interrupt(child: &Child) {
    signal(child, "INT");
}

/// Sends a signal (`INT`, `TERM`, `HUP`) to a running child.
pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap_or_else(|err| panic!("cannot run kill: {err}"));
    assert!(status.success(), "kill -{name} failed");
}

/// Runs `bin -v -e -m 2 --delay 0.05` (and `extra`) against a slow built-in server, sends
/// `signal_name` once `lines` verbose lines have come, and checks what every flags client
/// must do then: exit 130, the report's interruption line, counts that add up to the codes
/// asked for (from the summary), and nothing in the destination but whole flags.
pub fn assert_stops_cleanly_on(bin: &str, extra: &[&str], signal_name: &str, lines: usize) -> Run {
    let dir = tmp();
    let mut args = vec!["-v", "-e", "-m", "2", "--delay", "0.05"];
    args.extend(extra);
    let mut child = Watched::spawn(bin, &args, dir.path());
    child.wait_for(lines, |l| l.contains(" OK") || l.contains(" not found"));
    signal(child.child(), signal_name);
    let run = child.finish();
    assert_eq!(run.code, Some(130), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("interrupted by Ctrl-C."),
        "no interruption line in:\n{}",
        run.stdout
    );
    let counts = &run.summary().counts;
    assert!(run.summary().interrupted);
    assert_eq!(counts.total(), 676, "{counts:?}");
    assert!(counts.ok + counts.not_found >= lines.min(1), "{counts:?}");
    let saved = std::fs::read_dir(dir.path().join("downloaded"))
        .map(|entries| entries.filter_map(Result::ok).count())
        .unwrap_or(0);
    assert_eq!(saved, counts.ok, "only whole flags, one per download");
    run
}
