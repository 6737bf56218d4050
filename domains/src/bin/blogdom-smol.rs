//! The book's `curio/blogdom.py`: blogdom on another event loop. The book runs it on Curio;
//! this one runs on smol, a runtime that only re-exports small crates (its `block_on` and
//! `Timer` are async-io's, its `net` is async-net). Same output as `blogdom`: each `.dev`
//! name as its answer comes, `+` for a name that exists.
//!
//! The idea to notice: the async functions are the same; only what they wait on changed.
//! `probe` is lib.rs's, the one the tokio programs run, and the loop is blogdom.rs's
//! again, the resolver's type aside. The resolver is a `SmolResolver` (smol_resolve.rs):
//! its query goes out on async-net's `UdpSocket`, its deadline is async-io's `Timer`, and
//! async-io's reactor wakes both.
//! `block_on` polls `blogdom` on this one thread, as curio's `run` runs its kernel. A
//! future is a value that any executor can poll; the socket and the timer are what belong
//! to a runtime.
//!
//! Run it: `cargo run -p domains --bin blogdom-smol` (`-- --seed 7` for the same order each
//! run, `-- --system` to ask the operating system's resolver on smol's thread pool).

use domains::cli::{KWLIST, Resolving, Unanswered};
// curio: blogdom.py defines `probe` again, as domainlib.py does. Here it is lib.rs's
// `probe`, generic over its resolver: curio's `await socket.getaddrinfo(domain, None)` is
// its `resolver.getaddrinfo(&domain).await`, on a `SmolResolver`.
use domains::{DomainResult, SmolResolver, probe};
use futures::stream::{FuturesUnordered, StreamExt};

const MAX_KEYWORD_LEN: usize = 4;

/// Probe the .dev domains of Python's short keywords on smol, printing each as it comes.
#[derive(Debug, clap::Parser)]
#[command(version)]
struct Args {
    #[command(flatten)]
    resolving: Resolving,
}

/// The book's `main`: true when every probe was answered.
async fn blogdom(resolver: SmolResolver) -> bool {
    let names = KWLIST.iter().filter(|kw| kw.len() <= MAX_KEYWORD_LEN);
    let domains = names.map(|name| format!("{name}.dev").to_lowercase());
    // curio: `async with TaskGroup() as group:`, then `await group.spawn(probe, domain)`
    // per domain: a task each. Here, as in blogdom.rs, no task: the FuturesUnordered polls
    // every probe inside this one.
    let mut coros: FuturesUnordered<_> = domains.map(|domain| probe(&resolver, domain)).collect();
    let mut unanswered = Unanswered::new("blogdom-smol");
    // curio: `async for task in group: domain, found = task.result`
    while let Some(result) = coros.next().await {
        let Some(DomainResult { domain, found }) = unanswered.answer(result) else {
            continue;
        };
        let mark = if found { '+' } else { ' ' };
        println!("{mark} {domain}");
    }
    unanswered.none()
}

fn main() -> std::process::ExitCode {
    let args = program::args::<Args>();
    // curio: `run(main())`. smol's `block_on` (async-io's) polls `blogdom` on this thread
    // and, while it waits, drives the reactor that wakes the sockets and timers. The
    // built-in server, if it is the one asked, runs on its own thread (cli.rs).
    domains::cli::main_with_smol_resolver("blogdom-smol", &args.resolving, |resolver| {
        async_io::block_on(blogdom(resolver))
    })
}
