//! The book's `if __name__ == '__main__': main(download_many)`. The lesson is in `lib.rs`.

fn main() -> std::process::ExitCode {
    flags_common::main(
        flags_async::download_many,
        flags_async::CONCURRENCY,
        flags_common::Progress::Codes,
    )
}
