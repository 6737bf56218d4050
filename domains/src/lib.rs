//! domains: the book's `21-async/domains/asyncio/`: `domainlib.py` here, `blogdom.py` and
//! `domaincheck.py` under `bin/`. Each probe asks whether a domain name exists; many run
//! at once, and their results come back in the order they complete. Beside them,
//! `bin/executor-map.rs`, the book's `20-executors/demo_executor_map.py`: the ordered
//! `executor.map` over threads.
//!
//! The idea to notice: Python has `async for`, async generators (`yield` inside an
//! `async def`) and async comprehensions; stable Rust has none of the three. Its async
//! iterator is the futures crate's [`Stream`], read with `while let Some(x) =
//! stream.next().await` (the `async for`); built from a [`FuturesUnordered`], which
//! yields each future's output as it completes (the `as_completed`), or written with
//! `yield` inside the async-stream crate's `stream!` macro (the async generator); and
//! gathered with `.collect::<Vec<_>>().await` (the async comprehension):
//!
//! ```
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! use futures::StreamExt;
//! let server = domains::dns::Server::start(domains::dns::Config {
//!     delay: "0".parse()?,
//!     seed: None,
//!     max_pending: domains::dns::MAX_PENDING,
//! })?;
//! let resolver = domains::Resolver::dns(server.addr(), std::time::Duration::from_secs(2));
//! let domains = ["def.dev", "none.dev"].map(String::from);
//! // `[r async for r in multi_probe(domains)]`
//! let results: Vec<_> = domains::multi_probe(&resolver, domains).collect().await;
//! assert_eq!(results.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?; Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Why no `async for` yet: iterating asynchronously needs a trait for "an iterator whose
//! `next` is awaited" in the standard library, and syntax to loop over it and to write one
//! with `yield`; `std::async_iter::AsyncIterator`, `for await` and `async gen` blocks exist
//! only as unstable experiments on nightly, so stable code uses `Stream`, a crate's trait.
//!
//! The probes take their resolver as a type parameter ([`GetAddrInfo`]): the same
//! `probe` and `multi_probe` run on tokio with [`Resolver`], and on smol with
//! [`SmolResolver`] (`bin/blogdom-smol.rs`, the book's `curio/blogdom.py`). Only the
//! socket and the timer differ: the future an async function returns is a value that any
//! executor can poll.
//!
//! Layout: this file is the book's `domainlib.py`; Rust's extra duties: [`resolve`] (the
//! trait a probe asks through, and tokio's two resolvers: a DNS client, or `getaddrinfo`
//! on a thread pool), [`smol_resolve`] (the same two on smol's socket, timer and thread
//! pool), [`dns`] (the built-in DNS server and its zone), [`cli`] (Python's keyword list
//! and the shared options).

pub mod cli;
pub mod dns;
pub mod resolve;
pub mod smol_resolve;

pub use resolve::{GetAddrInfo, ProbeError, Resolver};
pub use smol_resolve::SmolResolver;

use async_stream::stream;
use futures::stream::{FuturesUnordered, Stream, StreamExt};

/// The book's `Result(domain, found)`, renamed: Rust's prelude has a `Result` of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainResult {
    /// The name probed: `def.dev`.
    pub domain: String,
    /// Whether it has an address.
    pub found: bool,
}

/// The book's `probe`: whether `domain` exists. A missing name is `found: false`; only a
/// probe without an answer (a timeout, a server's SERVFAIL or REFUSED, a socket error) is
/// an error.
pub async fn probe<R: GetAddrInfo>(
    resolver: &R,
    domain: String,
) -> Result<DomainResult, ProbeError> {
    // `await loop.getaddrinfo(domain, None)`: suspends until the answer arrives.
    let found = resolver.getaddrinfo(&domain).await?;
    Ok(DomainResult { domain, found })
}

/// The book's `multi_probe`: every probe started at once, each result as it completes.
/// A `FuturesUnordered` is a `Stream` already, the `as_completed` of Rust: nothing runs
/// until the stream is polled, and each `next().await` gives the next probe to finish.
pub fn multi_probe<'a, R: GetAddrInfo>(
    resolver: &'a R,
    domains: impl IntoIterator<Item = String>,
) -> impl Stream<Item = Result<DomainResult, ProbeError>> + 'a {
    // `coros = [probe(domain, loop) for domain in domains]`
    domains
        .into_iter()
        .map(|domain| probe(resolver, domain))
        .collect::<FuturesUnordered<_>>()
}

/// The same stream written as the book writes its async generator, with `yield`: the
/// `stream!` macro turns this block into a `Stream` that runs up to each `yield` when
/// polled, as an async generator runs up to each `yield` when `async for` asks.
pub fn multi_probe_yield<'a, R: GetAddrInfo>(
    resolver: &'a R,
    domains: impl IntoIterator<Item = String> + 'a,
) -> impl Stream<Item = Result<DomainResult, ProbeError>> + 'a {
    stream! {
        let mut coros = multi_probe(resolver, domains);
        // `for coro in asyncio.as_completed(coros): result = await coro; yield result`
        while let Some(result) = coros.next().await {
            yield result;
        }
    }
}
