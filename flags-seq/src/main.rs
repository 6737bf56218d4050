//! The book's `if __name__ == '__main__': main(download_many, DEFAULT_CONCUR_REQ,
//! MAX_CONCUR_REQ)`. The lesson is in `lib.rs`.

fn main() -> std::process::ExitCode {
    flags_common::main(
        flags_seq::download_many,
        flags_seq::CONCURRENCY,
        flags_common::Progress::Bar,
    )
}
