//! `cargo xtask console`: the proof that the async lessons can be watched in tokio-console
//! (book/src/reference/console.md). For each of [`LESSONS`], in a tmux server of this
//! check's own, on a terminal of 160 × 40 that nobody looks at: `cargo console -p LESSON
//! -- ARGS` in one window, its console server on a free loopback port (`TOKIO_CONSOLE_BIND`);
//! once that port takes a connection (cargo has built the lesson and it has started),
//! `tokio-console http://127.0.0.1:PORT` in a second window; then that window's screen,
//! read with `tmux capture-pane`, until the words the lesson must show are cells of the
//! console's task list. Each last screen is printed, and saved in `target/console-screens/`
//! as text (`.txt`) and with its colours as ANSI escapes (`.ansi`), for a screenshot.
//!
//! tokio-console is installed at a pinned version into `target/book-tools` the first time
//! ([`crate::tools`]). Without tmux the check is skipped, with a line that says why: exit
//! status 0 on a laptop, 1 under CI (`CI=true`), where a skipped proof would pass unseen.
//!
//! This file holds the lessons and the order of the check; `tmux` the terminals.

mod tmux;

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use xtask::workspace;

use crate::tools::{self, Tool};
use tmux::Tmux;

/// tokio-console at the version the book's console page names, which the lessons' screens
/// are checked with.
const TOKIO_CONSOLE: Tool = Tool {
    krate: "tokio-console",
    version: "0.1.14",
    program: "tokio-console",
    says_version: true,
    install_args: &[],
};

/// A lesson, and what the console must show of it.
struct Lesson {
    package: &'static str,
    /// The program's arguments: a run long enough to be watched (the check stops it as
    /// soon as the console shows what it must), and for the flags lessons, ten flags, so
    /// that every row fits on the console's screen (the oldest tasks come first).
    args: &'static [&'static str],
    /// Words that must be cells of the console's task list: the names the lesson (and the
    /// built-in flags server, `connection`) gives its tasks; for domains, whose probes are
    /// not tasks, the kind of the one task they all run in.
    shows: &'static [&'static str],
    /// A server whose tasks start with a client: the check gives it a free port
    /// (`--port`) and connects once it listens.
    serves: bool,
}

/// The lessons the book's console page talks about.
const LESSONS: [Lesson; 5] = [
    Lesson {
        package: "spinner-async",
        args: &["--seconds", "60"],
        shows: &["spinner"],
        serves: false,
    },
    Lesson {
        package: "flags-async",
        args: &["-l", "10", "--delay", "20", "--timeout", "60"],
        shows: &["download_one", "connection"],
        serves: false,
    },
    Lesson {
        package: "flags-bounded",
        args: &["-l", "10", "--delay", "20", "--timeout", "60"],
        shows: &["download_one", "connection"],
        serves: false,
    },
    Lesson {
        package: "tcp-charfinder",
        args: &[],
        shows: &["finder"],
        serves: true,
    },
    Lesson {
        package: "domains",
        args: &["--delay", "20", "--timeout", "60"],
        shows: &["block_on"],
        serves: false,
    },
];

/// How long cargo may take to build a lesson and start it. A cold `cargo console` builds
/// every dependency again (the flag changes them all) and takes minutes on two cores; a
/// build that fails ends its window, which is seen at once.
const BUILD: Duration = Duration::from_secs(30 * 60);

/// How long the console may take to show the lesson's tasks once the lesson runs: it
/// connects, and hears from the lesson once a second.
const SHOW: Duration = Duration::from_secs(60);

