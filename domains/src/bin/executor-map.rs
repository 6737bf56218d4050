//! The book's `demo_executor_map.py`: five jobs on a pool of three threads, each job
//! sleeping `n` seconds; the results come back in the order the jobs were submitted, even
//! though they finish in another.
//!
//! The idea to notice: `executor.map(loiter, range(5))` submits every job at once and
//! returns a generator that hands out the results in order, each `next` waiting for its
//! job. Here each submitted job gets a channel, the future of its one result, and the
//! `results` iterator waits on them in order: lazy, as the generator is, so printing it
//! shows no result. rayon's `par_iter().map(..).collect()` is the ordered map too, but
//! returns only when every job is done; `--completed` prints the results as they finish
//! instead (the `as_completed` of the flags lessons, over threads).
//!
//! Run it: `cargo run -p domains --bin executor-map` (`-- --unit 0.2` for a quick run,
//! `-- --completed` for completion order).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The book's `display`: the time, then the text.
fn display(text: &str) {
    println!("{} {text}", chrono::Local::now().format("[%H:%M:%S]"));
}

/// The book's `loiter(n)`: says it starts, sleeps `n` units, says it is done; `n * 10`.
fn loiter(n: u32, unit: Duration) -> u32 {
    let (tabs, seconds) = ("\t".repeat(n as usize), unit * n);
    display(&format!(
        "{tabs}loiter({n}): doing nothing for {}s...",
        seconds.as_secs_f64()
    ));
    thread::sleep(seconds);
    display(&format!("{tabs}loiter({n}): done."));
    n * 10
}

fn main() -> Result<(), rayon::ThreadPoolBuildError> {
    let args = program::args::<domains::cli::ExecutorMapArgs>();
    let unit = Duration::from_secs_f64(args.unit);
    display("Script starting.");
    let executor = rayon::ThreadPoolBuilder::new().num_threads(3).build()?;
    // `executor.map(loiter, range(5))`: every job submitted now, each with the channel its
    // result will come through; jobs 3 and 4 wait for a free thread.
    let (all_done, each_done) = mpsc::channel();
    let futures: Vec<mpsc::Receiver<u32>> = (0..5)
        .map(|n| {
            let (done, result) = mpsc::channel();
            let all_done = all_done.clone();
            executor.spawn(move || {
                let r = loiter(n, unit);
                let _ = (done.send(r), all_done.send((n, r)));
            });
            result
        })
        .collect();
    if args.completed {
        // `as_completed`: the results as the jobs finish, through the channel all share.
        for (n, result) in each_done.iter().take(5) {
            display(&format!("result of loiter({n}): {result}"));
        }
        return Ok(());
    }
    // The generator: nothing has been waited for yet.
    let results = futures.into_iter().map(|future| future.recv());
    display(&format!("results: {results:?}"));
    display("Waiting for individual results:");
    for (i, result) in results.enumerate() {
        // Blocks until job i is done, however many later jobs finished before it.
        let result = result.expect("each job sends its result");
        display(&format!("result {i}: {result}"));
    }
    Ok(())
}
