//! What a comparison measures: each run of a program ([`RunResult`]), the counts every
//! program must agree on ([`Counts`]), and a program's runs summed up in a row of the
//! table ([`Row`]).

use flags_common::RunReport;
use flags_common::timeline::Request;

/// One run of one program, as the run's report and the server's counters tell it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunResult {
    /// Seconds `download_many` took.
    pub elapsed: f64,
    /// The requests the server received.
    pub requests: u64,
    /// The most requests the server handled at once.
    pub peak_in_flight: u64,
    /// How the downloads ended.
    pub counts: Counts,
    /// Milliseconds the built-in server took to start.
    pub startup_ms: f64,
    /// The connections the server accepted.
    pub connections: u64,
    /// Seconds of CPU the program's process used (user and system), in class mode, where
    /// each program is a process of its own.
    pub cpu_seconds: Option<f64>,
    /// The process's peak resident memory in MB, in class mode.
    pub peak_memory_mb: Option<f64>,
    /// Each request, from the start of the run, for `--timeline`.
    #[serde(skip)]
    pub spans: Vec<Request>,
    #[serde(skip)]
    pub(crate) ideal: Option<f64>,
    #[serde(skip)]
    pub(crate) concurrency: usize,
}

/// The part of a run's [`Tally`](flags_common::Tally) every program must agree on, when
/// a comparison checks them against each other: `{"ok", "not_found", "errors"}` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// Flags downloaded.
    pub ok: usize,
    /// Codes without a flag.
    pub not_found: usize,
    /// Failed downloads.
    pub errors: usize,
}

impl From<&flags_common::Tally> for Counts {
    fn from(tally: &flags_common::Tally) -> Counts {
        let flags_common::Tally {
            ok,
            not_found,
            errors,
            ..
        } = *tally;
        Counts {
            ok,
            not_found,
            errors,
        }
    }
}

impl From<&RunReport> for RunResult {
    fn from(report: &RunReport) -> RunResult {
        let counters = report.server.unwrap_or_default();
        RunResult {
            elapsed: report.elapsed.as_secs_f64(),
            requests: counters.requests,
            peak_in_flight: counters.peak_in_flight,
            counts: Counts::from(&report.tally),
            startup_ms: report.startup.as_secs_f64() * 1e3,
            connections: counters.connections,
            cpu_seconds: None,
            peak_memory_mb: None,
            spans: report.requests.clone(),
            ideal: report.ideal(),
            concurrency: report.concurrency,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The program (and style).
    #[serde(rename = "program")]
    pub name: String,
    /// `Rust`, or `Python` for the book's scripts in class mode.
    pub language: &'static str,
    pub concurrency: usize,
    /// The median elapsed seconds.
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// ceil(requests / concurrency) × delay, when the delay is fixed.
    pub ideal: Option<f64>,
    /// The counts of the first run.
    pub counts: Counts,
    /// The server's peak number of requests in flight, over the runs.
    #[serde(rename = "peak_in_flight")]
    pub peak: u64,
    pub runs: Vec<RunResult>,
}

impl Row {
    /// A row from a program's runs (at least one).
    pub fn from_runs(name: &str, runs: Vec<RunResult>) -> Row {
        Row::from_language_runs(name, "Rust", runs)
    }

    /// A row from a program's runs (at least one), in `language`.
    pub fn from_language_runs(name: &str, language: &'static str, runs: Vec<RunResult>) -> Row {
        let mut times: Vec<f64> = runs.iter().map(|r| r.elapsed).collect();
        times.sort_by(f64::total_cmp);
        let first = &runs[0];
        Row {
            name: name.to_string(),
            language,
            concurrency: first.concurrency,
            median: median(&times),
            min: times[0],
            max: times[times.len() - 1],
            ideal: first.ideal,
            counts: first.counts,
            peak: runs.iter().map(|r| r.peak_in_flight).max().unwrap_or(0),
            runs,
        }
    }

    /// The median over the ideal time, when there is an ideal (a fixed delay above 0).
    pub fn ratio(&self) -> Option<f64> {
        self.ideal.filter(|i| *i > 0.0).map(|i| self.median / i)
    }

    /// The built-in server's start-up, median over the runs, in milliseconds.
    pub fn startup_ms(&self) -> f64 {
        let mut times: Vec<f64> = self.runs.iter().map(|r| r.startup_ms).collect();
        times.sort_by(f64::total_cmp);
        median(&times)
    }

    /// The server's requests per second, at the median time.
    pub fn requests_per_second(&self) -> f64 {
        self.runs[0].requests as f64 / self.median.max(1e-9)
    }

    /// The median CPU seconds over the runs, in class mode.
    pub fn cpu_seconds(&self) -> Option<f64> {
        let mut cpu: Vec<f64> = self.runs.iter().filter_map(|r| r.cpu_seconds).collect();
        cpu.sort_by(f64::total_cmp);
        (!cpu.is_empty()).then(|| median(&cpu))
    }

    /// The largest peak memory over the runs, in MB, in class mode.
    pub fn peak_memory_mb(&self) -> Option<f64> {
        self.runs
            .iter()
            .filter_map(|r| r.peak_memory_mb)
            .reduce(f64::max)
    }

    /// The connections of the first run.
    pub fn connections(&self) -> u64 {
        self.runs[0].connections
    }

    /// The run whose time is closest to the median: the one the stacked timeline draws.
    pub fn typical_run(&self) -> &RunResult {
        self.runs
            .iter()
            .min_by(|a, b| {
                (a.elapsed - self.median)
                    .abs()
                    .total_cmp(&(b.elapsed - self.median).abs())
            })
            .unwrap_or(&self.runs[0])
    }

    /// Codes searched per second, at the median time.
    pub fn codes_per_second(&self) -> f64 {
        (self.counts.ok + self.counts.not_found + self.counts.errors) as f64 / self.median.max(1e-9)
    }
}

/// The median of sorted numbers.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The sequential version's median, the base of the speed-ups.
pub fn sequential(rows: &[Row]) -> Option<f64> {
    rows.iter()
        .find(|r| r.name == "flags-seq")
        .map(|r| r.median)
}
