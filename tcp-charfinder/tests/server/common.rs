//! What the tests of tcp-charfinder share: the server started in-process on an ephemeral
//! port, and a plain blocking client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use charindex::InvertedIndex;
use tcp_charfinder::{Limits, supervisor};
use tokio::sync::oneshot;

/// The index, built once for every test of this file.
pub fn index() -> Arc<InvertedIndex> {
    static INDEX: OnceLock<Arc<InvertedIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(InvertedIndex::new())))
}

/// A running server; dropping `stop` (or sending on it) shuts it down.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: std::sync::mpsc::Receiver<()>,
}

impl Server {
    pub fn start(limits: Limits) -> Server {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let (done_tx, done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("a runtime");
            runtime.block_on(async move {
                let listener = tcp_charfinder::listen("127.0.0.1:0".parse().expect("an address"))
                    .expect("a port");
                addr_tx
                    .send(listener.local_addr().expect("an address"))
                    .expect("sent");
                supervisor(index(), listener, limits, async {
                    let _ = stopped.await;
                })
                .await;
            });
            let _ = done_tx.send(());
        });
        let addr = addr_rx.recv().expect("the server listens");
        Server {
            addr,
            stop: Some(stop),
            done,
        }
    }

    pub fn connect(&self) -> Client {
        let stream = TcpStream::connect(self.addr).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        Client {
            reader: BufReader::new(stream.try_clone().expect("clone")),
            stream,
        }
    }

    /// Shuts the server down and waits until `serve` has returned.
    pub fn shut_down(mut self) -> Duration {
        let t0 = Instant::now();
        let _ = self.stop.take().map(|stop| stop.send(()));
        self.done
            .recv_timeout(Duration::from_secs(10))
            .expect("serve returns");
        t0.elapsed()
    }
}

pub struct Client {
    pub stream: TcpStream,
    pub reader: BufReader<TcpStream>,
}

impl Client {
    pub fn read_exact(&mut self, n: usize) -> Vec<u8> {
        let mut buf = vec![0; n];
        self.reader.read_exact(&mut buf).expect("bytes");
        buf
    }

    /// Reads one CRLF-terminated line, CRLF included.
    pub fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("a line");
        line
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("sent");
    }

    /// Everything until the server closes the connection.
    pub fn rest(&mut self) -> String {
        let mut rest = Vec::new();
        let _ = self.reader.read_to_end(&mut rest);
        String::from_utf8_lossy(&rest).into_owned()
    }

    /// Sends a query and reads the answer up to and including the status line.
    pub fn query(&mut self, query: &str) -> Vec<String> {
        assert_eq!(self.read_exact(3), b"?> ");
        self.send(format!("{query}\r\n").as_bytes());
        let mut lines = Vec::new();
        loop {
            let line = self.line();
            let done = line.contains(" found\r\n");
            lines.push(line);
            if done {
                return lines;
            }
        }
    }
}

pub fn quick() -> Limits {
    Limits {
        idle: Duration::from_secs(5),
        write: Duration::from_millis(500),
        ..Limits::default()
    }
}
