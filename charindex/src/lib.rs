//! charindex: the book's `charindex.py`, the index behind the chapter's servers: each word
//! of every Unicode character name maps to the set of characters whose name holds it.
//! With it, what the servers share around it: the book's `tokenize`, the character
//! `name`, `format_results` and the status line (`rule`, `status_line`).
//!
//! The idea to notice: building the index is the slow part (every code point, once); a
//! search is then a few set intersections. The servers build it once and share it, read
//! only, between every client: an `Arc<InvertedIndex>`, no lock needed.
//!
//! Run it: `cargo run -p charindex -- cat smiling` (`-v` says how long the index took)
//!
//! Layout: this file is the book's file; [`name`] (Python's `unicodedata.name`) lives in
//! `names.rs`, with each character's answer line made once.

mod names;

pub use names::name;

use std::collections::{BTreeSet, HashMap};

/// The first code point indexed: 32, the space (the book's `start`).
pub const START: u32 = 32;

/// `'─' * 66`, the rule before the count in the book's status line.
pub fn rule() -> String {
    "─".repeat(66)
}

/// The book's status line: the rule, a space, `N found`.
pub fn status_line(found: usize) -> String {
    format!("{} {found} found", rule())
}

/// The book's `tokenize`: upper case, `-` as a space, split on white space.
///
/// ```
/// let words: Vec<String> = charindex::tokenize("cat-face smiling").collect();
/// assert_eq!(words, ["CAT", "FACE", "SMILING"]);
/// ```
pub fn tokenize(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c == '-' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(str::to_uppercase)
}

/// The book's `InvertedIndex`: word → the characters whose name has that word.
#[derive(Debug, Default)]
pub struct InvertedIndex {
    entries: HashMap<String, BTreeSet<char>>,
}

impl InvertedIndex {
    /// Indexes every named character from U+0020 to the last code point.
    pub fn new() -> InvertedIndex {
        InvertedIndex::with_range(START, char::MAX as u32 + 1)
    }

    /// Indexes the named characters of `start..stop` (the book's `start`, `stop`).
    pub fn with_range(start: u32, stop: u32) -> InvertedIndex {
        let mut entries: HashMap<String, BTreeSet<char>> = HashMap::new();
        for (char, name) in names::named(start, stop) {
            for word in tokenize(name) {
                entries.entry(word).or_default().insert(char);
            }
        }
        InvertedIndex { entries }
    }

    /// How many distinct words the index holds.
    pub fn words(&self) -> usize {
        self.entries.len()
    }

    /// The characters whose names hold every word of `query`, in code-point order; none
    /// for a query with no words.
    ///
    /// ```
    /// let index = charindex::InvertedIndex::with_range(0x1F600, 0x1F650);
    /// let found: Vec<char> = index.search("cat smiling").into_iter().collect();
    /// assert_eq!(found, ['😸', '😺', '😻']);
    /// ```
    ///
    /// The book intersects the words' sets in the order given. Here each word counts once
    /// and the smallest set goes first, so that a query costs what its distinct words
    /// cost: a 4 KB line of `cjk cjk cjk ...` (one set of 90,000 characters, a thousand
    /// times) is one look-up, not a thousand passes over 90,000 characters.
    pub fn search(&self, query: &str) -> BTreeSet<char> {
        let words: BTreeSet<String> = tokenize(query).collect();
        let mut sets = Vec::with_capacity(words.len());
        for word in &words {
            match self.entries.get(word) {
                Some(chars) => sets.push(chars),
                None => return BTreeSet::new(),
            }
        }
        sets.sort_by_key(|chars| chars.len());
        let Some((smallest, others)) = sets.split_first() else {
            return BTreeSet::new();
        };
        // `found.intersection(*others)`: the smallest set's characters that every other
        // set holds, collected in order (a new set, not a copy pruned one removal at a time).
        smallest
            .iter()
            .filter(|c| others.iter().all(|chars| chars.contains(c)))
            .copied()
            .collect()
    }
}

/// The book's `format_results`: `U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES`, in
/// code-point order.
///
/// ```
/// let lines: Vec<String> = charindex::format_results(['A']).collect();
/// assert_eq!(lines, ["U+0041\tA\tLATIN CAPITAL LETTER A"]);
/// ```
pub fn format_results(chars: impl IntoIterator<Item = char>) -> impl Iterator<Item = String> {
    chars.into_iter().map(|char| match names::line(char) {
        // Room for the two bytes of the CRLF that a server adds to each line.
        Some(line) => {
            let mut owned = String::with_capacity(line.len() + 2);
            owned.push_str(line);
            owned
        }
        None => format!("U+{:04X}\t{char}\t", char as u32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_cat_smiling_and_an_empty_query() {
        let index = InvertedIndex::new();
        let lines: Vec<String> = format_results(index.search("cat smiling")).collect();
        assert_eq!(
            lines,
            [
                "U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES",
                "U+1F63A\t😺\tSMILING CAT FACE WITH OPEN MOUTH",
                "U+1F63B\t😻\tSMILING CAT FACE WITH HEART-SHAPED EYES",
            ]
        );
        assert!(index.search("").is_empty());
        assert!(index.search("  - ").is_empty());
        assert!(index.search("cat nosuchword").is_empty());
        assert_eq!(
            index.search("smiling CAT cat Smiling"),
            index.search("cat smiling")
        );
        assert_eq!(status_line(3), format!("{} 3 found", "─".repeat(66)));
    }

    #[test]
    fn the_names_made_once_are_unicode_names2s_for_every_code_point() {
        for char in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let decoded = unicode_names2::name(char).map(|n| n.to_string());
            assert_eq!(name(char).map(str::to_string), decoded, "{char:?}");
        }
        let line = format!("U+1F638\t😸\t{}", name('😸').unwrap_or_default());
        assert_eq!(format_results(['😸']).collect::<Vec<_>>(), [line]);
        assert_eq!(
            format_results(['\u{378}']).collect::<Vec<_>>(),
            ["U+0378\t\u{378}\t"]
        );
    }

    #[test]
    fn hyphenated_names_are_found_by_each_part() {
        let index = InvertedIndex::with_range(0x1F600, 0x1F650);
        assert!(index.search("heart shaped").contains(&'😻'));
        assert!(index.search("heart-shaped").contains(&'😻'));
    }
}
