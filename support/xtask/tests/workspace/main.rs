//! The workspace as its users meet it, in one test binary (its tests run side by side):
//! the documents' commands typed as written ([`commands`]), the documents themselves
//! ([`readme`], the class book in [`book`]), every server's shutdown whatever its clients
//! do ([`servers`]), and every program with a stdout it cannot write ([`stdout`]).

mod book;
mod commands;
mod readme;
mod servers;
mod stdout;

/// Runs `test` on every case at once, a thread each: cases that mostly wait (a server's
/// start, its grace) wait side by side. A case that panics fails the test once every case
/// has ended.
fn at_once<T: Send>(cases: impl IntoIterator<Item = T>, test: impl Fn(T) + Sync) {
    let test = &test;
    std::thread::scope(|scope| {
        for case in cases {
            scope.spawn(move || test(case));
        }
    });
}
