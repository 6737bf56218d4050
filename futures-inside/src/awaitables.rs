//! Two things chapter 21 tells in prose, as Rust has them.
//!
//! - An awaitable of one's own. Python awaits anything whose `__await__` gives an
//!   iterator; Rust's `.await` takes anything that is [`IntoFuture`]: [`Delayed`] is a
//!   plain value (a number, and how long to wait before giving it) that becomes a future
//!   only when it is awaited.
//! - An asynchronous context manager (`async with`, whose `__aexit__` may await: close a
//!   connection politely, flush a file). Rust has none: a value's `Drop` runs when it goes
//!   out of scope, and `drop` is not `async`, so it cannot wait for anything. A resource
//!   that must say goodbye over the network gets an explicit `async fn close`, and its
//!   `Drop` can only note that nobody called it ([`Session`]).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;

use crate::timer::Timer;

/// A value to be had after a wait: awaited directly, `Delayed { value: 42, after }.await`.
pub struct Delayed {
    pub value: u32,
    pub after: Duration,
}

impl IntoFuture for Delayed {
    type Output = u32;
    type IntoFuture = Pin<Box<dyn Future<Output = u32> + Send>>;

    /// What `.await` calls first: the future that waits, then gives the value.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            Timer::after(self.after).await;
            self.value
        })
    }
}

/// A session that must be closed with a goodbye, as `async with` would close it on the
/// way out; what happened to it is written to `log`.
pub struct Session {
    log: Arc<Mutex<Vec<String>>>,
    closed: bool,
}

impl Session {
    /// `async with Session(...) as session:` has no Rust form; opening is a call.
    pub fn open(log: Arc<Mutex<Vec<String>>>) -> Session {
        log.lock().push("open".into());
        Session { log, closed: false }
    }

    /// The `__aexit__` that Rust cannot run by itself: it awaits (here a short timer, the
    /// goodbye's round trip), so the caller must call it and await it.
    pub async fn close(mut self) {
        Timer::after(Duration::from_millis(10)).await;
        self.log.lock().push("goodbye sent, closed".into());
        self.closed = true;
    }
}

impl Drop for Session {
    /// Runs on every way out, an early return or a panic included, but cannot await: a
    /// session not closed loses its goodbye, and this can only say so.
    fn drop(&mut self) {
        if !self.closed {
            self.log.lock().push("dropped without a goodbye".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::block_on;

    #[test]
    fn a_value_that_is_into_future_is_awaited_directly() {
        let delayed = Delayed {
            value: 42,
            after: Duration::from_millis(20),
        };
        let t0 = std::time::Instant::now();
        let value = block_on(async move { delayed.await });
        assert_eq!(value, 42);
        assert!(t0.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn a_session_closed_says_goodbye_and_one_only_dropped_cannot() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        block_on(async move {
            let polite = Session::open(Arc::clone(&shared));
            polite.close().await;
            let _forgotten = Session::open(shared);
            // Dropped here, at the end of the block: no `.await` is possible in `drop`.
        });
        assert_eq!(
            *log.lock(),
            [
                "open",
                "goodbye sent, closed",
                "open",
                "dropped without a goodbye"
            ]
        );
    }
}