pub fn run() -> ExitCode {
    if !Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        println!(
            "cargo xtask console: skipped: tmux is not installed, and the lessons and \
             tokio-console run in its terminals (apt-get install tmux, brew install tmux)"
        );
        let under_ci = std::env::var("CI").is_ok_and(|v| v == "true");
        return if under_ci {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let root = workspace();
    let path = match tools::install(&root.join("target/book-tools"), &[TOKIO_CONSOLE]) {
        Ok(path) => path,
        Err(err) => {
            eprintln!("cargo xtask console: {err}");
            return ExitCode::FAILURE;
        }
    };
    let screens = root.join("target/console-screens");
    let tmux = match Tmux::new(&screens, &path) {
        Ok(tmux) => tmux,
        Err(err) => {
            eprintln!("cargo xtask console: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = Vec::new();
    for lesson in &LESSONS {
        println!(
            "\n==== {}: waiting for {}",
            lesson.package,
            lesson.shows.join(", ")
        );
        match watch(lesson, &tmux, &root, &screens) {
            Ok(screen) => println!("{screen}"),
            Err(err) => {
                println!("{}: {err}", lesson.package);
                failed.push(lesson.package);
            }
        }
        // The lesson and its console end with their session (SIGHUP).
        let _ = tmux.run(&["kill-session", "-t", lesson.package]);
    }
    if failed.is_empty() {
        println!(
            "\nevery lesson's tasks were seen in tokio-console; the screens are in {}",
            screens.display()
        );
        ExitCode::SUCCESS
    } else {
        println!("\nnot seen in tokio-console: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}

/// Runs `lesson` and its console in a session named after it; the console's screen once
/// it shows what it must, or why not, with the last screens.
fn watch(lesson: &Lesson, tmux: &Tmux, root: &Path, screens: &Path) -> Result<String, String> {
    let session = lesson.package;
    let console = free_port()?;
    let server = if lesson.serves {
        Some(free_port()?)
    } else {
        None
    };
    // `env`, not tmux's `-e`, which older tmux lacks.
    let bind = format!("TOKIO_CONSOLE_BIND=127.0.0.1:{console}");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = root.to_string_lossy().into_owned();
    let mut command: Vec<&str> = vec![
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "160",
        "-y",
        "40",
        "-n",
        "lesson",
        "-c",
    ];
    command.extend([root.as_str(), "env", bind.as_str(), cargo.as_str()]);
    command.extend(["console", "-p", lesson.package, "--"]);
    command.extend(lesson.args);
    let port_arg = server.map(|port| port.to_string());
    if let Some(port) = &port_arg {
        command.extend(["--port", port.as_str()]);
    }
    tmux.run(&command)?;
    let lesson_window = format!("{session}:lesson");
    wait_for(console, tmux, &lesson_window, BUILD)?;
    let target = format!("http://127.0.0.1:{console}");
    tmux.run(&[
        "new-window",
        "-t",
        session,
        "-n",
        "console",
        "tokio-console",
        &target,
    ])?;
    // Held until the check ends: tcp-charfinder's `finder` lives as long as its client.
    let _client = match server {
        Some(port) => {
            wait_for(port, tmux, &lesson_window, SHOW)?;
            let client = TcpStream::connect((Ipv4Addr::LOCALHOST, port));
            Some(client.map_err(|e| format!("cannot connect to 127.0.0.1:{port}: {e}"))?)
        }
        None => None,
    };
    let console_window = format!("{session}:console");
    let deadline = Instant::now() + SHOW;
    loop {
        let screen = tmux.run(&["capture-pane", "-p", "-t", &console_window])?;
        if shows(&screen, lesson.shows) {
            let coloured = tmux.run(&["capture-pane", "-p", "-e", "-t", &console_window])?;
            save(&screens.join(format!("{session}.txt")), &screen)?;
            save(&screens.join(format!("{session}.ansi")), &coloured)?;
            return Ok(screen);
        }
        if Instant::now() > deadline {
            let program = tmux.run(&["capture-pane", "-p", "-t", &lesson_window])?;
            return Err(format!(
                "tokio-console did not show {} within {} s. Its last screen:\n{screen}\n\
                 The lesson's:\n{program}",
                lesson.shows.join(", "),
                SHOW.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Whether each of `words` is a cell of the console's task list on `screen`: a whole
/// word of a line below the list's header (the line that holds `Name` and `Polls`).
fn shows(screen: &str, words: &[&str]) -> bool {
    let rows: Vec<&str> = screen
        .lines()
        .skip_while(|line| !(line.contains("Name") && line.contains("Polls")))
        .skip(1)
        .collect();
    words.iter().all(|word| {
        rows.iter()
            .any(|row| row.split_whitespace().any(|w| w == *word))
    })
}

/// Waits until something listens on loopback `port`, for at most `limit`, and fails at
/// once, with its last lines, if the program in `window` has ended.
fn wait_for(port: u16, tmux: &Tmux, window: &str, limit: Duration) -> Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + limit;
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
            return Ok(());
        }
        let dead = tmux.run(&["display-message", "-p", "-t", window, "#{pane_dead}"])?;
        if dead.trim() == "1" || Instant::now() > deadline {
            let screen = tmux.run(&["capture-pane", "-p", "-t", window])?;
            return Err(format!(
                "nothing listens on 127.0.0.1:{port} ({}). The lesson's window:\n{screen}",
                if dead.trim() == "1" {
                    "the program has ended"
                } else {
                    "time is up"
                }
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// A loopback port that nothing listens on now, as the system picks one for port 0.
fn free_port() -> Result<u16, String> {
    xtask::free_port().map_err(|e| format!("no free loopback port: {e}"))
}

fn save(file: &Path, text: &str) -> Result<(), String> {
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))
}
