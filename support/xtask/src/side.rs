//! The class book's side by side: a book file cut at its `# tag::NAME[]` regions (the
//! Examples the book prints, with their callout numbers) in one column, and beside each
//! region the Rust items of the same names (`spin` beside `spin`), from the lesson's files
//! ([`crate::lines::LESSONS`]). A page asks for it with a line `{{#side-by-side LESSON}}`;
//! `cargo xtask book` replaces that line before mdBook reads the page.

/// One region of a book file: its tag and its lines, the tag lines left out.
#[derive(Debug, PartialEq)]
pub struct Region {
    pub tag: String,
    pub text: String,
}

/// The tag that `line` opens or closes (`# tag::NAME[]`, `# end::NAME[]`), if it is one.
fn tag_line<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    let rest = line.trim().strip_prefix('#')?.trim_start();
    rest.strip_prefix(kind)?.strip_suffix("[]")
}

/// The tagged regions of a book file in the order they open; a file with no tags is one
/// region, the whole file, with an empty tag.
pub fn regions(python: &str) -> Vec<Region> {
    let mut done: Vec<Region> = Vec::new();
    let mut open: Vec<Region> = Vec::new();
    for line in python.lines() {
        if let Some(tag) = tag_line(line, "tag::") {
            open.push(Region {
                tag: tag.to_string(),
                text: String::new(),
            });
        } else if let Some(tag) = tag_line(line, "end::") {
            if let Some(i) = open.iter().position(|r| r.tag == tag) {
                done.push(open.remove(i));
            }
        } else {
            for region in &mut open {
                region.text.push_str(line);
                region.text.push('\n');
            }
        }
    }
    done.extend(open);
    if done.is_empty() {
        done.push(Region {
            tag: String::new(),
            text: python.to_string(),
        });
    }
    let order = |r: &Region| python.find(&format!("tag::{}[]", r.tag));
    done.sort_by_key(order);
    done
}

/// The functions and classes a region of Python defines, in order.
pub fn defined(python: &str) -> Vec<String> {
    python
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("async ").unwrap_or(line);
            let rest = line
                .strip_prefix("def ")
                .or_else(|| line.strip_prefix("class "))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Whether `line` (trimmed) declares the Rust item `name`: a function, a struct or an enum.
fn declares(line: &str, name: &str) -> bool {
    let mut rest = line;
    for word in ["pub(crate) ", "pub ", "const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    ["fn ", "struct ", "enum "].iter().any(|kind| {
        rest.strip_prefix(kind)
            .and_then(|r| r.strip_prefix(name))
            .and_then(|r| r.chars().next())
            .is_some_and(|c| matches!(c, '(' | '<' | ' ' | '{' | ';'))
    })
}

/// The Rust item `name` in `source`, with its doc comments and attributes, as rustfmt lays
/// it out: from its first doc line to the `}` at its own indentation (or its line, for an
/// item that ends there). Items of a `#[cfg(test)]` module are not looked at.
pub fn rust_item(source: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let tests = lines
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .unwrap_or(lines.len());
    let at = lines[..tests]
        .iter()
        .position(|l| declares(l.trim_start(), name))?;
    let indent = &lines[at][..lines[at].len() - lines[at].trim_start().len()];
    let mut start = at;
    while start > 0 {
        let above = lines[start - 1].trim_start();
        if above.starts_with("///") || above.starts_with("#[") {
            start -= 1;
        } else {
            break;
        }
    }
    let ends_here = |l: &str| l.trim_end().ends_with(';') || l.trim_end().ends_with('}');
    let end = if ends_here(lines[at]) && !lines[at].trim_end().ends_with('{') {
        at
    } else {
        let closing = format!("{indent}}}");
        (at + 1..lines.len()).find(|&i| lines[i].trim_end() == closing)?
    };
    let item: Vec<&str> = lines[start..=end]
        .iter()
        .map(|l| l.strip_prefix(indent).unwrap_or(l))
        .collect();
    Some(item.join("\n"))
}

