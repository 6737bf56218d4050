//! The class book (`book/`) holds together: its table of contents and its pages agree,
//! every lesson page says its minutes and the two classes add them up to 60 each, its
//! links lead somewhere, and every side-by-side line names a lesson. (Its commands run
//! with the documents' in `commands/`; `cargo xtask book` builds it, a step of CI.)

use std::path::{Path, PathBuf};

use xtask::{book_links, files_under, read, side, workspace};

/// The book's pages, as paths under `book/src`, in the table of contents' order.
fn summary() -> Vec<String> {
    let summary = read("book/src/SUMMARY.md");
    summary
        .lines()
        .filter_map(|l| l.split("](").nth(1)?.split(')').next())
        .map(str::to_string)
        .collect()
}

fn src() -> PathBuf {
    workspace().join("book/src")
}

fn read_path(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn page(name: &str) -> String {
    read(&format!("book/src/{name}"))
}

/// Every page of the book, as `book/src/...` paths (for the documents' commands).
pub fn pages() -> Vec<String> {
    summary()
        .into_iter()
        .map(|p| format!("book/src/{p}"))
        .collect()
}

#[test]
fn the_table_of_contents_and_the_pages_agree() {
    let listed = summary();
    assert!(listed.len() >= 30, "{listed:?}");
    for name in &listed {
        assert!(
            src().join(name).is_file(),
            "SUMMARY.md lists {name}: no such page"
        );
    }
    for path in files_under(&src(), "md") {
        let relative = path.strip_prefix(src()).unwrap_or(&path);
        let name = relative.to_string_lossy().replace('\\', "/");
        assert!(
            name == "SUMMARY.md" || listed.contains(&name),
            "{name} is not in SUMMARY.md"
        );
    }
}

/// A page's minutes: its `*Minutes: N*` line.
fn minutes(text: &str) -> Option<u32> {
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("*Minutes: ")?
            .strip_suffix('*')?
            .parse()
            .ok()
    })
}

#[test]
fn every_lesson_page_says_its_minutes() {
    for name in summary() {
        let lesson = ["ch19/", "ch20/", "ch21/"]
            .iter()
            .any(|c| name.starts_with(c));
        let text = page(&name);
        if lesson {
            let m = minutes(&text).unwrap_or_else(|| panic!("{name}: no `*Minutes: N*` line"));
            assert!((1..=25).contains(&m), "{name}: {m} minutes");
        } else {
            assert_eq!(minutes(&text), None, "{name} is not a lesson: no minutes");
        }
    }
}

/// The rows of a class's timetable: (the row's cells, its minutes).
fn timetable(text: &str) -> (Vec<(Vec<String>, u32)>, Option<u32>) {
    let mut rows = Vec::new();
    let mut total = None;
    let mut column = None;
    for line in text.lines().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if column.is_none() {
            column = cells.iter().position(|c| c == "Minutes");
            continue;
        }
        let Some(cell) = column.and_then(|i| cells.get(i)) else {
            continue;
        };
        if let Some(sum) = cell.strip_prefix("**").and_then(|c| c.strip_suffix("**")) {
            total = sum.parse().ok();
        } else if let Ok(m) = cell.parse() {
            rows.push((cells, m));
        }
    }
    (rows, total)
}

/// The lesson pages a row of a timetable links (chapter pages are not lessons).
fn lessons_linked(cells: &[String]) -> Vec<String> {
    cells
        .iter()
        .flat_map(|c| c.split("](../").skip(1))
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or(target).to_string())
        .filter(|page| page.starts_with("ch") && !page.ends_with("/index.md"))
        .collect()
}

#[test]
fn each_class_is_60_minutes_made_of_its_lesson_pages_minutes() {
    let mut taught = Vec::new();
    for class in ["teacher/class-1.md", "teacher/class-2.md"] {
        let (rows, total) = timetable(&page(class));
        assert!(rows.len() >= 4, "{class}: {rows:?}");
        let sum: u32 = rows.iter().map(|(_, m)| m).sum();
        assert_eq!((sum, total), (60, Some(60)), "{class}: rows and total");
        let mut lessons = 0;
        for (cells, m) in &rows {
            // A row that links lesson pages takes what those pages say they take; a row
            // that links none (an introduction, questions) stands on its own.
            let linked = lessons_linked(cells);
            let pages: u32 = linked
                .iter()
                .map(|p| minutes(&page(p)).unwrap_or_else(|| panic!("{p}: minutes")))
                .sum();
            if !linked.is_empty() {
                assert_eq!(*m, pages, "{class}: the row {cells:?}");
            }
            for p in linked {
                assert!(!taught.contains(&p), "{class}: {p} is in a row already");
                taught.push(p);
                lessons += 1;
            }
        }
        assert!(lessons >= 4, "{class}: only {lessons} lesson pages");
    }
}

/// Every page's links lead somewhere: our files and pages exist, and the book's code is
/// linked at the pinned commit (`cargo xtask check-book-links DIR` checks each line it
/// names against a clone).
#[test]
fn links_between_pages_and_to_the_book_lead_somewhere() {
    let mut to_the_book = 0;
    for name in summary() {
        let text = page(&name);
        let dir = Path::new(&name).parent().unwrap_or(Path::new(""));
        for line in text.lines() {
            for target in line.split("](").skip(1).filter_map(|r| r.split(')').next()) {
                let file = target.split('#').next().unwrap_or(target);
                if target.starts_with("http") || file.is_empty() {
                    continue;
                }
                let path = src().join(dir).join(file);
                let image = file
                    .strip_prefix("../images/")
                    .or(file.strip_prefix("images/"));
                let exists = match image {
                    Some(image) => workspace().join("docs").join(image).is_file(),
                    None => path.is_file(),
                };
                assert!(exists, "{name}: a link to {target} leads nowhere");
                // An anchor is a heading's explicit `{#id}`: an id made from the heading's
                // words would differ in the Korean edition, where the words are Korean.
                if let Some(anchor) = target.split_once('#').map(|(_, a)| a)
                    && image.is_none()
                {
                    let heading = format!("{{#{anchor}}}");
                    assert!(
                        read_path(&path)
                            .lines()
                            .any(|l| l.starts_with('#') && l.ends_with(&heading)),
                        "{name}: {target}: no heading of {file} ends with {heading}"
                    );
                }
            }
        }
        to_the_book += book_links(&text)
            .unwrap_or_else(|err| panic!("{name}: {err}"))
            .len();
    }
    assert!(
        to_the_book >= 25,
        "only {to_the_book} links to the book's code"
    );
}

#[test]
fn every_side_by_side_line_names_a_lesson_whose_rust_is_there() {
    let mut markers = 0;
    let ours = |file: &str| read(file);
    for name in summary() {
        let text = page(&name);
        markers += text.matches("{{#side-by-side ").count();
        let expanded =
            side::expand(&text, &|_| None, &ours).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(!expanded.contains("{{#side-by-side"), "{name}");
    }
    assert!(markers >= 15, "only {markers} side-by-side lines");
}
