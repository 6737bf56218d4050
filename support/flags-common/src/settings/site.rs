//! Where the flags come from ([`Site`]): the `-s` argument checked, a built-in server's
//! label (LOCAL, DELAY, ERROR) with the options that tune it, the book's REMOTE site, or
//! a base URL.

use flags_server::Profile;

use crate::cli::{Args, UsageError, usage};

/// Where the flags come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Site {
    /// A server started in this process, with the book's label and its settings.
    BuiltIn(Profile, flags_server::Config),
    /// The book's remote site.
    Remote,
    /// A base URL given with `-s`.
    Url(String),
}

impl Site {
    /// The label the reports print: `DELAY`, `REMOTE`, or `URL`.
    ///
    /// ```
    /// use flags_common::Site;
    /// use flags_server::Profile;
    ///
    /// assert_eq!(Site::BuiltIn(Profile::Error, Profile::Error.config()).label(), "ERROR");
    /// assert_eq!(Site::Url("http://localhost:8001/flags".into()).label(), "URL");
    /// ```
    pub fn label(&self) -> &'static str {
        match self {
            Site::BuiltIn(Profile::Local, _) => "LOCAL",
            Site::BuiltIn(Profile::Delay, _) => "DELAY",
            Site::BuiltIn(Profile::Error, _) => "ERROR",
            Site::Remote => "REMOTE",
            Site::Url(_) => "URL",
        }
    }
}

impl Args {
    /// The site `-s` names (a label in any case, or an http(s) URL with a host and
    /// nothing after its path), the built-in server's options applied to its profile.
    pub(super) fn site(&self) -> Result<Site, UsageError> {
        let label = self.server.to_ascii_uppercase();
        let profile = match label.as_str() {
            "LOCAL" => Profile::Local,
            "DELAY" => Profile::Delay,
            "ERROR" => Profile::Error,
            _ => {
                let site = if label == "REMOTE" {
                    Site::Remote
                } else if label.starts_with("HTTP://") || label.starts_with("HTTPS://") {
                    let url = reqwest::Url::parse(&self.server).ok();
                    let named_host = url
                        .as_ref()
                        .and_then(|url| url.host_str().map(|h| !h.is_empty()))
                        .unwrap_or(false);
                    if !named_host {
                        return Err(usage(&format!(
                            "--server URL must name a host, as http://localhost:8001/flags: {}",
                            crate::transport::masked(&self.server)
                        )));
                    }
                    // `{base}/{cc}/{cc}.gif` goes after the path: a query or a fragment
                    // would end up in the middle of every request's URL, or be dropped.
                    if url.is_some_and(|url| url.query().is_some() || url.fragment().is_some()) {
                        return Err(usage(&format!(
                            "--server URL is a base for {{base}}/{{cc}}/{{cc}}.gif: no ?query or #fragment: {}",
                            crate::transport::masked(&self.server)
                        )));
                    }
                    Site::Url(self.server.trim_end_matches('/').to_string())
                } else {
                    return Err(usage(
                        "--server LABEL must be one of DELAY, ERROR, LOCAL, REMOTE",
                    ));
                };
                if self.built_in.any() {
                    return Err(usage(
                        "--delay, --error-rate and --seed only apply to the built-in \
                         servers LOCAL, DELAY and ERROR",
                    ));
                }
                return Ok(site);
            }
        };
        Ok(Site::BuiltIn(
            profile,
            self.built_in.apply(profile.config()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use flags_server::Delay;
    use std::time::Duration;

    /// The site `-s` and the built-in server's options give.
    fn site(args: &[&str]) -> Result<Site, UsageError> {
        let argv = std::iter::once("flags").chain(args.iter().copied());
        Args::try_parse_from(argv).expect("clap accepts it").site()
    }

    #[test]
    fn servers_are_labels_in_any_case_or_urls() {
        let valid = |args: &[&str]| site(args).expect("valid");
        assert_eq!(valid(&["-s", "remote"]), Site::Remote);
        assert_eq!(
            valid(&["-s", "http://localhost:8001/flags/"]),
            Site::Url("http://localhost:8001/flags".into())
        );
        match valid(&["-s", "error", "--seed", "3", "--delay", "0.01"]) {
            Site::BuiltIn(Profile::Error, config) => {
                assert_eq!(config.error_rate, 0.25);
                assert_eq!(config.seed, Some(3));
                assert_eq!(config.delay, Delay::fixed(Duration::from_millis(10)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(valid(&[]).label(), "DELAY");
        for no_host in ["http://", "http://:8001/flags", "https://"] {
            let err = site(&["-s", no_host]).expect_err("no host");
            assert!(err.0.starts_with("--server URL must name a host"), "{err}");
        }
        for with_more in [
            "http://127.0.0.1:8001/x?q=1",
            "http://127.0.0.1:8001/x#frag",
        ] {
            let err = site(&["-s", with_more]).expect_err("a query or fragment");
            assert!(err.0.contains("no ?query or #fragment"), "{err}");
        }
        assert!(site(&["-s", "REMOTE", "--delay", "1"]).is_err());
    }
}
