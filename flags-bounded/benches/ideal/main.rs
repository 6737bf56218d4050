//! How close flags-bounded comes to the ideal time: `-e` (676 requests) against an
//! in-process server with a 0.5 s delay on every request, 404s included, for `-m` 50, 200
//! and 1000 (and 1000 over HTTP/2). The ideal is ceil(676 / m) rounds of 0.5 s, the book's
//! figure; no machine reaches it, since a timer of 0.5 s sleeps a little longer than
//! 0.5 s. So the table also gives the floor measured in the same run: the server's own
//! median time per request (from the request's arrival to its answer, as its clock saw
//! it) times the rounds, and the ratio to it. Each setting runs 3 times; the medians count.
//!
//! The flags are saved to a fresh folder for every run, in memory (`/dev/shm`) where the
//! machine has it: what is measured is the concurrency, not the disk. (On a disk, the time
//! to save 194 files at once varies from run to run, and rewriting files that already
//! exist costs more: ext4 flushes each file replaced by a rename.)
//!
//! Then the drawing of the built-in server's flags, out of the clock: `flags-bounded -e
//! -m 1000` as a fresh process (its built-in server has drawn nothing yet) against the same
//! program and settings against a warm server in this process (every flag drawn before),
//! medians of 3, and the ratio of the two (1.00: a first run pays nothing for drawing).
//!
//! Last, the client's own cost: `flags-bounded -s URL -e -m 100` as a fresh process against
//! a warm server with no delay, into a folder that already holds the flags (a second run):
//! the whole process's wall time, CPU time and peak memory; beside it the floor, the same
//! 676 GETs at the same concurrency against the same server by a minimal client (hyper's
//! HTTP/1.1 connections, 100 of them, bodies read and dropped, nothing saved or reported:
//! [`floor::client`]), also a process of its own (this bench started again), and the
//! ratio of the two.
//!
//! Run it: `cargo bench -p flags-bounded` (a release build: 12 runs in process, then 6
//! fresh processes, then 16 of our client and 16 of the floor's);
//! `cargo bench -p flags-bounded -- client` for the client's own cost alone.

mod floor;

use std::path::Path;
use std::time::Duration;

use flags_common::{Output, Progress, RunReport, Settings, Site};
use flags_server::Delay;

const DELAY: Duration = Duration::from_millis(500);
const REPEAT: usize = 3;

/// (max_req, HTTP/2, the ratio to the measured floor asked for at most).
const SETTINGS: [(usize, bool, f64); 4] = [
    (50, false, 1.02),
    (200, false, 1.02),
    (1000, false, 1.10),
    (1000, true, 1.05),
];

/// One run of `flags-bounded -e -m max_req [--http2]`, in this process, as `main` runs
/// it, against a fresh server of its own that records each request; the run and the floor
/// the machine allows: the server's own median time per request (its 0.5 s sleep as the
/// machine's timers keep it, and its answer) times the rounds.
fn run(max_req: usize, http2: bool, parent: &Path) -> (RunReport, f64) {
    let server = flags_server::Server::start(flags_server::Config {
        delay: Delay::fixed(DELAY),
        record: true,
        ..flags_server::Config::default()
    })
    .expect("a server");
    let dest = tempfile::tempdir_in(parent).expect("a fresh folder for the flags");
    let mut codes =
        flags_common::codes::expand_cc_args(true, false, &[]).expect("-e is always valid");
    codes.sort();
    let settings = Settings {
        program: "flags-bounded".into(),
        cc_list: codes,
        max_req: Some(max_req),
        site: Site::Url(server.base_url()),
        verbose: false,
        timeout: Duration::from_secs_f64(3.1),
        retry: flags_common::RetryPolicy::default(),
        http2,
        max_body: flags_common::job::DEFAULT_MAX_BODY,
        dest_dir: dest.path().to_path_buf(),
        output: Output::Silent,
        timeline: None,
        json_file: None,
    };
    let report = flags_common::run(
        &settings,
        flags_bounded::download_many,
        flags_bounded::CONCURRENCY,
        Progress::Bar,
        flags_common::CancellationToken::new(),
    )
    .expect("the run completes");
    assert_eq!(
        (report.tally.ok, report.tally.not_found),
        (194, 482),
        "unexpected counts"
    );
    let mut each: Vec<f64> = server
        .served()
        .iter()
        .filter(|s| s.status != 0)
        .map(|s| s.end - s.start)
        .collect();
    each.sort_by(f64::total_cmp);
    let rounds = 676_usize.div_ceil(max_req.min(676)) as f64;
    (report, rounds * each[each.len() / 2])
}

