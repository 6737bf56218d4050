//! The book's `domaincheck.py TLD`: the keywords of at most four letters under a top-level
//! domain, in two columns, found and not found, each printed as its answer comes.
//!
//! The idea to notice: the book's `async for domain, found in multi_probe(domains)` is
//! `while let Some(..) = results.next().await` over the `Stream` that `multi_probe`
//! returns (lib.rs): Rust's loop over an async iterator, with the `.await` in plain sight.
//!
//! Run it: `cargo run -p domains --bin domaincheck -- dev` (the built-in zone also has
//! `com`, `org` and `com.br` names).

use domains::cli::{DomaincheckArgs, KWLIST, Unanswered};
use domains::{DomainResult, Resolver, multi_probe};
use futures::StreamExt;

/// The book's `main(tld)`: true when every probe was answered.
async fn domaincheck(tld: String, resolver: Resolver) -> bool {
    let names = KWLIST.iter().filter(|kw| kw.len() <= 4);
    let domains = names.map(|name| format!("{name}.{tld}").to_lowercase());
    println!("FOUND\t\tNOT FOUND");
    println!("=====\t\t=========");
    let mut results = multi_probe(&resolver, domains);
    let mut unanswered = Unanswered::new("domaincheck");
    // `async for domain, found in multi_probe(domains):`
    while let Some(result) = results.next().await {
        let Some(DomainResult { domain, found }) = unanswered.answer(result) else {
            continue;
        };
        let indent = if found { "" } else { "\t\t" };
        println!("{indent}{domain}");
    }
    unanswered.none()
}

fn main() -> std::process::ExitCode {
    let args = program::args::<DomaincheckArgs>();
    let Some(tld) = args.tld else {
        // The book prints this and ends; here it is a usage error, status 2.
        eprintln!("Please provide a TLD. Example: domaincheck COM.BR");
        return std::process::ExitCode::from(2);
    };
    // `asyncio.run(main(tld))`, with the resolver the options ask for (cli.rs).
    domains::cli::main_with_resolver("domaincheck", &args.resolving, |resolver| {
        domaincheck(tld, resolver)
    })
}
