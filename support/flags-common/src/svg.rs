//! A run drawn as an SVG picture (`--timeline FILE.svg`): one bar per request from start
//! to end, or, past [`MAX_BARS`] requests, the number in flight over time ([`svg`]). The
//! drawing helpers are public for flags-compare's charts: [`open`], [`colour`], [`esc`],
//! [`tick_step`].

use std::fmt::Write as _;

use crate::timeline::{Request, RequestOutcome};

/// Up to this many requests, the picture draws one bar each; beyond, the number in flight.
pub const MAX_BARS: usize = 60;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 64.0;
const ROW: f64 = 14.0;
/// The colour of the line that counts the requests in flight.
const IN_FLIGHT: &str = "#1565c0";
const OUTCOMES: [RequestOutcome; 3] = [
    RequestOutcome::Ok,
    RequestOutcome::NotFound,
    RequestOutcome::Error,
];

/// The colour of a request's bar: green, grey or red, by how it ended.
pub fn colour(outcome: RequestOutcome) -> &'static str {
    match outcome {
        RequestOutcome::Ok => "#2e7d32",
        RequestOutcome::NotFound => "#9e9e9e",
        RequestOutcome::Error => "#c62828",
    }
}

/// The start of an SVG picture `width` × `height` on a white ground, in sans-serif of
/// `font_size`; the caller closes it with `</svg>`.
pub fn open(width: f64, height: f64, font_size: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"{font_size}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    )
}

/// Escapes text for SVG.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round step for axis ticks, about `span / 8`.
pub fn tick_step(span: f64) -> f64 {
    let raw = (span / 8.0).max(1e-3);
    // The power of ten at or below `raw`, by dividing and multiplying by ten, which IEEE
    // rounds alike everywhere: Windows' C library gives 10^-2 as 0.010000000000000002, by
    // powf and powi alike, and a tick label of 0.10000000000000002 after it.
    let mut magnitude = 1.0;
    while magnitude > raw {
        magnitude /= 10.0;
    }
    while magnitude * 10.0 <= raw {
        magnitude *= 10.0;
    }
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// Draws a run as SVG: a title (`title`), the time axis in seconds, one bar per request
/// coloured by outcome (or, past [`MAX_BARS`], the number of requests in flight over time),
/// and the elapsed and ideal times marked.
///
/// ```
/// use flags_common::svg::svg;
/// use flags_common::timeline::{Request, RequestOutcome};
///
/// let br = Request { code: "BR".into(), outcome: RequestOutcome::Ok, error: None, start: 0.0, end: 0.5, attempt: 1 };
/// let picture = svg("flags-async BR", &[br], 0.51, Some(0.5));
/// assert!(picture.starts_with("<svg") && picture.contains(">BR</text>"));
/// assert!(picture.contains("ideal 0.50 s"));
/// ```
pub fn svg(title: &str, requests: &[Request], elapsed: f64, ideal: Option<f64>) -> String {
    let span = requests
        .iter()
        .map(|r| r.end)
        .fold(elapsed.max(ideal.unwrap_or(0.0)), f64::max)
        .max(1e-3)
        * 1.04;
    let plot_width = WIDTH - LEFT - RIGHT;
    let x = |t: f64| LEFT + t / span * plot_width;
    let bars = requests.len() <= MAX_BARS;
    let plot_height = if bars {
        (requests.len().max(1) as f64) * ROW
    } else {
        240.0
    };
    let height = TOP + plot_height + 70.0;

    let mut s = open(WIDTH, height, 11);
    let _ = writeln!(
        s,
        r#"<text class="title" x="{LEFT}" y="20" font-size="14" font-weight="bold">{}</text>"#,
        esc(title)
    );
    let ideal_text = ideal.map_or("ideal unknown (delay not fixed)".to_string(), |i| {
        format!("ideal {i:.2} s")
    });
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="38">{} requests, elapsed {elapsed:.2} s, {ideal_text}</text>"#,
        requests.len()
    );
    // The legend stands on the title's row, clear of the times marked below it: the
    // outcomes' colours for bars, the line's colour for the number in flight.
    let legend: Vec<(&str, &str)> = if bars {
        OUTCOMES.iter().map(|&o| (colour(o), o.name())).collect()
    } else {
        vec![(IN_FLIGHT, "requests in flight")]
    };
    let mut legend_x = WIDTH - RIGHT - 80.0 * legend.len().max(2) as f64;
    for (fill, name) in legend {
        let _ = writeln!(
            s,
            r#"<rect x="{legend_x}" y="11" width="10" height="10" fill="{fill}"/><text x="{}" y="20">{name}</text>"#,
            legend_x + 14.0,
        );
        legend_x += 80.0;
    }

    if bars {
        for (i, r) in requests.iter().enumerate() {
            let y = TOP + i as f64 * ROW;
            let colour = colour(r.outcome);
            let width = (x(r.end) - x(r.start)).max(1.0);
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect class="request" x="{:.1}" y="{:.1}" width="{width:.1}" height="{}" fill="{colour}"><title>{} {}{} {:.3}–{:.3} s</title></rect>"#,
                LEFT - 6.0,
                y + ROW - 4.0,
                esc(&r.code),
                x(r.start),
                y + 2.0,
                ROW - 4.0,
                esc(&r.code),
                r.error.as_deref().unwrap_or(r.outcome.name()),
                if r.attempt > 1 {
                    format!(", attempt {}", r.attempt)
                } else {
                    String::new()
                },
                r.start,
                r.end
            );
        }
    } else {
        // How many requests were in flight at each moment: +1 at each start, -1 at each end.
        let mut events: Vec<(f64, i64)> = requests
            .iter()
            .flat_map(|r| [(r.start, 1), (r.end, -1)])
            .collect();
        events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut in_flight = 0i64;
        let mut peak = 1i64;
        let mut steps = vec![(0.0, 0i64)];
        for (t, delta) in events {
            in_flight += delta;
            peak = peak.max(in_flight);
            steps.push((t, in_flight));
        }
        let y = |n: i64| TOP + plot_height - n as f64 / peak as f64 * plot_height;
        let mut path = format!("M {:.1} {:.1}", x(0.0), y(0));
        for pair in steps.windows(2) {
            let (t, n) = pair[1];
            let _ = write!(path, " H {:.1} V {:.1}", x(t), y(n));
            let _ = pair;
        }
        let _ = writeln!(
            s,
            r##"<path class="in-flight" d="{path}" fill="none" stroke="{IN_FLIGHT}" stroke-width="1.5"/>"##
        );
        for n in [0, peak / 2, peak] {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{n}</text>"#,
                LEFT - 6.0,
                y(n) + 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="12" y="{:.1}" transform="rotate(-90 12 {:.1})" text-anchor="middle">requests in flight</text>"#,
            TOP + plot_height / 2.0,
            TOP + plot_height / 2.0
        );
    }

    // Time axis.
    let axis_y = TOP + plot_height + 8.0;
    let _ = writeln!(
        s,
        r##"<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#333"/>"##,
        WIDTH - RIGHT
    );
    let step = tick_step(span);
    let mut t = 0.0;
    while t <= span + 1e-9 {
        let _ = writeln!(
            s,
            r##"<line x1="{0:.1}" y1="{axis_y}" x2="{0:.1}" y2="{1}" stroke="#333"/><text class="tick" x="{0:.1}" y="{2}" text-anchor="middle">{3}</text>"##,
            x(t),
            axis_y + 5.0,
            axis_y + 18.0,
            format_seconds(t, step)
        );
        t += step;
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">time since the run began (s)</text>"#,
        LEFT + plot_width / 2.0,
        axis_y + 36.0
    );
    // Elapsed and ideal times: dashed lines from the plot's top down, labelled above it on
    // two rows, so that neither line runs through the other's label.
    let mut marker = |t: f64, label: &str, colour: &str, dash: &str, label_y: f64| {
        let _ = writeln!(
            s,
            r#"<line class="marker" x1="{0:.1}" y1="{TOP}" x2="{0:.1}" y2="{axis_y}" stroke="{colour}" stroke-dasharray="{dash}"/><text x="{1:.1}" y="{label_y}" fill="{colour}" text-anchor="end">{label}</text>"#,
            x(t),
            x(t) - 3.0,
        );
    };
    marker(
        elapsed,
        &format!("elapsed {elapsed:.2} s"),
        "#333",
        "2 2",
        TOP - 4.0,
    );
    if let Some(ideal) = ideal {
        marker(
            ideal,
            &format!("ideal {ideal:.2} s"),
            "#ef6c00",
            "6 3",
            TOP - 16.0,
        );
    }
    s.push_str("</svg>\n");
    s
}

