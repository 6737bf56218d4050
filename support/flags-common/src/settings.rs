//! What a valid command line asks for ([`Settings`], with its [`Site`] and [`Output`]),
//! checked in the book's order with the book's messages: `--max_req`, `--limit`,
//! `--server`, then the CC arguments. The server's check and the [`Site`] it gives live in
//! `settings/site.rs`.

mod site;

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{Args, POP20_CC, UsageError, Workload, usage};
use crate::codes::expand_cc_args;
use crate::retry::RetryPolicy;

pub use site::Site;

/// What a valid command line asks for: complete when made, by [`Args::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The program's name, for titles: `flags-bounded`.
    pub program: String,
    /// The codes to search, sorted, deduplicated and limited.
    pub cc_list: Vec<String>,
    /// The `-m` value, when given; the program's default and maximum apply in
    /// [`Concurrency::actual`](crate::Concurrency::actual).
    pub max_req: Option<usize>,
    /// Where the flags come from.
    pub site: Site,
    /// Print one line per flag.
    pub verbose: bool,
    /// The per-request timeout.
    pub timeout: Duration,
    /// When a failed request is tried again.
    pub retry: RetryPolicy,
    pub http2: bool,
    /// The largest body taken, in bytes.
    pub max_body: u64,
    /// Where flags are saved.
    pub dest_dir: PathBuf,
    /// What the run prints.
    pub output: Output,
    /// Where to draw the run as SVG.
    pub timeline: Option<PathBuf>,
    /// Where to write the JSON summary as well as printing the reports (`--json=FILE`).
    pub json_file: Option<PathBuf>,
}

/// What a run prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The book's reports and progress display.
    Human,
    /// One JSON object at the end, nothing else.
    Json,
    /// Nothing: the caller prints what it wants from the run's report.
    Silent,
}

impl Workload {
    /// The book's checks of `-m` and `-l` and its expansion of the codes, for a program
    /// that has no `-s` (flags-compare): the codes to search, and `-m` when given.
    ///
    /// ```
    /// use clap::Parser;
    /// use flags_common::Args;
    ///
    /// let args = Args::parse_from(["flags", "-l", "3", "-m", "2"]);
    /// let (codes, max_req) = args.workload.validate().unwrap();
    /// assert_eq!((codes.join(" "), max_req), ("BD BR CD".to_string(), Some(2)));
    /// ```
    pub fn validate(&self) -> Result<(Vec<String>, Option<usize>), UsageError> {
        let max_req = self.max_req()?;
        let limit = self.limit()?;
        Ok((self.codes(limit)?, max_req))
    }

    fn max_req(&self) -> Result<Option<usize>, UsageError> {
        match self.max_req {
            None => Ok(None),
            Some(m) if m >= 1 => Ok(Some(usize::try_from(m).unwrap_or(usize::MAX))),
            Some(_) => Err(usage("--max_req CONCURRENT must be >= 1")),
        }
    }

    fn limit(&self) -> Result<usize, UsageError> {
        match self.limit {
            None => Ok(usize::MAX),
            Some(n) if n >= 1 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
            Some(_) => Err(usage("--limit N must be >= 1")),
        }
    }

    fn codes(&self, limit: usize) -> Result<Vec<String>, UsageError> {
        let mut cc_list = expand_cc_args(self.every, self.all, &self.cc)?;
        if cc_list.is_empty() {
            cc_list = POP20_CC.iter().map(|cc| cc.to_string()).collect();
            cc_list.sort();
        }
        cc_list.truncate(limit);
        Ok(cc_list)
    }
}