/// The link to a book file at the pinned commit.
pub fn book_url(path: &str) -> String {
    format!("{}{path}", crate::book_prefix())
}

/// A fenced code block, its fence longer than any run of backticks inside.
fn fenced(lang: &str, code: &str) -> String {
    let mut fence = "```".to_string();
    while code.contains(&fence) {
        fence.push('`');
    }
    format!("{fence}{lang}\n{}\n{fence}\n", code.trim_end_matches('\n'))
}

/// Two columns in Markdown that mdBook renders: the blank lines around the fences let it
/// read the code blocks inside the HTML.
fn columns(left: &str, right: &str) -> String {
    format!(
        "<div class=\"side-by-side\">\n<div class=\"python\">\n\n{left}\n</div>\n\
         <div class=\"rust\">\n\n{right}\n</div>\n</div>\n\n"
    )
}

/// The side by side of a lesson: for each of its book files, read by `book_file` (the
/// teacher's clone of the book's repository), each region beside the Rust items of the
/// names it defines; without a clone (`book_file` gives `None`), our Rust items beside a
/// link to the book's file at the pinned commit. `ours` reads a file of the workspace.
pub fn side_by_side(
    lesson: &str,
    book_file: &dyn Fn(&str) -> Option<String>,
    ours: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let (_, files, book_files) = crate::lines::LESSONS
        .iter()
        .find(|(name, _, _)| *name == lesson)
        .ok_or_else(|| format!("no lesson named {lesson:?} in xtask::lines::LESSONS"))?;
    let sources: Vec<(&str, String)> = files.iter().map(|f| (*f, ours(f))).collect();
    let mut page = String::new();
    for path in *book_files {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        // The program named after this book file is searched first (`spinner-prime-thread.rs`
        // for `spinner_prime_thread.py`), then the lesson's other files in their order.
        let stem = |f: &str| {
            let name = f.rsplit('/').next().unwrap_or(f);
            name.split('.').next().unwrap_or(name).replace('-', "_")
        };
        let mut ordered: Vec<&(&str, String)> = sources.iter().collect();
        ordered.sort_by_key(|(file, _)| stem(file) != stem(file_name));
        let find = |name: &str| {
            ordered
                .iter()
                .find_map(|(file, source)| rust_item(source, name).map(|item| (*file, item)))
        };
        let link = format!(
            "<a href=\"{}\"><code>{file_name}</code></a>",
            book_url(path)
        );
        let Some(python) = book_file(path) else {
            let mut right = String::new();
            for (file, source) in &sources {
                let items = top_level_functions(source);
                if !items.is_empty() {
                    right += &format!("<p class=\"caption\"><code>{file}</code></p>\n\n");
                    right += &fenced("rust", &items.join("\n\n"));
                }
            }
            let left = format!(
                "<p class=\"caption\">{link} at the pinned commit. Build the book with \
                 <code>EXAMPLE_CODE_2E</code> set to a clone of the book's repository to see \
                 its code here, region by region.</p>\n"
            );
            page += &columns(&left, &right);
            continue;
        };
        for region in regions(&python) {
            let tag = if region.tag.is_empty() {
                String::new()
            } else {
                format!(", <code>{}</code>", region.tag)
            };
            let left = format!(
                "<p class=\"caption\">{link}{tag}</p>\n\n{}",
                fenced("python", &region.text)
            );
            let mut right = String::new();
            let mut missing = Vec::new();
            for name in defined(&region.text) {
                match find(&name) {
                    Some((file, item)) => {
                        right += &format!("<p class=\"caption\"><code>{file}</code></p>\n\n");
                        right += &fenced("rust", &item);
                        right.push('\n');
                    }
                    None => missing.push(name),
                }
            }
            if !missing.is_empty() {
                right += &format!(
                    "<p class=\"caption\">No Rust item named {}: see the page's notes.</p>\n",
                    missing.join(", ")
                );
            }
            page += &columns(&left, &right);
        }
    }
    Ok(page)
}

