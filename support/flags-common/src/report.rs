//! What a run measured ([`RunReport`], with its [`ideal`] time), and the book's initial and
//! final reports, as text.

use std::fmt::Write as _;
use std::time::Duration;

use flags_server::Delay;

use crate::timeline::Request;
pub use crate::transport::masked;
use crate::{Site, Tally};

/// The ideal time of a run: every request waits the server's delay, `concurrency` at a
/// time, so ceil(requests / concurrency) × delay. Known only for a fixed delay.
///
/// ```
/// use std::time::Duration;
/// use flags_common::report::ideal;
/// use flags_server::Delay;
///
/// let half_second = Delay::fixed(Duration::from_millis(500));
/// assert_eq!(ideal(20, 5, half_second), Some(2.0), "4 rounds of 0.5 s");
/// assert_eq!(ideal(20, 5, "0.5..5".parse().unwrap()), None);
/// ```
pub fn ideal(requests: usize, concurrency: usize, delay: Delay) -> Option<f64> {
    delay.is_fixed().then(|| {
        let rounds = requests.div_ceil(concurrency.max(1));
        rounds as f64 * delay.min.as_secs_f64()
    })
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The program: `flags-bounded`.
    pub program: String,
    /// Where the flags came from.
    pub site: Site,
    pub base_url: String,
    /// How many codes were searched.
    pub codes: usize,
    pub concurrency: usize,
    /// How each download ended, counted.
    pub tally: Tally,
    /// The time `download_many` took.
    pub elapsed: Duration,
    /// What the built-in server saw, when there was one.
    pub server: Option<flags_server::Counters>,
    /// How long the built-in server took to start (zero without one).
    pub startup: Duration,
    /// Each request, by start time.
    pub requests: Vec<Request>,
}