impl Args {
    /// Checks the command line in the book's order (`-m`, `-l`, `-s`, then the codes) and
    /// expands the codes; `program` names the run in titles.
    ///
    /// ```
    /// use clap::Parser;
    /// use flags_common::Args;
    ///
    /// let args = Args::parse_from(["flags", "-s", "LOCAL", "-l", "3"]);
    /// let settings = args.validate("flags-seq").unwrap();
    /// assert_eq!(settings.cc_list, ["BD", "BR", "CD"]);
    /// let bad = Args::parse_from(["flags", "-m", "0"]).validate("flags-seq").unwrap_err();
    /// assert_eq!(bad.to_string(), "*** Usage error: --max_req CONCURRENT must be >= 1");
    /// ```
    pub fn validate(&self, program: &str) -> Result<Settings, UsageError> {
        let max_req = self.workload.max_req()?;
        let limit = self.workload.limit()?;
        let site = self.site()?;
        let cc_list = self.workload.codes(limit)?;
        // A run must not end in "cannot write": the files are checked now.
        let json_file = self.json.as_deref().filter(|path| path.as_os_str() != "-");
        for (option, file) in [
            ("--timeline", self.timeline.as_deref()),
            ("--json", json_file),
        ] {
            if let Some(Err(message)) = file.map(|path| crate::save::check_output(option, path)) {
                return Err(usage(&message));
            }
        }
        Ok(Settings {
            program: program.to_string(),
            cc_list,
            max_req,
            site,
            verbose: self.verbose,
            timeout: Duration::from_secs_f64(self.timeout),
            retry: RetryPolicy {
                retries: self.retries,
                retry_status: self.retry_status.clone(),
                connect_timeout: Duration::from_secs_f64(self.connect_timeout),
                ..RetryPolicy::default()
            },
            http2: self.http2,
            max_body: self.max_body,
            dest_dir: self.dest_dir.clone(),
            output: match &self.json {
                Some(path) if path.as_os_str() == "-" => Output::Json,
                _ => Output::Human,
            },
            json_file: self.json.clone().filter(|path| path.as_os_str() != "-"),
            timeline: self.timeline.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str]) -> Result<Settings, UsageError> {
        let argv = std::iter::once("flags").chain(args.iter().copied());
        Args::try_parse_from(argv)
            .expect("clap accepts it")
            .validate("flags")
    }

    #[test]
    fn the_books_numbers() {
        let codes = |args: &[&str]| settings(args).expect("valid").cc_list;
        assert_eq!(codes(&["a", "b", "c"]).len(), 78);
        assert_eq!(codes(&["b"]).len(), 26);
        assert_eq!(codes(&["-e"]).len(), 676);
        assert_eq!(codes(&["-a"]).len(), 194);
        let top100 = codes(&["-al", "100"]);
        assert_eq!((top100[0].as_str(), top100[99].as_str()), ("AD", "LK"));
        assert_eq!(
            codes(&[]).join(" "),
            "BD BR CD CN DE EG ET FR ID IN IR JP MX NG PH PK RU TR US VN"
        );
        assert_eq!(codes(&["-l", "3"]).join(" "), "BD BR CD");
        // -e wins over -a, which wins over codes.
        assert_eq!(codes(&["-e", "-a", "br"]).len(), 676);
        assert_eq!(codes(&["-a", "br"]).len(), 194);
        assert_eq!(codes(&["br", "BR", "b"]).len(), 26);
    }

    #[test]
    fn usage_errors_come_in_the_books_order() {
        let err = |args: &[&str]| settings(args).expect_err("refused").to_string();
        assert_eq!(
            err(&["-m", "0", "-l", "0", "-s", "x", "abc"]),
            "*** Usage error: --max_req CONCURRENT must be >= 1"
        );
        assert_eq!(
            err(&["-l", "-1", "-s", "x", "abc"]),
            "*** Usage error: --limit N must be >= 1"
        );
        assert_eq!(
            err(&["-s", "FOO", "abc"]),
            "*** Usage error: --server LABEL must be one of DELAY, ERROR, LOCAL, REMOTE"
        );
        assert_eq!(
            err(&["abc"]),
            "*** Usage error: each CC argument must be A to Z or AA to ZZ."
        );
        assert_eq!(
            err(&["b1"]),
            "*** Usage error: each CC argument must be A to Z or AA to ZZ."
        );
    }

    #[test]
    fn clap_refuses_numbers_out_of_range() {
        assert!(Args::try_parse_from(["flags", "--error-rate", "1.5"]).is_err());
        for bad in ["0", "1e-9", "-1", "nan", "inf", "1e20"] {
            assert!(
                Args::try_parse_from(["flags", "--timeout", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
