//! Every program's requests on one time axis, one band each, stacked (`--timeline`): the
//! picture the chapter describes in words. The sequential version climbs a staircase, the
//! thread pool and the semaphore move a window of N along, asyncio without a bound sends one
//! wave.
//!
//! Each band draws the run closest to its program's median time. Within a band, requests
//! are stacked by start time, one thin bar each, coloured by how they ended.

use std::fmt::Write as _;

use flags_common::svg::{colour, esc, open, tick_step};

use crate::Row;

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 250.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 70.0;
const BAND: f64 = 84.0;
const GAP: f64 = 14.0;

/// When the run's first request started: each band's time starts there, so that neither
/// a process's start nor a client's set-up shifts it.
fn first_start(run: &crate::RunResult) -> f64 {
    run.spans
        .iter()
        .map(|s| s.start)
        .reduce(f64::min)
        .unwrap_or(0.0)
}

/// Draws `rows` under `title`; `whose_clock` says where the times were taken (the server's
/// or each client's).
pub fn svg(title: &str, rows: &[Row], whose_clock: &str) -> String {
    let longest = rows
        .iter()
        .flat_map(|r| {
            let run = r.typical_run();
            run.spans.iter().map(move |s| s.end - first_start(run))
        })
        .fold(1e-3, f64::max)
        * 1.03;
    let plot = WIDTH - LEFT - RIGHT;
    let x = |t: f64| LEFT + t.max(0.0) / longest * plot;
    let height = TOP + rows.len() as f64 * (BAND + GAP) + 50.0;
    let mut s = open(WIDTH, height, 12);
    let _ = writeln!(
        s,
        r#"<text class="title" x="20" y="24" font-size="15" font-weight="bold">{}</text>"#,
        esc(title)
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="46">one bar per request, from sent to answered ({}), stacked by start; <tspan fill="#2e7d32">found</tspan>, <tspan fill="#757575">not found</tspan>, <tspan fill="#c62828">error</tspan></text>"##,
        esc(whose_clock)
    );
    let bottom = TOP + rows.len() as f64 * (BAND + GAP);
    let step = tick_step(longest);
    let mut t = 0.0;
    while t <= longest {
        let _ = writeln!(
            s,
            r##"<line x1="{0:.1}" y1="{TOP}" x2="{0:.1}" y2="{bottom}" stroke="#eeeeee"/><text class="tick" x="{0:.1}" y="{1}" text-anchor="middle">{t:.2}</text>"##,
            x(t),
            bottom + 16.0
        );
        t += step;
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">seconds from the first request</text>"#,
        LEFT + plot / 2.0,
        bottom + 36.0
    );
    for (i, row) in rows.iter().enumerate() {
        let top = TOP + i as f64 * (BAND + GAP);
        let run = row.typical_run();
        let _ = writeln!(
            s,
            r#"<g class="band"><text x="{0}" y="{1}" text-anchor="end" font-weight="bold">{2}</text><text x="{0}" y="{3}" text-anchor="end">{4} · ×{5} · {6} requests · {7:.2} s</text>"#,
            LEFT - 10.0,
            top + BAND / 2.0 - 3.0,
            esc(&row.name),
            top + BAND / 2.0 + 13.0,
            row.language,
            row.concurrency,
            run.spans.len(),
            run.elapsed
        );
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{top}" width="{plot}" height="{BAND}" fill="none" stroke="#cccccc"/>"##
        );
        let n = run.spans.len().max(1) as f64;
        let bar = (BAND - 4.0) / n;
        let first = first_start(run);
        for (k, span) in run.spans.iter().enumerate() {
            let _ = writeln!(
                s,
                r#"<rect class="request" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"#,
                x(span.start - first),
                top + 2.0 + k as f64 * bar,
                (x(span.end - first) - x(span.start - first)).max(0.8),
                (bar * 0.8).max(0.3),
                colour(span.outcome)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}
