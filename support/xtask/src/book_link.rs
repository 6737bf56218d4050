//! The links to the book's repository: every one at its pinned commit ([`BOOK_COMMIT`]),
//! and what a line or a range must hold ([`check_book_link`], which `cargo xtask
//! check-book-links DIR` runs against a clone).

use crate::every_link;

/// The commit of fluentpython/example-code-2e that every link to the book names: the
/// repository's `main` after the book was published (2nd edition), so that the callout
/// numbers and lines a reader sees in the book are the ones linked.
pub const BOOK_COMMIT: &str = "cf3161ca006b106bfc0ba698e9135e9cdfb51e55";

/// The start of every link to the book's code.
pub fn book_prefix() -> String {
    format!("https://github.com/fluentpython/example-code-2e/blob/{BOOK_COMMIT}")
}

/// A link to the book's repository: its text, the file, and the lines it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookLink {
    /// The link's text: `flags2_asyncio.py:62`.
    pub text: String,
    /// The path in the book's repository: `20-executors/getflags/flags2_asyncio.py`.
    pub path: String,
    /// `#L62` → (62, 62); `#L32-L53` → (32, 53); none for a whole file.
    pub lines: Option<(usize, usize)>,
    /// The Markdown line the link stands on (a concept-map row says there what the line
    /// holds).
    pub context: String,
}

/// Every link to fluentpython/example-code-2e in `markdown`; an error for one that is not
/// at [`BOOK_COMMIT`].
pub fn book_links(markdown: &str) -> Result<Vec<BookLink>, String> {
    let mut found = Vec::new();
    for line in markdown.lines() {
        let book = every_link(line)
            .filter(|(_, target)| target.starts_with("https://github.com/fluentpython/"));
        for (text, target) in book {
            // A commit names one fixed change (the 2023 fix of flags2_asyncio.py).
            if target.starts_with("https://github.com/fluentpython/example-code-2e/commit/") {
                continue;
            }
            let Some(tail) = target.strip_prefix(&book_prefix()) else {
                return Err(format!("{target}: not at the pinned commit {BOOK_COMMIT}"));
            };
            let tail = tail.trim_start_matches('/');
            if tail.is_empty() {
                continue; // The repository itself, at the commit.
            }
            let (path, anchor) = tail.split_once("#L").unwrap_or((tail, ""));
            let number = |s: &str| {
                s.trim_start_matches('L')
                    .parse::<usize>()
                    .map_err(|_| format!("{target}: not a line number"))
            };
            let lines = match anchor.split_once('-') {
                _ if anchor.is_empty() => None,
                Some((a, b)) => Some((number(a)?, number(b)?)),
                None => Some((number(anchor)?, number(anchor)?)),
            };
            found.push(BookLink {
                text: text.to_string(),
                path: path.to_string(),
                lines,
                context: line.to_string(),
            });
        }
    }
    Ok(found)
}

/// What is wrong with a link, given the linked file's text at the pinned commit: its text
/// names another file; a line link's line does not hold the code its concept-map row
/// names (the row's first cell); a range does not hold one whole function or block.
pub fn check_book_link(link: &BookLink, source: &str) -> Option<String> {
    let file = link.path.rsplit('/').next().unwrap_or(&link.path);
    let named = link.text.split(':').next().unwrap_or("");
    if named.ends_with(".py") && named != file {
        return Some(format!("[{}] links to {file}", link.text));
    }
    let (first, last) = link.lines?;
    let lines: Vec<&str> = source.lines().collect();
    if first == 0 || last < first || last > lines.len() {
        return Some(format!("{}: no lines {first}-{last}", link.path));
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if first == last {
        // The code of the row's first cell: each `...` snippet, up to a `...` in it.
        let cell = link.context.trim_start_matches('|');
        let cell = cell.split(" | ").next().unwrap_or("");
        let snippets: Vec<String> = cell
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|s| squash(s.split("...").next().unwrap_or(s)))
            .collect();
        // The code starts on the linked line, and may go on to the next
        // (`except KeyboardInterrupt:` / `break`).
        let line = squash(lines[first - 1]);
        let here = squash(&lines[first - 1..(first + 1).min(lines.len())].join(" "));
        let starts_here = |s: &String| here.find(s.as_str()).is_some_and(|at| at < line.len());
        return if snippets.iter().any(starts_here) {
            None
        } else {
            Some(format!(
                "{}#L{first} is `{}`, not {snippets:?}",
                link.path,
                lines[first - 1].trim()
            ))
        };
    }
    // A whole function, or a whole block (`for coro in to_do_iter:`): a `def` (its
    // parameters may go on over several lines) or a header line that ends with `:` (before
    // a callout comment), the lines under it indented deeper, and the next line not.
    let indent = |l: &str| l.len() - l.trim_start().len();
    let header = lines[first - 1];
    let code = header.split("  #").next().unwrap_or(header).trim_end();
    let inside = lines[first..last]
        .iter()
        .all(|l| indent(l) > indent(header) || l.trim().is_empty());
    let ends_it = lines
        .get(last)
        .is_none_or(|next| indent(next) <= indent(header) || next.trim().is_empty());
    let def = code.trim_start().starts_with("def ") || code.trim_start().starts_with("async def ");
    if (def || code.ends_with(':')) && inside && ends_it {
        None
    } else {
        Some(format!(
            "{}#L{first}-L{last} is not one whole function or block",
            link.path
        ))
    }
}