/// The elapsed time of `flags-bounded -e -m 1000 ARGS`, a process of its own, from its
/// JSON summary.
fn fresh_process(args: &[&str], parent: &Path) -> f64 {
    let dir = tempfile::tempdir_in(parent).expect("a fresh folder");
    let mut all = vec!["-e", "-m", "1000"];
    all.extend(args);
    let run = flags_testing::run(env!("CARGO_BIN_EXE_flags-bounded"), &all, dir.path());
    assert_eq!(run.counts(), (194, 482, 0), "{}", run.stderr);
    run.summary().elapsed
}

/// The median of `runs` calls.
fn median(runs: usize, mut one: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..runs).map(|_| one()).collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// A first run on the built-in server against a run on a warm server.
fn first_run_against_warm(parent: &Path) {
    let warm = flags_server::Server::start(flags_server::Config {
        delay: Delay::fixed(DELAY),
        ..flags_server::Config::default()
    })
    .expect("a warm server");
    let url = warm.base_url();
    let first = median(REPEAT, || fresh_process(&[], parent));
    let against_warm = median(REPEAT, || fresh_process(&["-s", &url], parent));
    println!(
        "\nflags-bounded -e -m 1000, each run a fresh process, median of {REPEAT}: \
         built-in server (first run) {first:.3} s, warm server {against_warm:.3} s: \
         ratio {:.3} (target ≤ 1.02)",
        first / against_warm
    );
}

/// The CPU seconds of this process's children that have ended and been waited for
/// (`/proc/self/stat`'s cutime and cstime, in ticks of 10 ms: summed over many runs, they
/// are precise enough).
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<f64> = stat
        .rsplit(") ")
        .next()
        .unwrap_or_default()
        .split(' ')
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (fields.get(13).unwrap_or(&0.0) + fields.get(14).unwrap_or(&0.0)) / 100.0
}

/// A whole process's peak memory in MB, as GNU time (`/usr/bin/time`) sees it: a child's
/// peak read by this process itself would include this process's own (Linux counts the
/// parent's pages a spawned child had before its `exec`).
fn peak_mb(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<f64> {
    let mut command = std::process::Command::new("/usr/bin/time");
    command.args(["-f", "%M"]).arg(program).args(args);
    command.envs(env.iter().copied());
    let output = command.stdout(std::process::Stdio::null()).output().ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kb: f64 = stderr.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

/// A program to time: its path, its arguments, its environment.
type Program<'a> = (&'a Path, &'a [&'a str], Vec<(&'a str, &'a str)>);

