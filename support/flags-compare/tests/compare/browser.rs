//! The stacked timeline of class mode, drawn by Chromium.

use super::*;

pub fn the_stacked_timeline_renders_in_a_browser() {
    let folder = needs::browser_folder();
    let svg = folder.join("compare-timeline.svg");
    let output = Command::new(env!("CARGO_BIN_EXE_flags-compare"))
        .args([
            "--delay",
            "0.01",
            "--repeat",
            "1",
            "-m",
            "4",
            "b",
            "--timeline",
        ])
        .arg(&svg)
        .output()
        .expect("flags-compare runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let script = folder.join("compare-render.mjs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render.mjs"),
        &script,
    )
    .expect("the script is copied");
    let screenshot = folder.join("compare-timeline.png");
    let output = Command::new("node")
        .arg(&script)
        .arg(&svg)
        .arg(&screenshot)
        .current_dir(&folder)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let drawn: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let bands = drawn["bands"].as_array().expect("bands");
    let names: Vec<&str> = bands.iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(names, crate::OUR_ROWS);
    for band in bands {
        // B: 26 codes; the two-request program adds 17 metadata requests.
        let requests = band["requests"].as_u64().expect("a count");
        let expected = if band["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("callbacks"))
        {
            43
        } else {
            26
        };
        assert_eq!(requests, expected, "{band}");
        assert_eq!(
            band["visible"], band["requests"],
            "every bar is drawn: {band}"
        );
        assert_eq!(band["inside"], true, "bars stay in their band: {band}");
        let detail = band["detail"].as_str().expect("a label");
        assert!(detail.contains(&format!("{requests} requests")), "{detail}");
    }
    assert_eq!(drawn["overlaps"], 0, "no text over another: {drawn}");
    assert_eq!(drawn["offPage"], 0, "no text off the page: {drawn}");
    assert!(screenshot.exists());
}
