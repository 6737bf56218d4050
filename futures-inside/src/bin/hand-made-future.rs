//! A timer future written by hand and polled by hand: the chapter's "asyncio.Future:
//! Nonblocking by Design".
//!
//! The idea to notice: `poll` never blocks. It says `Pending` and keeps the waker; a
//! thread calls `wake()` when the time is up; only then is it worth polling again, and
//! `poll` says `Ready`. Here `main` plays the event loop, with a waker that wakes it.
//!
//! Run it: `cargo run -p futures-inside --bin hand-made-future`

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use futures_inside::timer::Timer;

/// A waker that unparks the thread that polls: the smallest event loop's alarm clock.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        println!("    wake() called, from the timer's thread");
        self.0.unpark();
    }
}

fn main() {
    program::start();
    let t0 = Instant::now();
    let mut timer = pin!(Timer::after(Duration::from_millis(300)));
    let waker = Arc::new(Unpark(thread::current())).into();
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        let poll = timer.as_mut().poll(&mut cx);
        println!(
            "[{:.3}s] poll #{polls} -> {}",
            t0.elapsed().as_secs_f64(),
            if poll.is_ready() { "Ready" } else { "Pending" }
        );
        if let Poll::Ready(()) = poll {
            break;
        }
        // Nothing to do until woken: park, as an event loop sleeps in epoll.
        thread::park();
    }
    println!(
        "{polls} polls in {:.2}s: one to start the timer, one after the wake.",
        t0.elapsed().as_secs_f64()
    );
}
