//! The command line of tcp-charfinder: the book's `main(host, port)` takes two positional
//! arguments; these are the same, with options for the limits a Rust server states.

use std::net::{IpAddr, Ipv4Addr};

use clap::Parser;

/// Find Unicode characters by name, over TCP.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// The address to listen on, as the book's `tcp_mojifinder.py 127.0.0.1 2323` takes it
    /// [default: 127.0.0.1].
    #[arg(value_name = "HOST", conflicts_with = "host", value_parser = serving::host)]
    pub host_arg: Option<IpAddr>,
    /// The port to listen on, the book's second argument (0 picks a free one)
    /// [default: 2323].
    #[arg(value_name = "PORT", conflicts_with = "port")]
    pub port_arg: Option<u16>,
    /// The address to listen on (the same as HOST).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_parser = serving::host)]
    pub host: IpAddr,
    /// The port to listen on (the same as PORT; 0 picks a free one).
    #[arg(long, default_value_t = 2323)]
    pub port: u16,
    /// How many clients at once, 1 to 100000; more are told the server is busy.
    #[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_clients: u32,
    /// Close a session idle for SECS seconds, 1 to 86400.
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub idle_timeout: u64,
}

impl Args {
    /// HOST and PORT, positional or not.
    pub fn addr(&self) -> std::net::SocketAddr {
        let host = self.host_arg.unwrap_or(self.host);
        std::net::SocketAddr::new(host, self.port_arg.unwrap_or(self.port))
    }
}
