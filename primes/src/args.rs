//! The command line of `threads`, `procs` and `pool`: `[N]`, the number of workers, as the
//! book's `int(sys.argv[1])` reads it, with a clear message for what is not one
//! ([`parse_workers`], [`WorkersArgs`]), and the default, the number of cores ([`cores`]).

/// Reads `N` for clap: a whole number from 1 to 1024. Refuses 0, negatives, fractions,
/// larger numbers and what is not a number, with one message. With no `N` at all, the
/// default is the number of cores ([`WorkersArgs::workers`]).
pub fn parse_workers(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err("must be a whole number of workers from 1 to 1024".into()),
    }
}

/// The number of cores, the book's default number of workers.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The command line of `threads`, `procs` and `pool`: `[N]`, the number of workers.
#[derive(Debug, clap::Parser)]
pub struct WorkersArgs {
    /// How many workers [default: the number of cores].
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    pub workers: Option<usize>,
}

impl WorkersArgs {
    /// The workers asked for, or the number of cores.
    pub fn workers(&self) -> usize {
        self.workers.unwrap_or_else(cores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_must_be_a_positive_whole_number() {
        assert_eq!(parse_workers("4"), Ok(4));
        for bad in ["0", "-1", "abc", "1.5", "", "100000"] {
            assert!(parse_workers(bad).is_err(), "{bad}");
        }
    }
}
