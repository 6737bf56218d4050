//! The comparison as an SVG bar chart: one bar per program (the median), its min–max range,
//! and its ideal time marked.

use std::fmt::Write as _;

use flags_common::svg::{esc, open};

use crate::Row;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 230.0;
/// Room for each bar's figures: the time and ratio, and in class mode what the process
/// cost and what the server saw.
const RIGHT: f64 = 170.0;
const RIGHT_CLASS: f64 = 420.0;
const TOP: f64 = 60.0;
const ROW: f64 = 34.0;

/// The bars' colour: our programs blue, the book's scripts (class mode) green.
fn colour(language: &str) -> &'static str {
    if language == "Python" {
        "#2e7d32"
    } else {
        "#1565c0"
    }
}

/// Draws `rows` under `title`; given `sequential` (the sequential version's median), each
/// bar also says how many times faster it is.
pub fn svg(title: &str, rows: &[Row], sequential: Option<f64>) -> String {
    let longest = rows
        .iter()
        .map(|r| r.max.max(r.ideal.unwrap_or(0.0)))
        .fold(1e-3, f64::max)
        * 1.05;
    let class_mode = rows.iter().any(|r| r.cpu_seconds().is_some());
    let plot = WIDTH - LEFT - if class_mode { RIGHT_CLASS } else { RIGHT };
    let x = |t: f64| LEFT + t / longest * plot;
    let height = TOP + rows.len() as f64 * ROW + 60.0;
    let mut s = open(WIDTH, height, 12);
    let _ = writeln!(
        s,
        r#"<text class="title" x="20" y="24" font-size="14" font-weight="bold">flags-compare: {}</text>"#,
        esc(title)
    );
    let python = if rows.iter().any(|r| r.language == "Python") {
        format!(
            r#"; <tspan fill="{}">Rust</tspan>, <tspan fill="{}">Python</tspan>"#,
            colour("Rust"),
            colour("Python")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        r##"<text x="20" y="44">bar: median elapsed time; whisker: fastest to slowest run; <tspan fill="#ef6c00">orange: the ideal time</tspan>{python}</text>"##
    );
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{} (×{})</text>"#,
            LEFT - 8.0,
            y + 19.0,
            esc(&r.name),
            r.concurrency
        );
        let _ = writeln!(
            s,
            r##"<rect class="bar" x="{LEFT}" y="{}" width="{:.1}" height="18" fill="{}"/>"##,
            y + 6.0,
            (x(r.median) - LEFT).max(1.0),
            colour(r.language)
        );
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{2}" x2="{:.1}" y2="{2}" stroke="#333"/>"##,
            x(r.min),
            x(r.max),
            y + 15.0
        );
        if let Some(ideal) = r.ideal {
            let _ = writeln!(
                s,
                r##"<line class="ideal" x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}" stroke="#ef6c00" stroke-width="3"/>"##,
                x(ideal),
                y + 2.0,
                y + 28.0
            );
        }
        let speed_up = sequential.map_or(String::new(), |seq| {
            format!(", {:.1}× faster", seq / r.median)
        });
        let ratio = r
            .ratio()
            .map_or(String::new(), |ratio| format!(", {ratio:.2}× ideal"));
        // Class mode: what each process cost.
        let cost = match (r.cpu_seconds(), r.peak_memory_mb()) {
            (Some(cpu), Some(mb)) => format!(
                ", {:.0} req/s, peak {}, CPU {cpu:.2} s, {mb:.0} MB",
                r.requests_per_second(),
                r.peak
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{}">{:.2} s{ratio}{speed_up}{cost}</text>"#,
            x(r.max.max(r.ideal.unwrap_or(0.0))) + 6.0,
            y + 19.0,
            r.median
        );
    }
    let axis_y = TOP + rows.len() as f64 * ROW + 6.0;
    let _ = writeln!(
        s,
        r##"<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#333"/>"##,
        LEFT + plot
    );
    for i in 0..=5 {
        let t = longest * f64::from(i) / 5.0;
        let _ = writeln!(
            s,
            r##"<line x1="{0:.1}" y1="{axis_y}" x2="{0:.1}" y2="{1}" stroke="#333"/><text class="tick" x="{0:.1}" y="{2}" text-anchor="middle">{t:.2}</text>"##,
            x(t),
            axis_y + 5.0,
            axis_y + 19.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">elapsed time (s)</text>"#,
        LEFT + plot / 2.0,
        axis_y + 38.0
    );
    s.push_str("</svg>\n");
    s
}
