//! Tasks that tokio-console can name, for the async lessons: [`spawn`] and [`spawn_in`]
//! are `tokio::spawn` and `JoinSet::spawn` with a name for the console's Name column, and
//! [`watch`], first thing in a lesson's `main`, starts what the console connects to.
//!
//! asyncio names every task (`Task-1`, or `create_task(coro, name=...)`) and lists them
//! (`asyncio.all_tasks()`); tokio's stable API does neither. Its names and its report of
//! each task to the console need two switches: the compiler flag `--cfg tokio_unstable`
//! (tokio's task `Builder`, which takes a name) and this crate's `console` feature
//! (console-subscriber, and tokio's `tracing` feature, which gives each task a span).
//! `cargo console -p LESSON`, an alias in `.cargo/config.toml`, turns on both, in a target
//! folder of its own. Any other build spawns with plain `tokio::spawn`, drops the names,
//! and its `watch` does nothing.
//!
//! Layout: this file holds the three calls; the module `named` holds how a task is
//! spawned in each kind of build, `watching` what `watch` does in each.

use std::future::Future;

use tokio::task::{AbortHandle, JoinHandle, JoinSet};

/// `tokio::spawn(future)`, the task named `name` in tokio-console: the lessons'
/// `asyncio.create_task(coro, name=...)`. The console's Location column shows the line
/// that called this function, not a line of this file (`#[track_caller]`).
#[track_caller]
pub fn spawn<F>(name: &'static str, future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    named::spawn(name, future)
}

/// `set.spawn(future)`, the task named `name` in tokio-console, as [`spawn`] names it.
#[track_caller]
pub fn spawn_in<T, F>(set: &mut JoinSet<T>, name: &'static str, future: F) -> AbortHandle
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    named::spawn_in(set, name, future)
}

/// In a `cargo console` build: starts console-subscriber's server, on a thread and a
/// runtime of its own, at 127.0.0.1:6669 or at the loopback address `TOKIO_CONSOLE_BIND`
/// names (`127.0.0.1:7000`), and says on stderr the command that watches this program. It
/// hears of every task of every runtime in the process (the built-in servers' too), from
/// the moment it starts: call it before the first task is spawned.
///
/// A `TOKIO_CONSOLE_BIND` that is not a loopback address is refused, with a line on
/// stderr, and the program runs unwatched. So does a build with the `console` feature but
/// without `--cfg tokio_unstable`, where console-subscriber would panic. In any other
/// build, it does nothing.
pub fn watch() {
    watching::start();
}

// tokio's task `Builder` exists only with `--cfg tokio_unstable` and tokio's `tracing`
// feature, which this crate's `console` feature turns on.
#[cfg(all(tokio_unstable, feature = "console"))]
mod named {
    use std::future::Future;

    use tokio::task::{AbortHandle, JoinHandle, JoinSet};

    /// Why `expect` cannot fire: in tokio 1.x, both builders' `spawn` return `Ok` whenever
    /// `tokio::spawn` would not panic (outside a runtime, both panic); their `io::Result`
    /// is room for a later version.
    const ALWAYS_OK: &str = "tokio's task builders spawn as tokio::spawn does, and return Ok";

    #[track_caller]
    pub fn spawn<F>(name: &'static str, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        tokio::task::Builder::new()
            .name(name)
            .spawn(future)
            .expect(ALWAYS_OK)
    }

    #[track_caller]
    pub fn spawn_in<T, F>(set: &mut JoinSet<T>, name: &'static str, future: F) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        set.build_task().name(name).spawn(future).expect(ALWAYS_OK)
    }
}

// Every other build: no task builder, and nobody to read the names.
#[cfg(not(all(tokio_unstable, feature = "console")))]
mod named {
    use std::future::Future;

    use tokio::task::{AbortHandle, JoinHandle, JoinSet};

    #[track_caller]
    pub fn spawn<F>(_name: &'static str, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        tokio::spawn(future)
    }

    #[track_caller]
    pub fn spawn_in<T, F>(set: &mut JoinSet<T>, _name: &'static str, future: F) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        set.spawn(future)
    }
}

// A `cargo console` build: console-subscriber, on loopback only.
#[cfg(all(tokio_unstable, feature = "console"))]
mod watching {
    use std::net::{SocketAddr, ToSocketAddrs};

    use console_subscriber::{ConsoleLayer, Server};

    pub fn start() {
        let addr = match bind() {
            Ok(addr) => addr,
            Err(refused) => {
                eprintln!("tasks: {refused}; the program runs without tokio-console");
                return;
            }
        };
        // `with_default_env` reads the other TOKIO_CONSOLE_* settings; the address is the
        // one checked here.
        ConsoleLayer::builder()
            .with_default_env()
            .server_addr(addr)
            .init();
        eprintln!("tasks: watch this program's tasks with: tokio-console http://{addr}");
    }

    /// console-subscriber's own default, 127.0.0.1:6669, or `TOKIO_CONSOLE_BIND` if it
    /// names a loopback address: the lessons listen on this machine only.
    fn bind() -> Result<SocketAddr, String> {
        let Ok(bind) = std::env::var("TOKIO_CONSOLE_BIND") else {
            return Ok(SocketAddr::new(Server::DEFAULT_IP, Server::DEFAULT_PORT));
        };
        match bind
            .to_socket_addrs()
            .ok()
            .and_then(|mut found| found.next())
        {
            Some(addr) if addr.ip().is_loopback() => Ok(addr),
            Some(addr) => Err(format!(
                "TOKIO_CONSOLE_BIND={bind} is {addr}, not a loopback address such as 127.0.0.1:6669"
            )),
            None => Err(format!(
                "TOKIO_CONSOLE_BIND={bind} is not a HOST:PORT such as 127.0.0.1:6669"
            )),
        }
    }
}

// The `console` feature without the compiler flag: tokio would report no task, and
// console-subscriber panics when it starts in such a build.
#[cfg(all(not(tokio_unstable), feature = "console"))]
mod watching {
    pub fn start() {
        eprintln!(
            "tasks: built without `--cfg tokio_unstable` (a RUSTFLAGS of your own replaces the \
             one `cargo console` sets), so tokio tells tokio-console nothing; the program runs \
             without it"
        );
    }
}

// An ordinary build: nothing to start.
#[cfg(not(feature = "console"))]
mod watching {
    pub fn start() {}
}
