//! Python's `unicodedata.name`, which the book calls and Rust's standard library has not:
//! every named character's name, from the unicode_names2 tables, decoded once and kept with
//! the answer line that `format_results` makes of it.

/// The Unicode name of `char`, if it has one: Python's `unicodedata.name(char, '')`.
pub fn name(char: char) -> Option<&'static str> {
    NAMES.line(char).map(name_of)
}

/// The name in one of [`crate::format_results`]' lines: what follows the second tab.
fn name_of(line: &'static str) -> &'static str {
    line.splitn(3, '\t').nth(2).unwrap_or_default()
}

/// Every named character's line of [`crate::format_results`], made once for the whole process:
/// unicode_names2 decodes a name from its compressed table on every call, and a server
/// would pay that, and the formatting, for every line of every answer. The lines sit end
/// to end in one string (about 6 MB), with the characters in code-point order and where
/// each line starts; for the first two planes, where nearly every answer's characters
/// are, each code point has its place in that order (512 KB), the others are searched.
struct Names {
    chars: Vec<char>,
    starts: Vec<u32>,
    text: String,
    places: Vec<u32>,
}

/// The code points below this have their place in [`Names::places`].
const PLACED: usize = 0x20000;

/// A code point with no name, in [`Names::places`].
const NO_NAME: u32 = u32::MAX;

impl Names {
    /// The `i`th named character's line.
    fn at(&self, i: usize) -> &str {
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        &self.text[self.starts[i] as usize..end]
    }

    fn line(&'static self, char: char) -> Option<&'static str> {
        let i = match self.places.get(char as usize) {
            Some(&NO_NAME) => return None,
            Some(&place) => place as usize,
            None => self.chars.binary_search(&char).ok()?,
        };
        Some(self.at(i))
    }
}

static NAMES: std::sync::LazyLock<Names> = std::sync::LazyLock::new(|| {
    use std::fmt::Write as _;
    let mut names = Names {
        chars: Vec::new(),
        starts: Vec::new(),
        text: String::new(),
        places: vec![NO_NAME; PLACED],
    };
    for char in (0..=char::MAX as u32).filter_map(char::from_u32) {
        if let Some(name) = unicode_names2::name(char) {
            if let Some(place) = names.places.get_mut(char as usize) {
                *place = names.chars.len() as u32;
            }
            names.chars.push(char);
            names.starts.push(names.text.len() as u32);
            let _ = write!(names.text, "U+{:04X}\t{char}\t{name}", char as u32);
        }
    }
    names
});

/// The named characters of `start..stop`, each with its name, in code-point order.
pub(crate) fn named(start: u32, stop: u32) -> impl Iterator<Item = (char, &'static str)> {
    let names = &*NAMES;
    let from = names.chars.partition_point(|&c| (c as u32) < start);
    let to = names.chars.partition_point(|&c| (c as u32) < stop);
    (from..to).map(move |i| (names.chars[i], name_of(names.at(i))))
}

/// A named character's line of [`crate::format_results`], or `None`.
pub(crate) fn line(char: char) -> Option<&'static str> {
    NAMES.line(char)
}
