//! The lessons' `asyncio.run` ([`asyncio_run`]): a future run to its end on a tokio runtime
//! of one thread, as asyncio runs a coroutine on its one event loop. Shared by spinner-async
//! (whose experiments show what blocks that one thread) and domains (whose probes all wait
//! on it at once).

use std::future::Future;
use std::io;

/// `asyncio.run(main)`: builds a runtime of one thread, with its timer and its sockets, runs
/// `main` on it to its end, and returns what `main` returned. One thread, as asyncio has:
/// a multi-threaded runtime would run the other tasks on other threads and hide what
/// blocks the loop. An error says the runtime could not start: the system refused it the
/// file descriptors of its I/O driver.
///
/// ```
/// assert_eq!(event_loop::asyncio_run(async { 42 })?, 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn asyncio_run<F: Future>(main: F) -> io::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| io::Error::new(err.kind(), format!("cannot start the event loop: {err}")))?;
    Ok(runtime.block_on(main))
}
