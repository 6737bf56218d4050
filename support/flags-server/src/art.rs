//! The server's flags: one GIF89a per country of [`COUNTRIES`], drawn by the `flag-art`
//! crate ([`draw_flag`]). A process draws each flag once, when first asked for ([`flag`],
//! [`all_flags`]) or ahead of a timed run ([`draw_ahead`]).

use std::sync::OnceLock;

use crate::countries::COUNTRIES;
pub use flag_art::draw_flag;

/// The generated GIF for every country, made once per process (in index order of
/// [`COUNTRIES`]).
///
/// ```
/// use flags_server::{art::all_flags, countries::COUNTRIES};
///
/// assert_eq!(all_flags().len(), COUNTRIES.len());
/// let mean = all_flags().iter().map(Vec::len).sum::<usize>() / COUNTRIES.len();
/// assert!((8_000..=16_000).contains(&mean), "about the book's 12 KB");
/// ```
pub fn all_flags() -> &'static [Vec<u8>] {
    static FLAGS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FLAGS.get_or_init(|| (0..COUNTRIES.len()).map(|i| flag(i).to_vec()).collect())
}

/// The generated GIF of the country at `index` in [`COUNTRIES`], drawn the first time it
/// is asked for and kept for the process: a server is ready at once, and a run that asks
/// for 3 flags draws 3, not 194.
///
/// ```
/// let br = flags_server::countries::COUNTRIES.iter().position(|c| c.iso_cc == "BR").unwrap();
/// assert_eq!(flags_server::art::flag(br), flags_server::art::draw_flag("BR"));
/// ```
pub fn flag(index: usize) -> &'static [u8] {
    static FLAGS: OnceLock<Vec<OnceLock<Vec<u8>>>> = OnceLock::new();
    let slots = FLAGS.get_or_init(|| COUNTRIES.iter().map(|_| OnceLock::new()).collect());
    slots[index].get_or_init(|| draw_flag(COUNTRIES[index].iso_cc))
}

/// Draws now, on every core, the flags of `codes` (`BR`, ...) that have one, so that the
/// requests that follow find them drawn. A run timed after this pays nothing for drawing:
/// drawn on their first request instead, the 194 flags of an `-e` run would cost a
/// built-in server CPU on the client's own cores, inside the client's clock.
///
/// ```
/// flags_server::art::draw_ahead(&["BR", "ZZ"]);
/// ```
pub fn draw_ahead<S: AsRef<str>>(codes: &[S]) {
    let wanted: Vec<usize> = codes
        .iter()
        .filter_map(|cc| crate::countries::position(cc.as_ref()))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let share = wanted.len().div_ceil(cores).max(1);
    std::thread::scope(|scope| {
        for part in wanted.chunks(share) {
            scope.spawn(move || {
                for &i in part {
                    flag(i);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_spread_like_the_books_dataset() {
        let sizes: Vec<usize> = all_flags().iter().map(Vec::len).collect();
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!(min >= Some(&1_000), "smallest {min:?}");
        assert!(max <= Some(&40_000), "largest {max:?}");
        assert!((8_000..=16_000).contains(&mean), "mean {mean}");
    }
}
