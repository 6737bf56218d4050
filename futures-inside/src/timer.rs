//! A timer written by hand: the "nonblocking by design" future of the chapter.
//!
//! `poll` never waits. The first time, it starts a thread that sleeps, keeps the `Waker`
//! it was handed, and says `Pending`; when the thread wakes up it marks the timer done and
//! calls `wake()`, which tells the executor "poll me again". Then `poll` says `Ready`.
//! asyncio's `loop.call_later(delay, future.set_result, None)` plays the thread's part.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

use parking_lot::Mutex;

/// What the timer and its sleeping thread share.
#[derive(Debug, Default)]
struct Shared {
    /// Set by the thread when the time is up.
    done: bool,
    /// The waker of the latest poll: the one to call when the time is up.
    waker: Option<Waker>,
}

/// A future that is ready `duration` after it is first polled.
#[derive(Debug)]
pub struct Timer {
    duration: Duration,
    shared: Arc<Mutex<Shared>>,
    started: bool,
}

impl Timer {
    /// A timer of `duration`. Like every Rust future, it does nothing until polled.
    pub fn after(duration: Duration) -> Timer {
        Timer {
            duration,
            shared: Arc::default(),
            started: false,
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self.shared.lock();
        let seconds = self.duration.as_secs_f64();
        if shared.done {
            crate::trace::log(&format!("      timer({seconds:.2}s).poll() -> Ready"));
            return Poll::Ready(());
        }
        crate::trace::log(&format!("      timer({seconds:.2}s).poll() -> Pending"));
        // Keep the latest waker: the task may have moved since the last poll.
        shared.waker = Some(cx.waker().clone());
        drop(shared);
        if !self.started {
            self.started = true;
            let (duration, shared) = (self.duration, Arc::clone(&self.shared));
            // The I/O of this future is a sleeping thread; real futures hand the wait to
            // the operating system (epoll), as tokio's reactor does.
            thread::spawn(move || {
                thread::sleep(duration);
                let mut shared = shared.lock();
                shared.done = true;
                if let Some(waker) = shared.waker.take() {
                    waker.wake();
                }
            });
        }
        // "Not yet": the waker kept above is how this future asks to be polled again.
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    /// Counts its wakes.
    #[derive(Default)]
    struct Counting(AtomicUsize);

    impl Wake for Counting {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn pending_then_a_wake_then_ready_and_no_poll_needed_in_between() {
        let wakes = Arc::new(Counting::default());
        let waker = Waker::from(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);
        let mut timer = std::pin::pin!(Timer::after(Duration::from_millis(50)));
        let t0 = std::time::Instant::now();
        assert_eq!(timer.as_mut().poll(&mut cx), Poll::Pending);
        // Nothing polls it now: the wake must come by itself, from the timer's thread.
        while wakes.0.load(Ordering::SeqCst) == 0 {
            assert!(t0.elapsed() < Duration::from_secs(5), "no wake came");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(t0.elapsed() >= Duration::from_millis(50), "woken too early");
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1, "one wake");
        assert_eq!(timer.as_mut().poll(&mut cx), Poll::Ready(()));
    }
}