/// The top-level functions of a Rust file (tests left out), each with its docs.
fn top_level_functions(source: &str) -> Vec<String> {
    let tests = source.find("#[cfg(test)]").unwrap_or(source.len());
    source[..tests]
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| {
            let rest = l.trim_start_matches("pub ").trim_start_matches("async ");
            let name: String = rest
                .strip_prefix("fn ")?
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            rust_item(source, &name)
        })
        .collect()
}

/// Replaces every `{{#side-by-side LESSON}}` line of a page.
pub fn expand(
    page: &str,
    book_file: &dyn Fn(&str) -> Option<String>,
    ours: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let mut out = String::new();
    for line in page.lines() {
        let marker = line
            .trim()
            .strip_prefix("{{#side-by-side ")
            .and_then(|rest| rest.strip_suffix("}}"));
        match marker {
            Some(lesson) => out += &side_by_side(lesson.trim(), book_file, ours)?,
            None => {
                out += line;
                out.push('\n');
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON: &str = "import time\n\n# tag::TOP[]\ndef spin(msg):  # <1>\n    pass\n\
                          # end::TOP[]\n\n# tag::REST[]\nasync def supervisor():\n    spin('x')\n\
                          # end::REST[]\n";

    const RUST: &str = "use std::time;\n\n/// Spins.\n#[allow(dead_code)]\npub fn spin(msg: &str) {\n    \
                        let _ = msg;\n}\n\npub async fn supervisor() -> u8 {\n    42\n}\n\n\
                        #[cfg(test)]\nmod tests {\n    fn spin() {}\n}\n";

    #[test]
    fn regions_are_cut_at_their_tags_with_the_callouts_kept() {
        let found = regions(PYTHON);
        let tags: Vec<&str> = found.iter().map(|r| r.tag.as_str()).collect();
        assert_eq!(tags, ["TOP", "REST"]);
        assert_eq!(found[0].text, "def spin(msg):  # <1>\n    pass\n");
        assert_eq!(defined(&found[1].text), ["supervisor"]);
        assert_eq!(regions("x = 1\n")[0].text, "x = 1\n");
    }

    #[test]
    fn a_rust_item_comes_with_its_docs_and_ends_at_its_brace() {
        assert_eq!(
            rust_item(RUST, "spin").as_deref(),
            Some("/// Spins.\n#[allow(dead_code)]\npub fn spin(msg: &str) {\n    let _ = msg;\n}")
        );
        assert_eq!(
            rust_item(RUST, "supervisor").as_deref(),
            Some("pub async fn supervisor() -> u8 {\n    42\n}")
        );
        assert_eq!(rust_item(RUST, "spi"), None);
        assert_eq!(
            rust_item("fn tests() {}\n", "tests").as_deref(),
            Some("fn tests() {}")
        );
    }

    #[test]
    fn a_marker_becomes_the_columns_with_or_without_the_books_code() {
        let page = "# Page\n\n{{#side-by-side spinner-thread}}\n\nAfter.\n";
        let ours = |_: &str| RUST.to_string();
        let with = expand(page, &|_| Some(PYTHON.to_string()), &ours).expect("expanded");
        assert!(with.contains("```python\ndef spin(msg):  # <1>"), "{with}");
        assert!(with.contains("```rust\n/// Spins."), "{with}");
        assert!(with.ends_with("After.\n"));
        let without = expand(page, &|_| None, &ours).expect("expanded");
        assert!(without.contains("EXAMPLE_CODE_2E"), "{without}");
        assert!(without.contains("pub fn spin(msg: &str)"), "{without}");
        assert!(expand("{{#side-by-side nothing}}\n", &|_| None, &ours).is_err());
    }
}
