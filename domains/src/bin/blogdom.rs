//! The book's `blogdom.py`: for each Python keyword of at most four letters, is `{kw}.dev`
//! taken? Every probe starts at once; each line is printed as its answer comes, `+` for a
//! name that exists.
//!
//! The idea to notice: `asyncio.as_completed(coros)` is a `FuturesUnordered` here, and the
//! book's `for coro in ...: await coro` is `while let Some(..) = coros.next().await`. The
//! answers come in the order of the DNS server's delays, not the order of the names.
//!
//! Run it: `cargo run -p domains --bin blogdom` (`-- --seed 7` for the same order each run,
//! `-- --system` to ask the operating system's resolver).

use domains::cli::{KWLIST, Resolving, Unanswered};
use domains::{DomainResult, GetAddrInfo, ProbeError, Resolver};
use futures::stream::{FuturesUnordered, StreamExt};

const MAX_KEYWORD_LEN: usize = 4;

/// Probe the .dev domains of Python's short keywords, printing each as its answer comes.
#[derive(Debug, clap::Parser)]
#[command(version)]
struct Args {
    #[command(flatten)]
    resolving: Resolving,
}

/// blogdom.py's own `probe` (domainlib.py has the same, and so has lib.rs): whether
/// `domain` exists; an error only when the probe got no answer.
async fn probe(resolver: &Resolver, domain: String) -> Result<DomainResult, ProbeError> {
    // `await loop.getaddrinfo(domain, None)`: suspends until the answer arrives.
    let found = resolver.getaddrinfo(&domain).await?;
    Ok(DomainResult { domain, found })
}

/// The book's `main`: true when every probe was answered.
async fn blogdom(resolver: Resolver) -> bool {
    let names = KWLIST.iter().filter(|kw| kw.len() <= MAX_KEYWORD_LEN);
    let domains = names.map(|name| format!("{name}.dev").to_lowercase());
    let mut coros: FuturesUnordered<_> = domains.map(|domain| probe(&resolver, domain)).collect();
    let mut unanswered = Unanswered::new("blogdom");
    // `for coro in asyncio.as_completed(coros): domain, found = await coro`
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
    // `asyncio.run(main())`, with the resolver the options ask for (cli.rs).
    domains::cli::main_with_resolver("blogdom", &args.resolving, blogdom)
}
