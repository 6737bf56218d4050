//! web-charfinder: the book's `web_mojifinder.py`. Open the address it prints and type
//! words; or ask `curl 'http://127.0.0.1:8000/search?q=cat+smiling'`. The book's code (the
//! index, the routes) is in `lib.rs`; here, what uvicorn does for it: the command line and
//! the serving.
//!
//! Run it: `cargo run -p web-charfinder` (or `-- --port 8080`)

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use closed_stdout::say;
use shutdown::{GRACE, Shutdown};
use web_charfinder::limits::{self, Limits};

/// Find Unicode characters by name, on the web.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The address to listen on (an IP address, or localhost).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_parser = serving::host)]
    host: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    port: u16,
}

fn main() -> ExitCode {
    let args: Args = program::parse();
    // Each connection is a file descriptor: the open-files limit is raised as far as the
    // system allows, and the cap on connections kept under it, so that the cap, not the
    // open-files limit, says "busy" (serving::connection_cap).
    let limits = Limits {
        max_connections: serving::connection_cap(Limits::default().max_connections),
        ..Limits::default()
    };
    // The log, here and in `init`, goes through `say`: a closed or full stdout (`| head -1`)
    // never stops the serving, as in flags-server.
    let index = web_charfinder::init();
    let addr = SocketAddr::new(args.host, args.port);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("web-charfinder: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        // Ctrl-C (or SIGTERM, SIGHUP) stops the accepting, and requests under way finish;
        // 3 s later, or at a second Ctrl-C, the server ends whatever its clients do
        // (support/shutdown).
        let shutdown = Shutdown::on_signals()?;
        say(&format!(
            "Serving on http://{}/ Hit CTRL-C to stop.",
            listener.local_addr()?
        ));
        let serving = limits::serve(
            listener,
            web_charfinder::app(Arc::clone(&index)),
            limits,
            shutdown.stop.clone().cancelled_owned(),
        );
        tokio::select! {
            () = serving => {}
            () = shutdown.deadline(GRACE) => say(&shutdown::gave_up(GRACE)),
        }
        Ok::<(), std::io::Error>(())
    });
    let code = match result {
        Ok(()) => {
            say("\nServer shut down.");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("web-charfinder: cannot serve on {addr}: {err}");
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
