//! The book's `if __name__ == '__main__': main(download_many)`. The lesson is in `lib.rs`.

fn main() -> std::process::ExitCode {
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    flags_common::main(
        flags_async::download_many,
        flags_async::CONCURRENCY,
        flags_common::Progress::Codes,
    )
}
