//! No code: this crate's dependencies turn on, in every member of the workspace, the
//! features that any member turns on, so that each dependency is built once with one set of
//! features. Without it, `cargo run -p spinner-async` after `cargo build --workspace`
//! compiled tokio again (cargo unifies features only among the packages of one build).
//! Its `Cargo.toml` is written by `cargo hakari generate` (crate cargo-hakari); the test
//! `after_the_preparation_every_lesson_command_is_fresh` in `support/xtask` proves it.