/// The client's own cost: `flags-bounded -s URL -e -m 100`, a whole process, against a warm
/// server with no delay, into a folder that already holds the flags; and the floor's
/// process against the same server. 15 runs of each, in turn so that both see the machine
/// alike: the median wall time (spawn to exit), the mean CPU time, the peak memory.
fn client_cost(parent: &Path) {
    const RUNS: usize = 15;
    let warm = flags_server::Server::start(flags_server::Config::default()).expect("a server");
    let url = warm.base_url();
    let dir = tempfile::tempdir_in(parent).expect("a folder for the flags");
    let dest = dir.path().to_str().expect("a UTF-8 path").to_string();
    let ours_args = ["-s", &url, "-e", "-m", "100", "--dest-dir", &dest];
    let ours_program = Path::new(env!("CARGO_BIN_EXE_flags-bounded"));
    let this = std::env::current_exe().expect("this bench");
    // One run: (wall seconds, CPU seconds).
    let run = |program: &Path, args: &[&str], env: &[(&str, &str)]| -> (f64, f64) {
        let mut command = std::process::Command::new(program);
        command.args(args).envs(env.iter().copied());
        let cpu = children_cpu();
        let t0 = std::time::Instant::now();
        let status = command
            .stdout(std::process::Stdio::null())
            .status()
            .expect("it runs");
        let wall = t0.elapsed().as_secs_f64();
        assert!(status.success(), "{program:?} {args:?}: {status}");
        (wall, children_cpu() - cpu)
    };
    let floor_env = |client| {
        vec![
            (floor::URL_VARIABLE, url.as_str()),
            (floor::CLIENT_VARIABLE, client),
        ]
    };
    // Ours, then the two floors.
    let programs: [Program; 3] = [
        (ours_program, &ours_args, Vec::new()),
        (&this, &[], floor_env("hyper")),
        (&this, &[], floor_env("reqwest")),
    ];
    // A first run of each: ours saves the flags, which the next runs find saved.
    for (program, args, e) in &programs {
        run(program, args, e);
    }
    let mut runs = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for ((program, args, e), runs) in programs.iter().zip(&mut runs) {
            runs.push(run(program, args, e));
        }
    }
    let wall = |k: usize| {
        let mut walls: Vec<f64> = runs[k].iter().map(|r| r.0).collect();
        walls.sort_by(f64::total_cmp);
        walls[RUNS / 2]
    };
    let cpu = |k: usize| runs[k].iter().map(|r| r.1).sum::<f64>() / RUNS as f64;
    let what = [
        "flags-bounded -s URL -e -m 100",
        "the floor, a minimal hyper client",
        "a minimal reqwest client",
    ];
    println!(
        "\nAgainst a warm server with no delay, the same 676 GETs 100 at a time, each the \
         whole process, {RUNS} runs in turn: wall time (median), CPU time (mean), peak memory"
    );
    for (k, (program, args, e)) in programs.iter().enumerate() {
        let peak = peak_mb(program, args, e).map_or("?".into(), |mb| format!("{mb:.1}"));
        println!(
            "{}: {:.1} ms, {:.1} ms CPU, {peak} MB{}",
            what[k],
            wall(k) * 1e3,
            cpu(k) * 1e3,
            if k == 0 { " (target ≤ 15 MB)" } else { "" }
        );
    }
    println!(
        "flags-bounded against the floor: wall {:.2}x (target ≤ 1.5), CPU {:.2}x; the \
         minimal reqwest client against the floor: wall {:.2}x, CPU {:.2}x",
        wall(0) / wall(1),
        cpu(0) / cpu(1),
        wall(2) / wall(1),
        cpu(2) / cpu(1)
    );
}

fn main() {
    if let Ok(url) = std::env::var(floor::URL_VARIABLE) {
        return floor::client(&url);
    }
    let in_memory = Path::new("/dev/shm");
    let parent = if in_memory.is_dir() {
        in_memory.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    // `cargo bench -p flags-bounded -- client`: the client's own cost alone.
    if std::env::args().any(|a| a == "client") {
        return client_cost(&parent);
    }
    println!(
        "flags-bounded -e (676 requests), an in-process server, delay {} s, median of {REPEAT}, \
         flags saved under {}\n",
        DELAY.as_secs_f64(),
        parent.display()
    );
    println!(
        "| -m | HTTP | ideal | floor | median | min | max | ratio to ideal | ratio to floor | target |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (max_req, http2, target) in SETTINGS {
        let runs: Vec<(RunReport, f64)> =
            (0..REPEAT).map(|_| run(max_req, http2, &parent)).collect();
        let mut times: Vec<f64> = runs.iter().map(|(r, _)| r.elapsed.as_secs_f64()).collect();
        times.sort_by(f64::total_cmp);
        let mut floors: Vec<f64> = runs.iter().map(|(_, floor)| *floor).collect();
        floors.sort_by(f64::total_cmp);
        let ideal = 676_usize.div_ceil(max_req.min(676)) as f64 * DELAY.as_secs_f64();
        let (median, floor) = (times[REPEAT / 2], floors[REPEAT / 2]);
        let to_floor = median / floor;
        let verdict = if to_floor <= target { "met" } else { "MISSED" };
        println!(
            "| {max_req} | {} | {ideal:.2} s | {floor:.3} s | {median:.3} s | {:.3} s | {:.3} s | {:.3} | {to_floor:.3} | ≤ {target} {verdict} |",
            if http2 { "2" } else { "1.1" },
            times[0],
            times[REPEAT - 1],
            median / ideal,
        );
    }
    first_run_against_warm(&parent);
    client_cost(&parent);
}
