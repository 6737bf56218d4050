//! tcp-charfinder: the book's `tcp_mojifinder.py`. Try it with `nc 127.0.0.1 2323` or
//! `telnet 127.0.0.1 2323`, then type `cat face`. This file is the book's `main`; the
//! server is in `lib.rs`, the command line in `args.rs`.
//!
//! Run it: `cargo run -p tcp-charfinder` (or `-- 127.0.0.1 2424`, as the book's
//! `tcp_mojifinder.py 127.0.0.1 2424`, or `-- --port 2424`)

mod args;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use charindex::InvertedIndex;
use closed_stdout::say;
use shutdown::{GRACE, Shutdown};
use tcp_charfinder::{Limits, supervisor};

fn main() -> ExitCode {
    let args: args::Args = program::parse();
    // Watched by tokio-console in a `cargo console` build; a no-op otherwise (support/tasks).
    tasks::watch();
    // Each client is a file descriptor: the open-files limit is raised as far as the
    // system allows, and the cap on clients kept under it (serving::connection_cap).
    let max_clients = serving::connection_cap(args.max_clients as usize);
    let idle = Duration::from_secs(args.idle_timeout);
    let limits = Limits {
        max_clients,
        idle,
        ..Limits::default()
    };
    // The log goes through `say`: a closed or full stdout (`| head -1`) never stops the
    // serving, as in flags-server.
    say("Building index.");
    let index = Arc::new(InvertedIndex::new());
    let addr = args.addr();
    // `asyncio.run(supervisor(index, host, port))`: listening here, the rest in `lib.rs`.
    let served = tokio::runtime::Runtime::new().and_then(|runtime| {
        runtime.block_on(async {
            let listener = tcp_charfinder::listen(addr)?;
            // Ctrl-C (or SIGTERM, SIGHUP) stops the accepting, and `supervisor` tells the
            // clients and ends their sessions; 3 s later, or at a second Ctrl-C, the server
            // ends whatever its clients do (support/shutdown). asyncio cancels its tasks.
            let shutdown = Shutdown::on_signals()?;
            let stop = shutdown.stop.clone().cancelled_owned();
            tokio::select! {
                () = supervisor(Arc::clone(&index), listener, limits, stop) => {}
                () = shutdown.deadline(GRACE) => say(&shutdown::gave_up(GRACE)),
            }
            Ok(())
        })
    });
    let code = match served {
        Ok(()) => {
            say("\nServer shut down.");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("tcp-charfinder: cannot listen on {addr}: {err}");
            ExitCode::FAILURE
        }
    };
    // The index is the process's until it ends: the system takes it back at once, where
    // dropping it would free its hundreds of thousands of allocations one by one.
    std::mem::forget(index);
    // The log's last lines, written before the process ends.
    closed_stdout::flush_log();
    code
}
