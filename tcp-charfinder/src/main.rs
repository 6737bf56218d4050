//! tcp-charfinder: the book's `tcp_mojifinder.py`. Try it with `nc 127.0.0.1 2323` or
//! `telnet 127.0.0.1 2323`, then type `cat face`. The server is in `lib.rs`.
//!
//! Run it: `cargo run -p tcp-charfinder` (or `-- 127.0.0.1 2424`, as the book's
//! `tcp_mojifinder.py 127.0.0.1 2424`, or `-- --port 2424`)

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use charindex::InvertedIndex;
use clap::Parser;
use closed_stdout::say;
use shutdown::{GRACE, Shutdown};
use tcp_charfinder::{Limits, py_addr, serve};

/// Find Unicode characters by name, over TCP.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The address to listen on, as the book's `tcp_mojifinder.py 127.0.0.1 2323` takes it
    /// [default: 127.0.0.1].
    #[arg(value_name = "HOST", conflicts_with = "host")]
    host_arg: Option<IpAddr>,
    /// The port to listen on, the book's second argument (0 picks a free one)
    /// [default: 2323].
    #[arg(value_name = "PORT", conflicts_with = "port")]
    port_arg: Option<u16>,
    /// The address to listen on (the same as HOST).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The port to listen on (the same as PORT; 0 picks a free one).
    #[arg(long, default_value_t = 2323)]
    port: u16,
    /// How many clients at once, 1 to 100000; more are told the server is busy.
    #[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_clients: u32,
    /// Close a session idle for SECS seconds, 1 to 86400.
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    idle_timeout: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The log goes through `say`: a closed or full stdout (`| head -1`) never stops the
    // serving, as in flags-server.
    // Each client is a file descriptor: the open-files limit is raised as far as the
    // system allows, and the cap on clients kept under it, so that a client past it is
    // told the server is busy (serving::connection_cap).
    let max_clients = serving::connection_cap(args.max_clients as usize);
    say("Building index.");
    let index = Arc::new(InvertedIndex::new());
    let limits = Limits {
        max_clients,
        idle: Duration::from_secs(args.idle_timeout),
        ..Limits::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("tcp-charfinder: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let addr = SocketAddr::new(
        args.host_arg.unwrap_or(args.host),
        args.port_arg.unwrap_or(args.port),
    );
    let result = runtime.block_on(async {
        let listener = tcp_charfinder::listen(addr)?;
        // Ctrl-C (or SIGTERM, SIGHUP) stops the accepting, and `serve` tells the clients
        // and ends their sessions; 3 s later, or at a second Ctrl-C, the server ends
        // whatever its clients do (support/shutdown). asyncio cancels its tasks instead.
        let shutdown = Shutdown::on_signals()?;
        say(&format!(
            "Serving on {}. Hit CTRL-C to stop.",
            py_addr(listener.local_addr()?)
        ));
        tokio::select! {
            () = serve(listener, index, limits, shutdown.stop.clone().cancelled_owned()) => {}
            () = shutdown.deadline(GRACE) => say(&shutdown::gave_up(GRACE)),
        }
        Ok::<(), std::io::Error>(())
    });
    match result {
        Ok(()) => {
            say("\nServer shut down.");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("tcp-charfinder: cannot listen on {addr}: {err}");
            ExitCode::FAILURE
        }
    }
}
