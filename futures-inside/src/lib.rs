//! futures-inside: what the chapter's "asyncio.Future: Nonblocking by Design" and
//! "Yielding from Futures, Tasks, and Coroutines" describe, written out so it can be read:
//! a future, a task and an event loop, with nothing hidden.
//!
//! The idea to notice: a Rust future is a value with a `poll` method that never blocks. It
//! answers `Ready(value)` or `Pending`; before it says `Pending` it keeps the `Waker` it
//! was given, and it calls `wake()` when it can go on. An event loop is a loop that polls
//! whatever was woken, and sleeps when nothing was. asyncio does the same with callbacks on
//! its futures; here every step is ours.
//!
//! Layout, one program per idea:
//! - `bin/lazy-future.rs`: a future does nothing until it is awaited or spawned; tasks and
//!   their handles beside asyncio's `create_task`, `done()`, `await task`, `result()`,
//!   `add_done_callback`. `cargo run -p futures-inside --bin lazy-future`
//! - `bin/hand-made-future.rs`: [`timer::Timer`] polled by hand: `Pending`, a wake, `Ready`.
//!   `cargo run -p futures-inside --bin hand-made-future`
//! - `bin/mini-executor.rs`: the chapter's spinner on [`executor`], about a hundred lines of
//!   event loop, with `--trace` to watch each poll and each wake.
//!   `cargo run -p futures-inside --bin mini-executor -- --trace`
//!
//! and the library they share: [`timer`] (the hand-made timer), [`executor`] (the event
//! loop), [`trace`] (the `--trace` log), [`spinner`] (the chapter's `spin` and `slow`);
//! [`awaitables`] (an awaitable of one's own, and what Rust has for `async with`).

pub mod awaitables;
pub mod executor;
pub mod spinner;
pub mod timer;
pub mod trace;
