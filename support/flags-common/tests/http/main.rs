//! The clients' HTTP against servers that misbehave on purpose, in one test binary (its
//! tests run side by side): bodies read with a cap ([`body`]), and the retries ([`retry`]).

mod body;
mod retry;
