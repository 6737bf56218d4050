//! The spinner of the book's `spinner_*` programs, for the three that run it beside a
//! prime check or in a child process: [`spin`] itself (each book file carries its own copy;
//! here they share this one, and spinner-thread has the original), the slow work
//! ([`BIG_PRIME`], [`check_big_prime_for`]), their command line ([`Args`]), and the child
//! process: [`SpinnerProcess`] on the parent's side, [`spinner_child`] on the child's, and
//! [`supervise_in_child`] and [`main_with_child`], which run the two.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// Repaints `\r<char> thinking!` every 0.1 s until `done` says stop (a message, or its
/// sender gone), then blanks the line.
pub fn spin(msg: &str, done: &Receiver<()>) {
    let mut status = String::new();
    for char in r"\|/-".chars().cycle() {
        status = format!("\r{char} {msg}");
        print!("{status}");
        let _ = std::io::stdout().flush();
        // `done.wait(.1)`: sleep up to 0.1 s, waking at once when told to stop.
        match done.recv_timeout(Duration::from_millis(100)) {
            Err(RecvTimeoutError::Timeout) => continue,
            Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    print!("\r{}\r", " ".repeat(status.len()));
    let _ = std::io::stdout().flush();
}

/// The book's number: prime, and seconds of work for Python's `is_prime`. Rust checks it
/// many times faster, so the spinner programs check it again until `seconds` have passed.
pub const BIG_PRIME: u64 = 5_000_111_000_222_021;

/// Checks [`BIG_PRIME`] again and again for at least `seconds`; the answer.
pub fn check_big_prime_for(seconds: f64) -> bool {
    let t0 = std::time::Instant::now();
    loop {
        let prime = crate::is_prime(BIG_PRIME);
        if t0.elapsed().as_secs_f64() >= seconds {
            return prime;
        }
    }
}

/// `--seconds`: how long the slow side takes (the book's 3 s by default).
#[derive(Debug, clap::Parser)]
pub struct Args {
    /// `--seconds`, the option of every spinner program (program::Seconds).
    #[command(flatten)]
    pub slow: program::Seconds,
    /// Run as the spinner's child process (started by the program itself).
    #[arg(long, hide = true)]
    pub spinner_child: bool,
}

/// The child process's side of `spinner-proc` and `spinner-prime-proc`: wait for the
/// parent's "start" byte, then spin until the parent closes our stdin (the book's
/// `multiprocessing.Event` is this pipe).
pub fn spinner_child() {
    use std::io::Read;
    let mut stdin = std::io::stdin();
    // `Process(...)` is made, then `start()`ed: the first byte is the start.
    if !matches!(stdin.read(&mut [0u8]), Ok(1)) {
        return;
    }
    let (stop, done) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Blocks until the parent closes the pipe (or writes again).
        let _ = stdin.read(&mut [0u8]);
        let _ = stop.send(());
    });
    spin("thinking!", &done);
}

/// The spinner's child process, made but not yet spinning, as `Process(...)` before
/// `start()`.
pub struct SpinnerProcess(std::process::Child);

impl SpinnerProcess {
    /// Starts this program again as the spinner's child; it waits for [`Self::start`].
    pub fn new() -> std::io::Result<SpinnerProcess> {
        let child = std::process::Command::new(std::env::current_exe()?)
            .arg("--spinner-child")
            .stdin(std::process::Stdio::piped())
            .spawn()?;
        Ok(SpinnerProcess(child))
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// `spinner.start()`: one byte down the pipe, and the child spins.
    pub fn start(&mut self) {
        use std::io::Write;
        if let Some(stdin) = self.0.stdin.as_mut() {
            let _ = stdin.write_all(b"s").and_then(|()| stdin.flush());
        }
    }

    /// `done.set()` then `spinner.join()`: close the pipe, wait for the child to end.
    pub fn stop(mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

/// The book's `supervisor` with the spinner in a child process: start it, print its
/// repr, run `work` here, stop it, and return what `work` returned. The child is this
/// very program, run again with `--spinner-child`: `main` must hand that case to
/// [`spinner_child`] first.
pub fn supervise_in_child<T>(program: &str, work: impl FnOnce() -> T) -> T {
    let mut spinner = match SpinnerProcess::new() {
        Ok(child) => child,
        Err(err) => {
            eprintln!("{program}: cannot start the spinner's process: {err}");
            std::process::exit(1);
        }
    };
    println!("spinner object: <Child pid {}>", spinner.id());
    spinner.start();
    let result = work();
    spinner.stop();
    result
}

/// The `main` of `spinner-proc` and `spinner-prime-proc`, which differ only in their
/// `slow`: the spinner's child process when started as one, else the book's `main`, with
/// the cursor hidden meanwhile.
pub fn main_with_child<T: std::fmt::Display>(program: &str, slow: impl FnOnce(f64) -> T) {
    let args = program::args::<Args>();
    if args.spinner_child {
        return spinner_child();
    }
    let _cursor = hidden_cursor::HiddenCursor::hide();
    let result = supervise_in_child(program, || slow(args.slow.seconds));
    println!("Answer: {result}");
}