fn format_seconds(t: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else if step >= 0.01 {
        2
    } else {
        3
    };
    format!("{t:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::RequestOutcome;

    fn request(code: &str, outcome: RequestOutcome, start: f64, end: f64) -> Request {
        Request {
            code: code.into(),
            outcome,
            error: None,
            start,
            end,
            attempt: 1,
        }
    }

    #[test]
    fn few_requests_get_one_bar_each_with_their_code() {
        let requests = [
            request("BR", RequestOutcome::Ok, 0.0, 0.5),
            request("XX", RequestOutcome::NotFound, 0.1, 0.6),
        ];
        let svg = svg("flags-async <POP20>", &requests, 0.62, Some(0.5));
        assert_eq!(svg.matches(r#"class="request""#).count(), 2);
        assert!(svg.contains(">BR</text>") && svg.contains(">XX</text>"));
        assert!(svg.contains("flags-async &lt;POP20&gt;"));
        assert!(svg.contains("ideal 0.50 s") && svg.contains("elapsed 0.62 s"));
        assert!(svg.contains(r#"class="tick""#));
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
    }

    #[test]
    fn many_requests_become_the_number_in_flight() {
        let requests: Vec<Request> = (0..100)
            .map(|i| {
                request(
                    "AA",
                    RequestOutcome::Ok,
                    f64::from(i) * 0.01,
                    0.5 + f64::from(i) * 0.01,
                )
            })
            .collect();
        let svg = svg("t", &requests, 1.5, None);
        assert_eq!(svg.matches(r#"class="request""#).count(), 0);
        assert_eq!(svg.matches(r#"class="in-flight""#).count(), 1);
        assert!(svg.contains("ideal unknown"));
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(0.6), 0.1);
        assert_eq!(tick_step(10.0), 2.0);
        assert_eq!(tick_step(3.0), 0.5);
    }
}
