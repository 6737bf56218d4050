//! The server's flags: one GIF89a per country of [`COUNTRIES`], drawn by the `flag-art`
//! crate when this crate is built (`build.rs`) and kept in the binary, so that a server
//! is ready at once and a timed run pays nothing for drawing.
//!
//! [`COUNTRIES`]: crate::countries::COUNTRIES

/// Every country's GIF, in the order of `COUNTRIES` (as `build.rs` walks it).
static FLAGS: &[&[u8]] = &include!(concat!(env!("OUT_DIR"), "/flags.rs"));

/// The GIF of every country, in the order of `COUNTRIES`.
///
/// ```
/// use flags_server::{art::all_flags, countries::COUNTRIES};
///
/// assert_eq!(all_flags().len(), COUNTRIES.len());
/// let mean = all_flags().iter().map(|gif| gif.len()).sum::<usize>() / COUNTRIES.len();
/// assert!((8_000..=16_000).contains(&mean), "about the book's 12 KB");
/// ```
pub fn all_flags() -> &'static [&'static [u8]] {
    FLAGS
}

/// The GIF of the country at `index` in `COUNTRIES`.
///
/// ```
/// let br = flags_server::countries::position("BR").unwrap();
/// assert_eq!(flags_server::art::flag(br), flag_art::draw_flag("BR"));
/// ```
pub fn flag(index: usize) -> &'static [u8] {
    FLAGS[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_spread_like_the_books_dataset() {
        assert_eq!(all_flags().len(), crate::countries::COUNTRIES.len());
        let sizes: Vec<usize> = all_flags().iter().map(|gif| gif.len()).collect();
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!(min >= Some(&1_000), "smallest {min:?}");
        assert!(max <= Some(&40_000), "largest {max:?}");
        assert!((8_000..=16_000).contains(&mean), "mean {mean}");
    }

    #[test]
    fn the_built_flags_are_flag_arts_drawings() {
        for cc in ["BR", "CN", "JP", "US", "ZW"] {
            let index = crate::countries::position(cc).expect("in the dataset");
            assert_eq!(flag(index), flag_art::draw_flag(cc), "{cc}");
        }
    }
}
