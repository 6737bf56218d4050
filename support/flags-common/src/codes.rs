//! The book's `expand_cc_args`: from the command line's codes, letters, `-a` and `-e` to
//! the sorted list of codes to search.

use flags_server::countries::COUNTRIES;

use crate::cli::{UsageError, usage};

/// The book's `expand_cc_args`: `-e` wins over `-a`, which wins over the CC arguments; one
/// letter stands for its 26 codes; the result is sorted and without repeats.
///
/// ```
/// use flags_common::codes::expand_cc_args;
///
/// let codes = expand_cc_args(false, false, &["b".into(), "BR".into(), "jp".into()]).unwrap();
/// assert_eq!(codes.len(), 27);
/// assert_eq!(codes.first().map(String::as_str), Some("BA"));
/// assert_eq!(codes.last().map(String::as_str), Some("JP"));
/// ```
pub fn expand_cc_args(
    every_cc: bool,
    all_cc: bool,
    cc_args: &[String],
) -> Result<Vec<String>, UsageError> {
    let letters = || (b'A'..=b'Z').map(char::from);
    let mut codes = std::collections::BTreeSet::new();
    if every_cc {
        codes.extend(letters().flat_map(|a| letters().map(move |b| format!("{a}{b}"))));
    } else if all_cc {
        codes.extend(COUNTRIES.iter().map(|c| c.iso_cc.to_string()));
    } else {
        for cc in cc_args.iter().map(|cc| cc.to_ascii_uppercase()) {
            let all_letters = cc.bytes().all(|b| b.is_ascii_uppercase());
            match cc.len() {
                1 if all_letters => codes.extend(letters().map(|b| format!("{cc}{b}"))),
                2 if all_letters => {
                    codes.insert(cc);
                }
                _ => return Err(usage("each CC argument must be A to Z or AA to ZZ.")),
            }
        }
    }
    Ok(codes.into_iter().collect())
}
