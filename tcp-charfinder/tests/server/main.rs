//! tcp-charfinder as its user and its clients meet it, in one test binary (its tests run
//! side by side): the command line ([`cli`]), the protocol and every kind of bad client
//! ([`protocol`]), clients that try to starve the others ([`hostile`]); [`common`] starts
//! the server in-process.

mod cli;
mod common;
mod hostile;
mod protocol;
