//! flags-compare over the workspace's own lessons, each run as the real program: its table
//! must agree with the runs it made; its usage errors come before anything runs.

use std::process::Command;

/// flags-compare runs every lesson in its own process: nothing to build or find first.
fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flags-compare"))
}

fn compare(args: &[&str]) -> std::process::Output {
    command().args(args).output().expect("flags-compare runs")
}

pub fn the_table_agrees_with_the_runs_it_made() {
    let output = compare(&[
        "--json", "--delay", "0.005", "--repeat", "3", "-m", "4", "b",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["rows"].as_array().expect("rows");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["program"].as_str()).collect();
    assert_eq!(names, crate::OUR_ROWS);
    let sequential = rows[0]["median"].as_f64().expect("a median");
    for row in rows {
        let runs = row["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 3);
        let mut times: Vec<f64> = runs.iter().filter_map(|r| r["elapsed"].as_f64()).collect();
        times.sort_by(f64::total_cmp);
        assert_eq!(row["median"].as_f64(), Some(times[1]), "{row}");
        assert_eq!(row["min"].as_f64(), Some(times[0]));
        assert_eq!(row["max"].as_f64(), Some(times[2]));
        let ideal = row["ideal"].as_f64().expect("a fixed delay has an ideal");
        let ratio = row["ratio"].as_f64().expect("a ratio");
        assert!((ratio - times[1] / ideal).abs() < 1e-9);
        let speed_up = row["speed_up"].as_f64().expect("a speed-up");
        assert!((speed_up - sequential / times[1]).abs() < 1e-9);
        // Every run found the same: B has 17 flags among its 26 codes.
        for run in runs {
            assert_eq!(
                run["counts"],
                serde_json::json!({"ok": 17, "not_found": 9, "errors": 0})
            );
        }
        // The ideal follows from the requests the server saw and the concurrency used.
        let requests = runs[0]["requests"].as_u64().expect("requests");
        let concurrency = row["concurrency"].as_u64().expect("concurrency");
        let expected = requests.div_ceil(concurrency) as f64 * 0.005;
        assert!((ideal - expected).abs() < 1e-9, "{row}");
        assert!(row["peak_in_flight"].as_u64() <= Some(concurrency));
    }
    let by_name = |name: &str| rows.iter().find(|r| r["program"] == name).expect("a row");
    assert_eq!(by_name("flags-seq")["concurrency"], 1);
    assert_eq!(
        by_name("flags-async")["concurrency"],
        26,
        "flags-async takes no -m"
    );
    assert_eq!(by_name("flags-bounded")["concurrency"], 4);
    // A country without a flag stops at its flag's 404, before any metadata request:
    // 17 × 2 + 9 requests.
    assert_eq!(
        by_name("callbacks-vs-async async")["runs"][0]["requests"],
        43
    );
}

pub fn the_human_table_and_the_chart() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let chart = dir.path().join("chart.svg");
    let output = command()
        .args([
            "--delay",
            "0.01",
            "--repeat",
            "1",
            "-l",
            "5",
            "--programs",
            "flags-seq,flags-bounded",
            "--chart",
        ])
        .arg(&chart)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("5 codes (-l 5), delay 0.01s, error rate 0, 1 run each\n"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("| flags-")).count(),
        2
    );
    assert!(stdout.contains("Every program, every run: 5 downloaded, 0 not found, 0 errors."));
    let svg = std::fs::read_to_string(&chart).expect("the chart was written");
    assert_eq!(svg.matches("class=\"bar\"").count(), 2);
    assert_eq!(svg.matches("class=\"ideal\"").count(), 2);
    assert!(svg.contains("class=\"title\"") && svg.contains("class=\"axis\""));
}

pub fn unknown_programs_are_refused() {
    let output = compare(&["--programs", "flags-seq,flags-nope"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no program named \"flags-nope\""),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing ran");
}

pub fn the_programs_usage_errors_are_found_before_anything_runs() {
    for (args, message) in [
        (&["-m", "0"][..], "--max_req CONCURRENT must be >= 1"),
        (&["-l", "0"], "--limit N must be >= 1"),
        (&["zzz"], "each CC argument must be A to Z or AA to ZZ."),
        (
            &["--chart", "no/such/folder/chart.svg"],
            "--chart FILE: there is no folder",
        ),
        // A folder where the picture should go, and a folder no one can write in.
        (
            &["--timeline", "."],
            "--timeline FILE: cannot write .: it is a folder",
        ),
        (
            &["--chart", "/proc/chart.svg"],
            "--chart FILE: cannot write /proc/chart.svg",
        ),
    ] {
        let output = compare(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(message));
        assert!(output.stdout.is_empty(), "nothing ran");
    }
}
