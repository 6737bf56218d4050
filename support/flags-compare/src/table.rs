//! The comparison printed: a Markdown-compatible table with the agreement line, or JSON.

use crate::Row;

/// The comparison as JSON: the title and every row with its runs.
pub fn to_json(title: &str, rows: &[Row], sequential: Option<f64>) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut row = serde_json::to_value(r).unwrap_or_default();
            row["ratio"] = serde_json::json!(r.ratio());
            row["speed_up"] = serde_json::json!(sequential.map(|s| s / r.median));
            row["codes_per_second"] = serde_json::json!(r.codes_per_second());
            row
        })
        .collect();
    serde_json::json!({"title": title, "rows": rows})
}

fn seconds(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.2} s"))
}

/// The table: one row per program, aligned, Markdown-compatible.
pub fn table(title: &str, rows: &[Row], sequential: Option<f64>) -> String {
    let header = [
        "program",
        "conc.",
        "median",
        "min",
        "max",
        "ideal",
        "ratio",
        "speed-up",
        "codes/s",
        "ok",
        "not found",
        "errors",
        "peak",
        "start",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for r in rows {
        lines.push(vec![
            r.name.clone(),
            r.concurrency.to_string(),
            seconds(Some(r.median)),
            seconds(Some(r.min)),
            seconds(Some(r.max)),
            seconds(r.ideal),
            r.ratio().map_or("-".into(), |ratio| format!("{ratio:.3}")),
            sequential.map_or("-".into(), |s| format!("{:.1}×", s / r.median)),
            format!("{:.0}", r.codes_per_second()),
            r.counts.ok.to_string(),
            r.counts.not_found.to_string(),
            r.counts.errors.to_string(),
            r.peak.to_string(),
            format!("{:.1} ms", r.startup_ms()),
        ]);
    }
    let mut out = format!("{title}\n\n");
    out.push_str(&aligned(&lines));
    out.push_str(&agreement(rows));
    out
}

/// Whether every program counted the same: it must, for the same workload and server.
fn agreement(rows: &[Row]) -> String {
    let first = rows[0].counts;
    let differing: Vec<&str> = rows
        .iter()
        .filter(|r| r.counts != first || r.runs.iter().any(|run| run.counts != r.counts))
        .map(|r| r.name.as_str())
        .collect();
    if differing.is_empty() {
        format!(
            "\nEvery program, every run: {} downloaded, {} not found, {} errors.\n",
            first.ok, first.not_found, first.errors
        )
    } else {
        format!(
            "\nCounts differ from {}'s in: {} (with injected errors, programs that make other \
             requests, such as callbacks-vs-async's two per flag, draw other errors).\n",
            rows[0].name,
            differing.join(", ")
        )
    }
}

/// The class mode's comparison as JSON: the title, every row with its runs (CPU time and
/// peak memory included), the programs that failed with their last lines, the caveats.
pub fn class_json(
    title: &str,
    outcome: &crate::class::Comparison,
    caveats: &[String],
) -> serde_json::Value {
    let mut json = to_json(title, &outcome.rows, None);
    if let Some(rows) = json["rows"].as_array_mut() {
        for (row, r) in rows.iter_mut().zip(&outcome.rows) {
            row["requests_per_second"] = serde_json::json!(r.requests_per_second());
            row["cpu_seconds"] = serde_json::json!(r.cpu_seconds());
            row["peak_memory_mb"] = serde_json::json!(r.peak_memory_mb());
        }
    }
    json["failures"] = outcome
        .failures
        .iter()
        .map(|f| serde_json::json!({"program": f.name, "status": f.status, "last_lines": f.lines}))
        .collect();
    json["caveats"] = serde_json::json!(caveats);
    json
}

/// The class-mode table: the book's scripts beside ours, with the columns only separate
/// processes can give (CPU time, peak memory), the program failures and the caveats.
pub fn class_table(title: &str, outcome: &crate::class::Comparison, caveats: &[String]) -> String {
    let header = [
        "program",
        "lang",
        "conc.",
        "elapsed",
        "ideal",
        "ratio",
        "req/s",
        "peak",
        "conns",
        "CPU",
        "memory",
        "ok",
        "not found",
        "errors",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for r in &outcome.rows {
        lines.push(vec![
            r.name.clone(),
            r.language.to_string(),
            r.concurrency.to_string(),
            seconds(Some(r.median)),
            seconds(r.ideal),
            r.ratio().map_or("-".into(), |ratio| format!("{ratio:.2}")),
            format!("{:.0}", r.requests_per_second()),
            r.peak.to_string(),
            r.connections().to_string(),
            seconds(r.cpu_seconds()),
            r.peak_memory_mb()
                .map_or("-".into(), |mb| format!("{mb:.0} MB")),
            r.counts.ok.to_string(),
            r.counts.not_found.to_string(),
            r.counts.errors.to_string(),
        ]);
    }
    let mut out = format!("{title}\n\n");
    if lines.len() > 1 {
        out.push_str(&aligned(&lines));
    }
    for failure in &outcome.failures {
        out.push_str(&format!(
            "\n{} did not finish ({}); its last lines:\n",
            failure.name, failure.status
        ));
        for line in &failure.lines {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if !caveats.is_empty() {
        out.push('\n');
        for note in caveats {
            out.push_str(&wrapped(note, 90));
        }
    }
    out
}

/// `note` as a list item of lines of at most `width` characters (a longer word stays whole).
///
/// ```
/// let item = flags_compare::table::wrapped("one two three four", 10);
/// assert_eq!(item, "- one two\n  three\n  four\n");
/// ```
pub fn wrapped(note: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("-");
    for word in note.split_whitespace() {
        if line.len() > 2 && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `lines` as a Markdown table, the first line its header, numbers right-aligned.
fn aligned(lines: &[Vec<String>]) -> String {
    let columns = lines[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c == 0 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            let rule: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    if c == 0 {
                        "-".repeat(*w)
                    } else {
                        format!("{}:", "-".repeat(w - 1))
                    }
                })
                .collect();
            out.push_str(&format!("| {} |\n", rule.join(" | ")));
        }
    }
    out
}
