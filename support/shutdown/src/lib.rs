//! How the chapter's servers stop, so that no client can hold one up.
//!
//! The book's servers stop on `KeyboardInterrupt`: `serve_forever` is cancelled, and
//! `asyncio.run` then cancels every task still running. A Rust server has no exception to
//! catch; it is told to stop. Here a shutdown has two moments, each a
//! [`CancellationToken`]: the first Ctrl-C (or SIGTERM, SIGHUP, Ctrl-Break) cancels
//! [`Shutdown::stop`], and the server stops accepting and tells its clients; [`GRACE`]
//! later, or at a second Ctrl-C, [`Shutdown::deadline`] resolves and the server ends,
//! whatever its clients are doing (not reading, sending half a request, idle).
//!
//! Layout: [`Shutdown`] the two tokens, [`Shutdown::on_signals`] wires them to the
//! process's signals, [`Shutdown::deadline`] the moment to give up on the clients, and
//! [`gave_up`] the line a server says then.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// How long a server gives its clients, after the first signal, to be told and to go.
pub const GRACE: Duration = Duration::from_secs(3);

/// The two moments of a shutdown; clones share them.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    /// Cancelled at the first signal: stop accepting, tell the clients, end the sessions.
    pub stop: CancellationToken,
    /// Cancelled at the second signal: end now.
    pub now: CancellationToken,
}

impl Shutdown {
    /// A shutdown driven by this process's signals: Ctrl-C, and on Unix SIGTERM and SIGHUP
    /// (on Windows Ctrl-Break and the console's closing), which would otherwise end the
    /// server at once, its clients getting a bare end of file. The first cancels
    /// [`Shutdown::stop`], the second [`Shutdown::now`]. Call it inside a tokio runtime.
    pub fn on_signals() -> std::io::Result<Shutdown> {
        let shutdown = Shutdown::default();
        let mut signals = Signals::new()?;
        let tokens = shutdown.clone();
        tokio::spawn(async move {
            signals.next().await;
            tokens.stop.cancel();
            signals.next().await;
            tokens.now.cancel();
        });
        Ok(shutdown)
    }

    /// Resolves `grace` after [`Shutdown::stop`], or as soon as [`Shutdown::now`]: the
    /// moment a server stops waiting for its clients.
    pub async fn deadline(&self, grace: Duration) {
        self.stop.cancelled().await;
        tokio::select! {
            () = tokio::time::sleep(grace) => {}
            () = self.now.cancelled() => {}
        }
    }
}

/// What a server says when [`Shutdown::deadline`] ends the sessions still open after
/// `grace`, on a line of its own (a terminal has just echoed `^C`).
pub fn gave_up(grace: Duration) -> String {
    format!(
        "\nClients still connected after {} s: closed.",
        grace.as_secs()
    )
}

/// The signals that ask a server to stop: Ctrl-C everywhere; on Unix also SIGTERM (`kill`,
/// `timeout`) and SIGHUP (the terminal closed); on Windows, which has neither, Ctrl-Break
/// and the console window being closed.
struct Signals {
    #[cfg(unix)]
    kinds: [tokio::signal::unix::Signal; 3],
    #[cfg(windows)]
    kinds: (
        tokio::signal::windows::CtrlC,
        tokio::signal::windows::CtrlBreak,
        tokio::signal::windows::CtrlClose,
    ),
}

impl Signals {
    fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                kinds: [
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                ],
            })
        }
        #[cfg(windows)]
        {
            use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close};
            Ok(Signals {
                kinds: (ctrl_c()?, ctrl_break()?, ctrl_close()?),
            })
        }
    }

    /// The next signal, whichever it is.
    async fn next(&mut self) {
        #[cfg(unix)]
        {
            let [interrupt, terminate, hangup] = &mut self.kinds;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
                _ = hangup.recv() => {}
            }
        }
        #[cfg(windows)]
        {
            let (interrupt, brk, close) = &mut self.kinds;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = brk.recv() => {}
                _ = close.recv() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// On tokio's paused clock: no real waiting, and the times are exact.
    #[tokio::test(start_paused = true)]
    async fn the_deadline_is_the_grace_after_stop_or_at_now() {
        let shutdown = Shutdown::default();
        let start = Instant::now();
        let first_signal = shutdown.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            first_signal.stop.cancel();
        });
        shutdown.deadline(GRACE).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1) + GRACE);

        let twice = Shutdown::default();
        let start = Instant::now();
        twice.stop.cancel();
        twice.now.cancel();
        twice.deadline(GRACE).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
