//! A server on a thread and a tokio runtime of its own ([`ServerThread`]), beside a program
//! or a test that has its own runtime: the flags server started in process, domains' DNS
//! server, web-charfinder's server for its tests and bench. Each of them only says how it
//! binds and how it serves; the thread, the wait for the address and the stop are here.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;

use tokio::runtime::Runtime;
use tokio::sync::oneshot;

/// A server running on a thread of its own. Dropping it stops the server without grace
/// (whatever it was still doing is dropped with its runtime) and waits for the thread.
#[derive(Debug)]
pub struct ServerThread {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ServerThread {
    /// Starts a thread named `name` that runs `start` on `runtime`, and returns once the
    /// server is listening. `start` binds (an error there is this call's error) and gives
    /// back its address and the future that serves, which then runs until the server is
    /// stopped. The caller builds `runtime`, so that it chooses how many threads serve.
    ///
    /// ```
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    /// let server = serving::ServerThread::start("example", runtime, || async {
    ///     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    ///     let addr = listener.local_addr()?;
    ///     let serve = async move { while let Ok((_connection, _)) = listener.accept().await {} };
    ///     Ok::<_, std::io::Error>((addr, serve))
    /// })?;
    /// std::net::TcpStream::connect(server.addr())?;
    /// server.stop();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start<Start, Bind, Serve>(
        name: &str,
        runtime: Runtime,
        start: Start,
    ) -> io::Result<ServerThread>
    where
        Start: FnOnce() -> Bind + Send + 'static,
        Bind: Future<Output = io::Result<(SocketAddr, Serve)>>,
        Serve: Future<Output = ()>,
    {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                runtime.block_on(async move {
                    let serve = match start().await {
                        Ok((addr, serve)) => {
                            let _ = ready_tx.send(Ok(addr));
                            serve
                        }
                        Err(err) => return drop(ready_tx.send(Err(err))),
                    };
                    // A stop sent ends the serving; a sender dropped unsent (`detach`)
                    // disables this branch, and the serving goes on.
                    tokio::select! {
                        () = serve => {}
                        Ok(()) = stopped => {}
                    }
                });
                // Dropping the runtime here cancels every task still under way.
            })?;
        let addr = ready_rx
            .recv()
            .map_err(|_| io::Error::other(format!("{name} stopped before listening")))??;
        Ok(ServerThread {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server and waits for its thread, as dropping it does.
    pub fn stop(self) {
        drop(self);
    }

    /// Leaves the server running until the process ends, and returns its address: for a
    /// test or a bench that needs a server beside it for as long as it runs.
    pub fn detach(mut self) -> SocketAddr {
        // The sender, dropped unsent, never stops the server; the handle, dropped, lets the
        // thread run on alone. Neither is left for `Drop`.
        drop(self.stop.take());
        drop(self.thread.take());
        self.addr
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
