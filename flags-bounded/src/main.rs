//! The book's `if __name__ == '__main__': main(download_many, DEFAULT_CONCUR_REQ,
//! MAX_CONCUR_REQ)`. The lesson is in `lib.rs`.

fn main() -> std::process::ExitCode {
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    flags_common::main(
        flags_bounded::download_many,
        flags_bounded::CONCURRENCY,
        flags_common::Progress::Bar,
    )
}
