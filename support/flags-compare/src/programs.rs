//! The lessons compared: each one's `download_many` and concurrency, as its `main` passes
//! them to `flags_common::main`.

use callbacks_vs_async::Style;
use flags_common::{Concurrency, Display, Job, Tally};

/// A downloader: what a lesson's `main` passes to `flags_common::main`.
type DownloadMany = fn(&Job, &Display) -> anyhow::Result<Tally>;

/// One program of the comparison: its crate (the name `--programs` takes), its row's name,
/// its `download_many` and its concurrency.
pub struct Program {
    /// The crate, as `--programs` names it: `flags-bounded`.
    pub package: &'static str,
    /// The row's name: `callbacks-vs-async async`.
    pub name: &'static str,
    pub(crate) download_many: DownloadMany,
    pub(crate) concurrency: Concurrency,
}

/// The programs compared, in the order of the table.
pub const PROGRAMS: [Program; 6] = [
    Program {
        package: "flags-seq",
        name: "flags-seq",
        download_many: flags_seq::download_many,
        concurrency: flags_seq::CONCURRENCY,
    },
    Program {
        package: "flags-threads",
        name: "flags-threads",
        download_many: flags_threads::download_many,
        concurrency: flags_threads::CONCURRENCY,
    },
    Program {
        package: "flags-async",
        name: "flags-async",
        download_many: flags_async::download_many,
        concurrency: flags_async::CONCURRENCY,
    },
    Program {
        package: "flags-bounded",
        name: "flags-bounded",
        download_many: flags_bounded::download_many,
        concurrency: flags_bounded::CONCURRENCY,
    },
    Program {
        package: "callbacks-vs-async",
        name: "callbacks-vs-async callbacks",
        download_many: |job, display| {
            callbacks_vs_async::download_many(job, display, Style::Callbacks).map(|(t, _)| t)
        },
        concurrency: callbacks_vs_async::CONCURRENCY,
    },
    Program {
        package: "callbacks-vs-async",
        name: "callbacks-vs-async async",
        download_many: |job, display| {
            callbacks_vs_async::download_many(job, display, Style::Async).map(|(t, _)| t)
        },
        concurrency: callbacks_vs_async::CONCURRENCY,
    },
];

/// The programs `--programs` names, in the table's order; every name must be a package.
pub fn select(names: Option<&[String]>) -> Result<Vec<&'static Program>, String> {
    let Some(names) = names else {
        return Ok(PROGRAMS.iter().collect());
    };
    let known: Vec<&str> = PROGRAMS.iter().map(|p| p.package).collect();
    if let Some(unknown) = names.iter().find(|n| !known.contains(&n.as_str())) {
        let mut choices = known.clone();
        choices.dedup();
        return Err(format!(
            "--programs: no program named {unknown:?}; choose among {}",
            choices.join(", ")
        ));
    }
    Ok(PROGRAMS
        .iter()
        .filter(|p| names.iter().any(|n| n == p.package))
        .collect())
}
