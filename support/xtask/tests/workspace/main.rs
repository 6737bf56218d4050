//! The workspace as its users meet it, in one test binary (its tests run side by side):
//! the documents' commands typed as written ([`commands`]), the documents themselves
//! ([`readme`], the class book in [`book`]), every server's shutdown whatever its clients
//! do ([`servers`]), and every program with a stdout it cannot write ([`stdout`]).

mod book;
mod commands;
mod readme;
mod servers;
mod stdout;
