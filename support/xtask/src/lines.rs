//! The measure of a lesson against its book file: code lines, that is lines that are not
//! blank and not comments (for Rust, `//` lines, doc comments included; for Python, `#`
//! lines), and for Rust not the `#[cfg(test)]` module either: tests are not in the book.

/// The lessons and the book files they mirror, as `cargo xtask lesson-lines` measures them:
/// (what, the lesson's files in this workspace, the book's files at the pinned commit).
/// A lesson lists every module that holds a line its book file defines, so that a helper
/// module cannot hide one: a module shared with sibling programs counts with each of them
/// (spinner-async's `lib.rs`, home of the `spin` and `supervisor` that every experiment's
/// book file defines again; the nap experiment's `is_prime` in `busy.rs`; the spinner
/// programs of primes; primes' `check.rs`, the `PrimeResult` and `check` that four book
/// files define again). What a book file imports from another (the broken experiment's
/// `primes.is_prime`, flags2_common's `save_flag`) counts with the file that defines it.
pub const LESSONS: &[(&str, &[&str], &[&str])] = &[
    (
        "spinner-thread",
        &["spinner-thread/src/main.rs"],
        &["19-concurrency/spinner_thread.py"],
    ),
    (
        "spinner-async",
        &["spinner-async/src/lib.rs", "spinner-async/src/main.rs"],
        &["19-concurrency/spinner_async.py"],
    ),
    (
        "spinner_async_experiment",
        &[
            "spinner-async/src/bin/spinner_async_experiment.rs",
            "spinner-async/src/lib.rs",
        ],
        &["19-concurrency/spinner_async_experiment.py"],
    ),
    (
        "spinner_prime_async_broken",
        &[
            "spinner-async/src/bin/spinner_prime_async_broken.rs",
            "spinner-async/src/lib.rs",
        ],
        &["19-concurrency/primes/spinner_prime_async_broken.py"],
    ),
    (
        "spinner_prime_async_nap",
        &[
            "spinner-async/src/bin/spinner_prime_async_nap.rs",
            "spinner-async/src/busy.rs",
            "spinner-async/src/lib.rs",
        ],
        &["19-concurrency/primes/spinner_prime_async_nap.py"],
    ),
    (
        "primes",
        &["primes/src/lib.rs"],
        &["19-concurrency/primes/primes.py"],
    ),
    (
        "sequential",
        &["primes/src/bin/sequential.rs", "primes/src/check.rs"],
        &["19-concurrency/primes/sequential.py"],
    ),
    (
        "threads",
        &["primes/src/bin/threads.rs", "primes/src/check.rs"],
        &["19-concurrency/primes/threads.py"],
    ),
    (
        "procs",
        &["primes/src/bin/procs.rs", "primes/src/check.rs"],
        &["19-concurrency/primes/procs.py"],
    ),
    (
        "pool",
        &["primes/src/bin/pool.rs", "primes/src/check.rs"],
        &["20-executors/primes/proc_pool.py"],
    ),
    (
        "spinner-proc, spinner-prime-thread, spinner-prime-proc",
        &[
            "primes/src/spinner.rs",
            "primes/src/bin/spinner-proc.rs",
            "primes/src/bin/spinner-prime-thread.rs",
            "primes/src/bin/spinner-prime-proc.rs",
        ],
        &[
            "19-concurrency/spinner_proc.py",
            "19-concurrency/primes/spinner_prime_thread.py",
            "19-concurrency/primes/spinner_prime_proc.py",
        ],
    ),
    (
        "flags-seq",
        &["flags-seq/src/lib.rs", "flags-seq/src/main.rs"],
        &["20-executors/getflags/flags2_sequential.py"],
    ),
    (
        "flags-threads",
        &["flags-threads/src/lib.rs", "flags-threads/src/main.rs"],
        &["20-executors/getflags/flags2_threadpool.py"],
    ),
    (
        "flags_threadpool_futures",
        &["flags-threads/src/bin/flags_threadpool_futures.rs"],
        &["20-executors/getflags/flags_threadpool_futures.py"],
    ),
    (
        "flags-async",
        &["flags-async/src/lib.rs", "flags-async/src/main.rs"],
        &["20-executors/getflags/flags_asyncio.py"],
    ),
    (
        "flags-bounded",
        &["flags-bounded/src/lib.rs", "flags-bounded/src/main.rs"],
        &["20-executors/getflags/flags2_asyncio.py"],
    ),
    (
        "callbacks-vs-async",
        &[
            "callbacks-vs-async/src/lib.rs",
            "callbacks-vs-async/src/main.rs",
            "callbacks-vs-async/src/coroutines.rs",
            "callbacks-vs-async/src/callbacks.rs",
        ],
        &["20-executors/getflags/flags3_asyncio.py"],
    ),
    (
        "charindex",
        &["charindex/src/lib.rs", "charindex/src/main.rs"],
        &["21-async/mojifinder/charindex.py"],
    ),
    (
        "tcp-charfinder",
        &["tcp-charfinder/src/lib.rs", "tcp-charfinder/src/main.rs"],
        &["21-async/mojifinder/tcp_mojifinder.py"],
    ),
    (
        "web-charfinder",
        &["web-charfinder/src/lib.rs"],
        &["21-async/mojifinder/web_mojifinder.py"],
    ),
    (
        "web-charfinder-blocking",
        &["web-charfinder/src/bin/web-charfinder-blocking.rs"],
        &["21-async/mojifinder/web_mojifinder_bottle.py"],
    ),
    (
        "domainlib",
        &["domains/src/lib.rs"],
        &["21-async/domains/asyncio/domainlib.py"],
    ),
    (
        "blogdom",
        &["domains/src/bin/blogdom.rs"],
        &["21-async/domains/asyncio/blogdom.py"],
    ),
    (
        "blogdom-smol",
        &["domains/src/bin/blogdom-smol.rs"],
        &["21-async/domains/curio/blogdom.py"],
    ),
    (
        "domaincheck",
        &["domains/src/bin/domaincheck.rs"],
        &["21-async/domains/asyncio/domaincheck.py"],
    ),
    (
        "executor-map",
        &["domains/src/bin/executor-map.rs"],
        &["20-executors/demo_executor_map.py"],
    ),
];

/// Code lines of Rust source: not blank, not a `//` comment, not in a `#[cfg(test)]` item.
///
/// ```
/// let source = "//! Doc.\nfn f() {}\n\n// Why.\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n";
/// assert_eq!(xtask::lines::rust_code_lines(source), 1);
/// ```
pub fn rust_code_lines(source: &str) -> usize {
    let mut count = 0;
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if line.starts_with("#[cfg(test)]") {
            // Skip the item that follows, to its closing brace.
            let mut depth = 0i32;
            let mut opened = false;
            for inner in lines.by_ref() {
                depth += inner.matches('{').count() as i32 - inner.matches('}').count() as i32;
                opened |= inner.contains('{');
                if opened && depth <= 0 {
                    break;
                }
            }
            continue;
        }
        if !line.is_empty() && !line.starts_with("//") {
            count += 1;
        }
    }
    count
}

/// Code lines of Python source: not blank, not a `#` comment (a docstring counts: it is a
/// string in the code, not a comment).
///
/// ```
/// assert_eq!(xtask::lines::python_code_lines("#!/usr/bin/env python3\n\nimport sys  # why\nx = 1\n"), 2);
/// ```
pub fn python_code_lines(source: &str) -> usize {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_file_measured_exists() {
        for (lesson, ours, _) in LESSONS {
            for file in *ours {
                assert!(crate::workspace().join(file).is_file(), "{lesson}: {file}");
            }
        }
    }
}
