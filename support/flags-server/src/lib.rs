//! A local HTTP server that stands in for the book's test servers (LOCAL, DELAY, ERROR).
//!
//! It serves `GET /flags/{cc}/{cc}.gif` and `GET /flags/{cc}/metadata.json` for the 194
//! countries of the book's dataset, with flags drawn when the crate is built ([`art`]) or
//! read from a folder laid out like the book's. Every request can wait ([`Delay`]) and fail with
//! `418 I'm a Teapot` (the error rate), exactly where the book's slow server does: after the
//! delay, whether or not the file exists.
//!
//! [`Server::start`] runs it on its own thread with its own tokio runtime, so a client under
//! test never shares an executor with it. The binary (`cargo run -p flags-server`) is the
//! same server for the book's own Python scripts.
//!
//! Layout: [`config`] what a server is told before it starts (its [`Delay`] is the delay
//! crate's, re-exported here); [`server`] starting and stopping one; `app` its routes and
//! the slow and faulty layer around them; [`stats`] what it counts; [`art`] the generated
//! flags; [`countries`] the book's 194 countries.

mod app;
pub mod art;
pub mod config;
pub mod countries;
pub mod server;
pub mod stats;

pub use app::TEAPOT;
pub use config::{Config, Profile};
pub use delay::{Delay, DelayError};
pub use server::Server;
pub use stats::{Counters, Served};
