//! A server's wait before each answer ([`Delay`]): fixed, or drawn per request from a range;
//! read from a `--delay` of `SECONDS` or `MIN..MAX` (refused with a [`DelayError`]) and
//! shown as `0.50s` or `0.00..0.50s`. The flags server and domains' DNS server both take
//! one, and neither needs the other's code for it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How long each request waits before it is answered: fixed, or drawn uniformly per request.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Delay {
    /// The shortest wait; equal to `max` for a fixed delay.
    pub min: Duration,
    /// The longest wait; equal to `min` for a fixed delay.
    pub max: Duration,
}

impl Delay {
    /// No delay at all (the LOCAL server).
    pub const NONE: Delay = Delay::fixed(Duration::ZERO);

    /// The same delay for every request.
    pub const fn fixed(delay: Duration) -> Delay {
        Delay {
            min: delay,
            max: delay,
        }
    }

    /// True when every request waits the same time.
    ///
    /// ```
    /// use delay::Delay;
    ///
    /// assert!("0.5".parse::<Delay>().unwrap().is_fixed());
    /// assert!(!"0.5..5".parse::<Delay>().unwrap().is_fixed());
    /// ```
    pub fn is_fixed(&self) -> bool {
        self.min == self.max
    }

    /// The delay for one request, given a uniform draw `u` in `[0, 1)`.
    pub fn pick(&self, u: f64) -> Duration {
        self.min + (self.max - self.min).mul_f64(u)
    }
}

/// Why a `--delay` value was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error(
    "delay must be SECONDS or MIN..MAX in seconds (e.g. 0.5 or 0.5..5), each from 0 to 3600 and MIN <= MAX"
)]
pub struct DelayError;

impl FromStr for Delay {
    type Err = DelayError;

    /// Parses `0.5` (seconds) or `0.5..5` (a uniform range).
    ///
    /// ```
    /// use std::time::Duration;
    /// use delay::Delay;
    ///
    /// let delay: Delay = "0.5..5".parse().unwrap();
    /// assert_eq!((delay.min, delay.max), (Duration::from_millis(500), Duration::from_secs(5)));
    /// assert!("-1".parse::<Delay>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // At most an hour: a longer wait is a typo, not a test server.
        let seconds = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| (0.0..=3600.0).contains(x))
                .and_then(|x| Duration::try_from_secs_f64(x).ok())
                .ok_or(DelayError)
        };
        let delay = match s.split_once("..") {
            Some((min, max)) => Delay {
                min: seconds(min)?,
                max: seconds(max)?,
            },
            None => Delay::fixed(seconds(s)?),
        };
        if delay.min > delay.max {
            return Err(DelayError);
        }
        Ok(delay)
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_fixed() {
            write!(f, "{:.2}s", self.min.as_secs_f64())
        } else {
            let (min, max) = (self.min.as_secs_f64(), self.max.as_secs_f64());
            write!(f, "{min:.2}..{max:.2}s")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse_as_seconds_or_ranges() {
        let half = Duration::from_millis(500);
        assert_eq!("0.5".parse(), Ok(Delay::fixed(half)));
        assert_eq!(
            "0.5..5".parse(),
            Ok(Delay {
                min: half,
                max: Duration::from_secs(5)
            })
        );
        for bad in [
            "", "x", "-1", "5..1", "1..", "nan", "inf", "1e20", "3601", "0..1e10",
        ] {
            assert_eq!(bad.parse::<Delay>(), Err(DelayError), "{bad:?}");
        }
        assert_eq!(Delay::fixed(half).to_string(), "0.50s");
    }
}
