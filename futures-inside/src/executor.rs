//! An executor of about a hundred lines: the event loop of the chapter, with nothing hidden.
//!
//! A task is a future on the heap plus a way back into the queue. The loop takes the next
//! task off the queue and polls it once; a task that says `Pending` is put aside until its
//! waker sends it back to the queue. When the queue is empty, `recv()` sleeps: the loop
//! uses no CPU while it waits. asyncio's loop is the same idea: a queue of ready callbacks
//! and a selector that sleeps until I/O or a timer makes one ready.
//!
//! [`spawn`] is `asyncio.create_task`, [`block_on`] is `asyncio.run`, and a [`JoinHandle`]
//! is awaited for the task's output or aborted, which makes it give [`Cancelled`].
//!
//! Built on the `futures` crate's task utilities (`ArcWake`, `waker_ref`, `oneshot`), as
//! the async-book's "Build an executor" chapter and tokio's mini-tokio are.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::future::{BoxFuture, FutureExt};
use futures::task::{ArcWake, waker_ref};
use parking_lot::Mutex;

use crate::trace;

/// A spawned future and the queue it goes back to when woken.
struct Task {
    id: usize,
    name: &'static str,
    /// `None` once the future is done, or dropped by [`JoinHandle::abort`].
    future: Mutex<Option<BoxFuture<'static, ()>>>,
    queue: Sender<Arc<Task>>,
}

impl Task {
    fn label(&self) -> String {
        format!("task {} ({})", self.id, self.name)
    }
}

impl ArcWake for Task {
    /// What `waker.wake()` does here: put the task back on the queue.
    fn wake_by_ref(task: &Arc<Task>) {
        trace::log(&format!("wake  {}", task.label()));
        // The loop has ended if the queue is gone: nothing is left to poll the task.
        let _ = task.queue.send(Arc::clone(task));
    }
}

thread_local! {
    /// The queue of the loop running on this thread, for [`spawn`] (as `create_task`
    /// finds the running loop).
    static QUEUE: RefCell<Option<Sender<Arc<Task>>>> = const { RefCell::new(None) };
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// `asyncio.create_task(coro)`: wraps `future` in a task and puts it on the queue, to be
/// polled at the loop's next turn. Panics outside [`block_on`], as `create_task` raises
/// without a running loop.
pub fn spawn<T: Send + 'static>(
    name: &'static str,
    future: impl Future<Output = T> + Send + 'static,
) -> JoinHandle<T> {
    let queue = QUEUE
        .with(|q| q.borrow().clone())
        .expect("spawn inside block_on");
    let (result, receiver) = oneshot::channel();
    let task = Arc::new(Task {
        id: NEXT_ID.fetch_add(1, Ordering::SeqCst),
        name,
        // The task's future sends its output to the handle when done.
        future: Mutex::new(Some(
            async move {
                let _ = result.send(future.await);
            }
            .boxed(),
        )),
        queue,
    });
    trace::log(&format!("spawn {}", task.label()));
    let _ = task.queue.send(Arc::clone(&task));
    JoinHandle { task, receiver }
}

/// `asyncio.run(main)`: runs `main` as the first task, and the loop until it is done.
pub fn block_on<T: Send + 'static>(main: impl Future<Output = T> + Send + 'static) -> T {
    let (queue, ready) = mpsc::channel();
    QUEUE.with(|q| *q.borrow_mut() = Some(queue));
    let mut main = spawn("main", main);
    let output = loop {
        // Sleeps until a task is woken: no spinning, no CPU while everything waits.
        let task = ready.recv().expect("a queue sender lives in QUEUE");
        let mut slot = task.future.lock();
        // A task woken after it finished (or was aborted) has nothing left to poll.
        if let Some(mut future) = slot.take() {
            trace::log(&format!("poll  {}", task.label()));
            let waker = waker_ref(&task);
            match future.as_mut().poll(&mut Context::from_waker(&waker)) {
                Poll::Pending => *slot = Some(future),
                Poll::Ready(()) => trace::log(&format!("done  {}", task.label())),
            }
        }
        drop(slot);
        if let Ok(Some(output)) = main.receiver.try_recv() {
            break output;
        }
    };
    // No task is polled again, but none is cancelled as asyncio.run cancels them: a task
    // waiting in the queue is dropped with `ready` when this returns; a task parked on a
    // timer is kept alive by its waker (the timer holds the waker, which holds the task)
    // until the timer fires, its wake finds the queue gone, and the last `Arc` goes.
    // Clearing QUEUE makes a `spawn` outside `block_on` panic again.
    QUEUE.with(|q| *q.borrow_mut() = None);
    output
}

/// The task was dropped before it finished: `asyncio.CancelledError` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// A task's handle: await it for the task's output, or `abort()` it.
pub struct JoinHandle<T> {
    task: Arc<Task>,
    receiver: oneshot::Receiver<T>,
}

impl<T> JoinHandle<T> {
    /// `task.cancel()`, Rust style: the task's future is dropped where it is parked; it is
    /// never polled again, and its `Drop` guards run now.
    pub fn abort(&self) {
        let future = self.task.future.lock().take();
        if future.is_some() {
            trace::log(&format!("drop  {} (aborted)", self.task.label()));
        }
        drop(future);
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, Cancelled>;

    /// Ready when the task has sent its output, or when its future was dropped (the
    /// sender went with it).
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.receiver
            .poll_unpin(cx)
            .map(|result| result.map_err(|_| Cancelled))
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<JoinHandle of {}>", self.task.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use crate::timer::Timer;

    #[test]
    fn a_spawned_task_runs_and_its_handle_gives_its_output() {
        let answer = block_on(async {
            let task = spawn("add", async { 40 + 2 });
            task.await
        });
        assert_eq!(answer, Ok(42));
    }

    #[test]
    fn an_aborted_task_is_dropped_where_it_waits_and_its_handle_says_cancelled() {
        struct Flag(Arc<std::sync::atomic::AtomicBool>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Flag(Arc::clone(&dropped));
        let result = block_on(async move {
            let task = spawn("sleeper", async move {
                let _flag = flag;
                Timer::after(Duration::from_secs(3600)).await;
            });
            Timer::after(Duration::from_millis(20)).await;
            task.abort();
            task.await
        });
        assert_eq!(result, Err(Cancelled));
        assert!(
            dropped.load(Ordering::SeqCst),
            "the task's future was dropped"
        );
    }

    /// CPU time of this thread, from /proc (clock ticks, usually 10 ms each).
    #[cfg(target_os = "linux")]
    fn thread_cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("/proc");
        // Fields after the command name, which ends with ')': utime and stime are the
        // 12th and 13th of them.
        let after = &stat[stat.rfind(')').expect("a command name") + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: f64 =
            fields[11].parse::<f64>().expect("utime") + fields[12].parse::<f64>().expect("stime");
        ticks / 100.0
    }

    /// The loop sleeps in `recv()` while every task waits: it never spins.
    #[cfg(target_os = "linux")]
    #[test]
    fn while_everything_waits_the_loop_uses_almost_no_cpu() {
        let before = thread_cpu_seconds();
        let answer = block_on(crate::spinner::supervisor(0.5));
        let used = thread_cpu_seconds() - before;
        assert_eq!(answer, 42);
        assert!(used < 0.05, "{used} s of CPU in 0.5 s of waiting");
    }
}
