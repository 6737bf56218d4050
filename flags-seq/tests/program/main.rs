//! flags-seq run as a user runs it, in one test binary (its tests run side by side): the
//! command line every flags binary shares ([`cli`]), and the downloads ([`downloads`]).

mod cli;
mod downloads;

const BIN: &str = env!("CARGO_BIN_EXE_flags-seq");
