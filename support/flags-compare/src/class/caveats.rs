//! The notes under the class table: what its numbers compare and what they do not (whose
//! figure each column is, the pool sizes on both sides, the requests per connection, the
//! book's flags3 counting bug when errors are injected, a random delay's missing ideal).

use crate::{Plan, python};

use super::Comparison;

/// The notes under the class table: what the numbers do and do not compare.
pub fn caveats(plan: &Plan, comparison: &Comparison, python_version: &str) -> Vec<String> {
    let rows = &comparison.rows;
    let row = |name: &str| rows.iter().find(|r| r.name == name);
    let mut notes = vec![format!(
        "Elapsed: each program's own figure (the scripts' `Elapsed time:` line, our \
         download_many), without starting Python or the process; CPU and peak memory: the \
         whole process, its own alone (Python {python_version}'s interpreter and imports \
         included). Progress bars are off on both sides."
    )];
    let m = match plan.max_req {
        Some(m) => format!("-m {m} given to both sides of every pair"),
        None => "no -m given: each pair ran at the book's default (1, 30, 5, 5), passed \
                 explicitly to both sides"
            .to_string(),
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    notes.push(format!(
        "Pool sizes: {m}. The book's flags_threadpool.py (not run: it has no -s) lets \
         ThreadPoolExecutor() choose min(32, CPUs + 4) = {} threads on this machine's {cpus} \
         CPUs, against flags-threads' 30: compare at the same -m, never at the defaults.",
        flags_common::python_pool_size()
    ));
    let pairs: Vec<String> = python::SCRIPTS
        .iter()
        .filter_map(|s| {
            let book = row(s.file)?;
            let ours = row(s.ours)
                .map(|o| format!(", {} {} on {}", o.name, o.runs[0].requests, o.connections()))
                .unwrap_or_default();
            Some(format!(
                "{} {} on {}{ours}",
                book.name,
                book.runs[0].requests,
                book.connections()
            ))
        })
        .collect();
    if !pairs.is_empty() {
        notes.push(format!(
            "Requests on connections, as the server counted them: {}. The book's \
             flags2_sequential.py and flags2_threadpool.py call httpx.get, which builds a \
             client, and opens a connection, for every request; ours share one client and \
             its pool.",
            pairs.join("; ")
        ));
    }
    if plan.server.error_rate > 0.0 && row("flags3_asyncio.py").is_some() {
        notes.push(
            "With errors injected, the book's flags3_asyncio.py counts every success after \
             its first error as an error too (a bug of the book's, fixed in its \
             flags2_asyncio.py only); callbacks-vs-async counts each flag once."
                .to_string(),
        );
    }
    if !plan.server.delay.is_fixed() {
        notes.push("The delay is random: no ideal time.".to_string());
    }
    notes
}