impl RunReport {
    /// The run's [`ideal`] time, for a built-in server with a fixed delay. Requests, not
    /// codes, are what wait: callbacks-vs-async makes two per code.
    pub fn ideal(&self) -> Option<f64> {
        match &self.site {
            Site::BuiltIn(_, config) => ideal(
                self.requests.len().max(self.codes),
                self.concurrency,
                config.delay,
            ),
            _ => None,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The report printed before the downloads start:
///
/// ```
/// use flags_common::{Site, report::initial_report};
///
/// let codes: Vec<String> = ["BR", "CN"].map(String::from).into();
/// let text = initial_report(&Site::Remote, "https://www.fluentpython.com/data/flags", &codes, 2);
/// assert_eq!(
///     text,
///     "REMOTE site: https://www.fluentpython.com/data/flags\n\
///      Searching for 2 flags: BR, CN\n\
///      2 concurrent connections will be used.\n"
/// );
/// ```
pub fn initial_report(
    site: &Site,
    base_url: &str,
    cc_list: &[String],
    actual_req: usize,
) -> String {
    let mut text = format!("{} site: {}", site.label(), masked(base_url));
    if let Site::BuiltIn(_, config) = site {
        let errors = if config.error_rate > 0.0 {
            format!("error rate {}", config.error_rate)
        } else {
            "no errors".to_string()
        };
        let seed = config
            .seed
            .map(|s| format!(", seed {s}"))
            .unwrap_or_default();
        let _ = write!(text, " (built-in: delay {}, {errors}{seed})", config.delay);
    }
    let cc_msg = match cc_list {
        [first, .., last] if cc_list.len() > 10 => format!("from {first} to {last}"),
        _ => cc_list.join(", "),
    };
    let n = cc_list.len();
    let _ = writeln!(text, "\nSearching for {n} flag{}: {cc_msg}", plural(n));
    if actual_req == 1 {
        text.push_str("1 connection will be used.\n");
    } else {
        let _ = writeln!(text, "{actual_req} concurrent connections will be used.");
    }
    text
}

/// The report printed at the end, counts right-aligned in three columns:
///
/// ```
/// use std::time::Duration;
/// use flags_common::{Tally, report::final_report};
///
/// let tally = Tally { ok: 43, not_found: 35, ..Tally::default() };
/// assert_eq!(
///     final_report(&tally, Duration::from_millis(1720)),
///     "--------------------\n 43 flags downloaded.\n 35 not found.\nElapsed time: 1.72s\n"
/// );
/// ```
///
/// The not-found and error lines appear only when not zero; under the errors, one line per
/// kind (beyond the book); an interrupted run says how many codes it never tried and how
/// many requests it dropped on the way.
pub fn final_report(tally: &Tally, elapsed: Duration) -> String {
    let mut text = format!("{}\n", "-".repeat(20));
    let _ = writeln!(text, "{:3} flag{} downloaded.", tally.ok, plural(tally.ok));
    if tally.not_found > 0 {
        let _ = writeln!(text, "{:3} not found.", tally.not_found);
    }
    if tally.errors > 0 {
        let _ = writeln!(text, "{:3} error{}.", tally.errors, plural(tally.errors));
        for (kind, count) in &tally.error_kinds {
            let _ = writeln!(text, "{count:8} × {kind}");
        }
    }
    if tally.interrupted {
        let _ = writeln!(
            text,
            "{:3} not attempted, {} dropped in flight: interrupted by Ctrl-C.",
            tally.not_attempted, tally.dropped
        );
    }
    let _ = writeln!(text, "Elapsed time: {:.2}s", elapsed.as_secs_f64());
    text
}

/// The line the report adds when anything was retried: `12 requests retried, 0 gave up`.
///
/// ```
/// assert_eq!(flags_common::report::retries_line(1, 0), "1 request retried, 0 gave up");
/// ```
pub fn retries_line(retried: usize, gave_up: usize) -> String {
    format!(
        "{retried} request{} retried, {gave_up} gave up",
        plural(retried)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use flags_server::Profile;

    fn codes(list: &str) -> Vec<String> {
        list.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn initial_report_as_the_book() {
        let pop20 = codes("BD BR CD CN DE EG ET FR ID IN IR JP MX NG PH PK RU TR US VN");
        assert_eq!(
            initial_report(
                &Site::Url("http://localhost:8001/flags".into()),
                "http://localhost:8001/flags",
                &pop20,
                5
            ),
            "URL site: http://localhost:8001/flags\n\
             Searching for 20 flags: from BD to VN\n\
             5 concurrent connections will be used.\n"
        );
        let site = Site::BuiltIn(Profile::Delay, Profile::Delay.config());
        assert_eq!(
            initial_report(&site, "http://x/flags", &codes("BR"), 1),
            "DELAY site: http://x/flags (built-in: delay 0.50s, no errors)\n\
             Searching for 1 flag: BR\n\
             1 connection will be used.\n"
        );
        let ten = codes("AD AE AF AG AL AM AO AR AT AU");
        assert!(
            initial_report(&Site::Remote, "u", &ten, 10)
                .contains("Searching for 10 flags: AD, AE, AF, AG, AL, AM, AO, AR, AT, AU\n")
        );
    }

    #[test]
    fn final_report_as_the_book() {
        let mut tally = Tally {
            ok: 73,
            errors: 27,
            ..Tally::default()
        };
        tally.error_kinds.insert("HTTP 418".into(), 27);
        assert_eq!(
            final_report(&tally, Duration::from_millis(640)),
            "--------------------\n 73 flags downloaded.\n 27 errors.\n      27 × HTTP 418\nElapsed time: 0.64s\n"
        );
        let one = Tally {
            ok: 1,
            not_found: 35,
            ..Tally::default()
        };
        assert_eq!(
            final_report(&one, Duration::from_secs(1)),
            "--------------------\n  1 flag downloaded.\n 35 not found.\nElapsed time: 1.00s\n"
        );
        let stopped = Tally {
            ok: 40,
            not_attempted: 630,
            dropped: 2,
            interrupted: true,
            ..Tally::default()
        };
        assert!(final_report(&stopped, Duration::from_secs(1)).contains(
            " 40 flags downloaded.\n630 not attempted, 2 dropped in flight: interrupted by Ctrl-C.\n"
        ));
    }
}
