//! The book's side and ours in one table and one chart, and in JSON.

use super::*;

pub fn the_book_side_and_ours_share_one_table_and_one_chart() {
    let out = tempfile::tempdir().expect("a temp dir");
    let chart = out.path().join("chart.svg");
    let timeline = out.path().join("timeline.svg");
    // A folder given relative to where flags-compare runs, as the README gives it.
    let (output, _cwd) = class(
        Path::new("standin"),
        &[
            "-m",
            "20",
            "a",
            "b",
            "--chart",
            chart.to_str().expect("UTF-8"),
            "--timeline",
            timeline.to_str().expect("UTF-8"),
        ],
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    let rows = rows(&stdout);
    let names: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("flags2_sequential.py", "Python"),
            ("flags-seq", "Rust"),
            ("flags2_threadpool.py", "Python"),
            ("flags-threads", "Rust"),
            ("flags-async", "Rust"),
            ("flags2_asyncio.py", "Python"),
            ("flags-bounded", "Rust"),
            ("callbacks-vs-async callbacks", "Rust"),
            ("flags3_asyncio.py", "Python"),
            ("callbacks-vs-async async", "Rust"),
        ]
    );
    for row in &rows {
        // The same -m for both sides; flags-async has no bound (52 codes at once).
        let expected = if row[0].contains("seq") {
            "1"
        } else if row[0] == "flags-async" {
            "52"
        } else {
            "20"
        };
        assert_eq!(row[2], expected, "{row:?}");
        // A, B: 52 codes, 28 flags (the book's dataset), whoever counted.
        assert_eq!(row[11..14], ["28", "24", "0"], "{row:?}");
        // The columns only a process of its own gives: CPU time and peak memory.
        assert!(
            row[9].ends_with(" s") && row[10].ends_with(" MB"),
            "{row:?}"
        );
        let memory: f64 = row[10].trim_end_matches(" MB").parse().expect("a number");
        assert!(memory > 1.0, "{row:?}");
        // The peak in flight is the server's: never above the concurrency, and above 1
        // when it is (how close it comes depends on how busy the machine is).
        let (peak, concurrency): (u32, u32) = (
            row[7].parse().expect("peak"),
            row[2].parse().expect("conc."),
        );
        assert!(
            peak <= concurrency && (peak > 1) == (concurrency > 1),
            "{row:?}"
        );
    }
    // The caveats under the table (wrapped: read as one line): pool sizes and the
    // connections, with the server's counts; flags3 asks for the metadata of each flag
    // found: 52 + 28 requests.
    let prose = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for said in [
        "-m 20 given to both sides of every pair",
        "flags2_sequential.py 52 on 52, flags-seq 52 on 1;",
        "flags3_asyncio.py 80 on 80",
        "min(32, CPUs + 4)",
    ] {
        assert!(prose.contains(said), "{said}: {stdout}");
    }
    let chart = std::fs::read_to_string(chart).expect("the chart");
    assert_eq!(chart.matches(r#"class="bar""#).count(), 10);
    assert!(chart.contains("flags2_threadpool.py (×20)"));
    let timeline = std::fs::read_to_string(timeline).expect("the timeline");
    assert_eq!(timeline.matches(r#"class="band""#).count(), 10);
    // 52 requests a program, 80 for the two-request ones (three of them).
    assert_eq!(
        timeline.matches(r#"class="request""#).count(),
        7 * 52 + 3 * 80
    );
}

pub fn class_mode_speaks_json_too() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for file in ["flags2_common.py", "flags2_sequential.py"] {
        std::fs::copy(standin().join(file), dir.path().join(file)).expect("copied");
    }
    std::fs::write(
        dir.path().join("flags2_asyncio.py"),
        "raise SystemExit(3)\n",
    )
    .expect("written");
    let (output, cwd) = class(
        dir.path(),
        &["--json", "--programs", "flags-seq", "-l", "4"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // Class mode draws its chart even unasked, where it runs, and says where.
    assert_eq!(json["chart"], "class-compare.svg");
    let chart = std::fs::read_to_string(cwd.path().join("class-compare.svg")).expect("a chart");
    assert_eq!(chart.matches(r#"class="bar""#).count(), 2);
    let rows = json["rows"].as_array().expect("rows");
    let langs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["program"].as_str().unwrap_or(""),
                r["language"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        langs,
        [("flags2_sequential.py", "Python"), ("flags-seq", "Rust")]
    );
    for row in rows {
        assert!(
            row["cpu_seconds"].as_f64().is_some_and(|s| s >= 0.0),
            "{row}"
        );
        assert!(
            row["peak_memory_mb"].as_f64().is_some_and(|mb| mb > 1.0),
            "{row}"
        );
        assert_eq!(row["runs"][0]["requests"], 4, "{row}");
        assert_eq!(row["peak_in_flight"], 1, "{row}");
    }
    assert_eq!(json["failures"][0]["program"], "flags2_asyncio.py");
    assert_eq!(json["failures"][0]["status"], "exit status: 3");
    assert!(json["caveats"].as_array().is_some_and(|c| c.len() >= 2));
}
