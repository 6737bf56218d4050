//! What "Where Are the Futures?" shows of `concurrent.futures`, which Python's standard
//! library has and Rust's has not: a pool of worker threads (`ThreadPoolExecutor`);
//! `submit`, which queues a function and gives back its [`Future`], a handle that says
//! where the work is (pending in the queue, running on a worker, finished with its value);
//! and `as_completed`, the handles in the order their work finishes.

use std::any::type_name;
use std::fmt;
use std::sync::{Arc, mpsc};
use std::thread;

use parking_lot::{Condvar, MappedMutexGuard, Mutex, MutexGuard};

/// Where a submitted function is, and its value once it has one.
enum Slot<T> {
    Pending,
    Running,
    Finished(T),
    /// The function panicked, with this message: Python's future holds the exception.
    Raised(String),
}

/// The handle `submit` gives back: Python's `concurrent.futures.Future`.
pub struct Future<T> {
    /// The order of its submission, from 1: Python prints an address instead.
    id: usize,
    slot: Mutex<Slot<T>>,
    /// Told when the slot becomes `Finished`, for [`Future::result`]'s wait.
    done: Condvar,
}

impl<T> Future<T> {
    /// The function's value: `future.result()`, which waits until the function has
    /// returned (at once for a future `as_completed` gave), and panics again, here, if it
    /// panicked, as `result()` raises the function's exception again.
    pub fn result(&self) -> MappedMutexGuard<'_, T> {
        let mut slot = self.slot.lock();
        self.done.wait_while(&mut slot, |slot| {
            matches!(slot, Slot::Pending | Slot::Running)
        });
        if let Slot::Raised(message) = &*slot {
            panic!("future #{} raised: {message}", self.id);
        }
        MutexGuard::map(slot, |slot| match slot {
            Slot::Finished(value) => value,
            _ => unreachable!("waited until finished, and it did not raise"),
        })
    }
}

/// As Python prints a future: `<Future at 0x10a2b3c state=running>`, with the order of
/// submission for the address, and the type of the value once finished.
impl<T> fmt::Display for Future<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &*self.slot.lock() {
            Slot::Pending => "pending".to_string(),
            Slot::Running => "running".to_string(),
            Slot::Finished(_) => {
                // `core::option::Option<...>` is shown `Option`, as Python shows `str`.
                let path = type_name::<T>().split('<').next().unwrap_or_default();
                let name = path.rsplit("::").next().unwrap_or("value");
                format!("finished returned {name}")
            }
            Slot::Raised(_) => "finished raised panic".to_string(),
        };
        write!(f, "<Future #{} state={state}>", self.id)
    }
}

type Work = Box<dyn FnOnce() + Send>;

/// `ThreadPoolExecutor(max_workers=N)`: `N` threads take the submitted functions in turn
/// from one queue. Dropping it is the end of the book's `with` block: the queue closes, and
/// the drop waits for every worker to finish what it has.
pub struct ThreadPoolExecutor {
    queue: Option<mpsc::Sender<Work>>,
    workers: Vec<thread::JoinHandle<()>>,
    finished: (mpsc::Sender<usize>, mpsc::Receiver<usize>),
    submitted: usize,
}

impl ThreadPoolExecutor {
    pub fn new(max_workers: usize) -> ThreadPoolExecutor {
        let (queue, work) = mpsc::channel::<Work>();
        let work = Arc::new(Mutex::new(work));
        let workers = (0..max_workers)
            .map(|i| {
                let work = Arc::clone(&work);
                thread::Builder::new()
                    .name(format!("worker-{i}"))
                    .spawn(move || {
                        // The lock is held only to take the next function, not to run it.
                        loop {
                            let next = work.lock().recv();
                            let Ok(function) = next else { break };
                            function();
                        }
                    })
                    .expect("the OS can start one more thread")
            })
            .collect();
        ThreadPoolExecutor {
            queue: Some(queue),
            workers,
            finished: mpsc::channel(),
            submitted: 0,
        }
    }

    /// `executor.submit(function)`: queued for the next free worker; its future, pending.
    pub fn submit<T: Send + 'static>(
        &mut self,
        function: impl FnOnce() -> T + Send + 'static,
    ) -> Arc<Future<T>> {
        self.submitted += 1;
        let future = Arc::new(Future {
            id: self.submitted,
            slot: Mutex::new(Slot::Pending),
            done: Condvar::new(),
        });
        let (handle, finished) = (Arc::clone(&future), self.finished.0.clone());
        let work: Work = Box::new(move || {
            *handle.slot.lock() = Slot::Running;
            // A panic is kept for `result()` to raise, as Python keeps an exception, and
            // the worker goes on with the next function.
            let done = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(function)) {
                Ok(value) => Slot::Finished(value),
                Err(payload) => Slot::Raised(
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic".into()),
                ),
            };
            *handle.slot.lock() = done;
            handle.done.notify_all();
            let _ = finished.send(handle.id);
        });
        if let Some(queue) = &self.queue {
            // The workers live as long as the queue, so the send cannot fail.
            let _ = queue.send(work);
        }
        future
    }

    /// `futures.as_completed(futures)`: each of them as soon as it is finished, the
    /// first finished first.
    pub fn as_completed<'a, T>(
        &'a self,
        futures: &'a [Arc<Future<T>>],
    ) -> impl Iterator<Item = Arc<Future<T>>> + 'a {
        let mut left = futures.len();
        std::iter::from_fn(move || {
            while left > 0 {
                let id = self.finished.1.recv().ok()?;
                if let Some(future) = futures.iter().find(|f| f.id == id) {
                    left -= 1;
                    return Some(Arc::clone(future));
                }
            }
            None
        })
    }
}

impl Drop for ThreadPoolExecutor {
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
