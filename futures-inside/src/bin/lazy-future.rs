//! A Rust future does nothing until it is polled; a task starts it. The chapter's
//! "Yielding from Futures, Tasks, and Coroutines" beside Python's asyncio and
//! concurrent.futures.
//!
//! The idea to notice: calling an `async fn` only builds a value. The compiler warns about
//! one left unused ("futures do nothing unless you `.await` or poll them"), the
//! "coroutine ... was never awaited" of Python. `tokio::spawn` hands it to the runtime,
//! which starts it without being awaited, as `asyncio.create_task` does.
//!
//! Run it: `cargo run -p futures-inside --bin lazy-future`

use std::time::{Duration, Instant};

use futures::FutureExt;

async fn greet(who: &str) -> String {
    println!("    greet({who:?}): the body runs");
    format!("Hello, {who}!")
}

async fn lesson() {
    println!("1. Calling an async fn builds a future; its body does not run.");
    let future = greet("lazy");
    println!(
        "    built: a value of {} bytes; nothing printed by greet",
        size_of_val(&future)
    );
    drop(future);
    println!("    dropped it unawaited: greet's body never ran");

    println!("2. `.await` runs it here, to the end: `await coro` in Python.");
    let text = greet("awaited").await;
    println!("    got {text:?}");

    println!("3. tokio::spawn starts a task at once, as asyncio.create_task does:");
    let task = tokio::spawn(greet("spawned"));
    // On this one-thread runtime the task runs when this coroutine yields, as in asyncio.
    tokio::task::yield_now().await;
    // `task.done()` is `JoinHandle::is_finished`.
    println!(
        "    before awaiting its handle: is_finished() = {}",
        task.is_finished()
    );
    let text = task.await.expect("greet does not panic");
    println!("    `await task` gives its result: {text:?}");

    println!("4. Python's threading.Thread waits for start(); std::thread::spawn does not.");
    println!("   std's JoinHandle::join blocks, as concurrent.futures.Future.result() does:");
    let t0 = Instant::now();
    let thread = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(50));
        42
    });
    let answer = thread.join().expect("the thread does not panic");
    println!(
        "    join() -> {answer} after {:.2}s, this thread blocked meanwhile",
        t0.elapsed().as_secs_f64()
    );
    println!("   A tokio JoinHandle has no blocking result(); `.await` waits without blocking.");
    // asyncio's `fut.result()` on a pending future raises InvalidStateError. Rust's asking
    // too early is one poll, without waiting: `now_or_never()`, `None` while not done.
    let mut task = tokio::spawn(greet("too early"));
    let early = (&mut task).now_or_never();
    println!("    asked before it ran, now_or_never() -> {early:?}");
    task.await.expect("greet does not panic");

    println!("5. add_done_callback(fn), two ways:");
    // A combinator wraps the future: the callback runs when it completes.
    let with_callback = greet("combinator").map(|text| println!("    callback got {text:?}"));
    with_callback.await;
    // Or a task that awaits the work, then calls the callback.
    let callback = |text: String| println!("    callback got {text:?}");
    let task = tokio::spawn(async move { callback(greet("task").await) });
    task.await.expect("the callback does not panic");
}

fn main() {
    program::start();
    // One thread, one event loop, as asyncio.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a one-thread runtime can be built");
    runtime.block_on(lesson());
}
