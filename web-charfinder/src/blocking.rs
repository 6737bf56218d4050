//! What bottle's `run()` does for `web_mojifinder_bottle.py`, done the way its development
//! server (Python's `wsgiref`) does it: one thread takes a connection, reads its request,
//! answers and closes it (HTTP/1.0's one request a connection), then takes the next. While
//! it reads one client, every other waits in the listener's queue: that is the lesson of
//! `web-charfinder-blocking`.
//!
//! What Rust does here and bottle does not, and why: each connection has a deadline for
//! its request's head and another for reading its answer, where `wsgiref` waits for ever on
//! a client that never ends its request (the deadline bounds the wait; a slow client still
//! holds everyone else until it); a head longer than [`MAX_HEAD`] is refused; and Ctrl-C
//! stops the server as it stops the workspace's other servers (support/shutdown), watched
//! by a thread of its own, since the serving thread sits in `accept` or `read`.
//!
//! Layout: this file the command line ([`Options`]), the serving loop ([`run`]) and its
//! stop; `http` one connection: its head read, its request line parsed, its answer
//! written, each by a deadline ([`Request`], [`Answer`]).

mod http;

pub use http::{Answer, MAX_HEAD, Request};

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use closed_stdout::say;
use shutdown::{GRACE, Shutdown, gave_up};

// The command line of `web-charfinder-blocking`, which bottle's `run` takes as arguments:
// the doc line below is the program's `--help` summary.
/// Find Unicode characters by name, on the web, one client at a time.
#[derive(Debug, clap::Parser)]
#[command(name = "web-charfinder-blocking", version, about)]
pub struct Options {
    /// The address to listen on (an IP address, or localhost).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_parser = serving::host)]
    pub host: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// How long a client may take to send its request, and again to read its answer, in
    /// seconds (0.01 to 3600); every other client waits meanwhile.
    #[arg(long, default_value_t = 10.0, value_parser = request_timeout)]
    pub request_timeout: f64,
}

/// `--request-timeout`: above 0, where no client could send a request at all.
fn request_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.01..=3600.0).contains(&x) => Ok(x),
        _ => Err("must be a number of seconds from 0.01 to 3600".into()),
    }
}

impl Options {
    /// `--host` and `--port` together: the address to listen on.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }
}

/// bottle's `run(host, port)`: listens where `options` say, says where, and answers one
/// connection after another with `route`, on this thread, until Ctrl-C (or SIGTERM,
/// SIGHUP). Each client has `--request-timeout` to send its request's head, and as long
/// again to read its answer; every other client waits meanwhile. After the first signal
/// no one more is taken, and the connection under way may finish within
/// support/shutdown's `GRACE`; then the process ends whatever that client does.
pub fn run(options: &Options, route: impl Fn(&Request) -> Answer) -> io::Result<()> {
    let listener = TcpListener::bind(options.addr())?;
    let local = listener.local_addr()?;
    let request_timeout = Duration::from_secs_f64(options.request_timeout);
    let stop = Arc::new(Stop::default());
    // Watched before the address is said: a Ctrl-C right after it stops the server, where
    // the default action would kill it.
    watch_signals(wake_address(local), Arc::clone(&stop))?;
    say(&format!("Serving on http://{local}/ Hit CTRL-C to stop."));
    loop {
        // The one place a client is taken: until this one is answered or cut off, every
        // other waits in the kernel's queue of this listener, connected and unanswered.
        let accepted = listener.accept();
        // After the first signal, the connection that woke the accept (or a client's
        // that came first) is closed unanswered.
        if stop.asked.load(Ordering::SeqCst) {
            break;
        }
        match accepted {
            Ok((stream, _)) => http::answer_one(stream, request_timeout, &route),
            // Out of file descriptors, most likely: said on stderr (written, so that a full
            // stderr cannot stop the server), and tried again a moment later.
            Err(err) => {
                let _ = writeln!(io::stderr(), "accept failed: {err}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    // Held until this returns: the signal thread, if its deadline comes now, finds the
    // line said and says nothing more.
    let mut said = stop.said.lock().unwrap_or_else(PoisonError::into_inner);
    *said = true;
    say("\nServer shut down.");
    closed_stdout::flush_log();
    Ok(())
}

/// What the serving loop and the signal thread share.
#[derive(Debug, Default)]
struct Stop {
    /// Set at the first signal: the loop takes no one more.
    asked: AtomicBool,
    /// Whether `Server shut down.` has been said: by the loop as it ends, or by the signal
    /// thread when the grace is over, whichever comes first, and so once.
    said: Mutex<bool>,
}

/// Watches support/shutdown's signals on a thread of its own, with a tokio runtime of one
/// thread for them alone: the serving thread, in `accept` or `read`, cannot watch them.
/// At the first signal, sets `stop.asked` and connects to `wake`: a blocking `accept`
/// cannot be cancelled, a connection ends it. [`GRACE`] later, or at a second signal, ends
/// the process, whatever the connection under way is doing.
fn watch_signals(wake: SocketAddr, stop: Arc<Stop>) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The signals are taken from their default action here, before this returns; the task
    // that `on_signals` spawns to read them runs once the thread below drives the runtime.
    let signals = runtime.block_on(async { Shutdown::on_signals() })?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async {
                signals.stop.cancelled().await;
                stop.asked.store(true, Ordering::SeqCst);
                // Should the connection fail (the queue full), the deadline below still
                // ends the process.
                let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
                signals.deadline(GRACE).await;
            });
            let said = stop.said.lock().unwrap_or_else(PoisonError::into_inner);
            if !*said {
                say(&gave_up(GRACE));
                say("\nServer shut down.");
                closed_stdout::flush_log();
                // Still holding `said`: the serving loop, if it ends now, waits here and
                // is ended with the process.
                std::process::exit(0);
            }
        })?;
    Ok(())
}

/// Where the signal thread connects to wake the accept: the listener's own address, on
/// loopback when it listens on every address (Windows cannot connect to `0.0.0.0`).
fn wake_address(local: SocketAddr) -> SocketAddr {
    let mut wake = local;
    if local.ip().is_unspecified() {
        wake.set_ip(match local {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    wake
}
