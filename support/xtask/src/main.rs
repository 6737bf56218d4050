//! `cargo xtask fix-links`: re-points the `#L` line links of README.md and README.ko.md at
//! the lines their code is on now (the README test says when they are stale).
//!
//! `cargo xtask check-book-links DIR`: checks every link to the book's code in the READMEs
//! and the class book's pages against a clone of fluentpython/example-code-2e in DIR (a
//! work tree or a bare repository): the file exists at the pinned commit, each line holds
//! what the link says, and each range one whole function or block. It needs the book's
//! repository, so it runs by hand, not in `cargo test`.
//!
//! `cargo xtask lesson-lines DIR`: each lesson's code lines against its book file's, read
//! from the same clone (the rules are in `xtask::lines`), as a Markdown table that names
//! every module counted, with its own code lines; exit status 1 if a lesson is more than
//! twice its book file.
//!
//! `cargo xtask platforms`: clippy for Windows and macOS, then the README's commands and
//! the tests built for Windows and run under Wine (see `platforms.rs`).
//!
//! `cargo xtask book`: the class book, in English and Korean, into `target/book/html/`
//! (see `book.rs`); `cargo xtask book --update-po` brings `book/po/ko.po` up to date with
//! the English for a translator.
//!
//! `cargo xtask console`: each async lesson built with `cargo console`, run in tmux beside
//! tokio-console, until the console shows the tasks the lesson names (see `console.rs`).
//!
//! `tools.rs` installs what `book` and `console` run beyond cargo, at pinned versions.

mod book;
mod console;
mod platforms;
mod tools;

use std::path::Path;
use std::process::{Command, ExitCode};

use xtask::{BOOK_COMMIT, book_links, check_book_link, read, stale_links_in, workspace};

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("fix-links") => fix_links(),
        Some("check-book-links") => match std::env::args_os().nth(2) {
            Some(dir) => check_links_to_the_book(Path::new(&dir)),
            None => usage(),
        },
        Some("platforms") => platforms::run(),
        Some("book") => match std::env::args().nth(2).as_deref() {
            None => book::run(false),
            Some("--update-po") => book::run(true),
            Some(_) => usage(),
        },
        Some("console") => console::run(),
        Some("lesson-lines") => match std::env::args_os().nth(2) {
            Some(dir) => lesson_lines(Path::new(&dir)),
            None => usage(),
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask fix-links | cargo xtask check-book-links BOOK-REPOSITORY \
         | cargo xtask lesson-lines BOOK-REPOSITORY | cargo xtask platforms \
         | cargo xtask book [--update-po] | cargo xtask console"
    );
    ExitCode::from(2)
}

/// The book's file at the pinned commit, read with `git show` from the clone in `book`.
fn book_file(book: &Path, path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(book)
        .args(["show", &format!("{BOOK_COMMIT}:{path}")])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{path} at {BOOK_COMMIT}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn check_links_to_the_book(book: &Path) -> ExitCode {
    let mut checked = 0;
    let mut wrong = 0;
    let mut names = vec!["README.md".to_string(), "README.ko.md".to_string()];
    names.extend(
        xtask::files_under(&workspace().join("book/src"), "md")
            .into_iter()
            .filter_map(|p| {
                let relative = p.strip_prefix(workspace()).ok()?;
                Some(relative.to_string_lossy().replace('\\', "/"))
            }),
    );
    for name in &names {
        let links = match book_links(&read(name)) {
            Ok(links) => links,
            Err(err) => {
                println!("{name}: {err}");
                wrong += 1;
                continue;
            }
        };
        for link in links {
            checked += 1;
            let problem = match book_file(book, &link.path) {
                Ok(source) => check_book_link(&link, &source),
                Err(err) => Some(err),
            };
            if let Some(problem) = problem {
                println!("{name}: {problem}");
                wrong += 1;
            }
        }
    }
    println!("{checked} links to the book checked at {BOOK_COMMIT}, {wrong} wrong");
    if wrong > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn fix_links() -> ExitCode {
    // Each English text and its Korean edition share their links.
    let texts = [("", ["README.md", "README.ko.md"])];
    let mut lost = 0;
    for (base, names) in texts {
        let stale = match stale_links_in(&read(names[0]), base) {
            Ok(stale) => stale,
            Err(err) => {
                eprintln!("xtask: {}: {err}", names[0]);
                return ExitCode::FAILURE;
            }
        };
        for name in names {
            let mut text = read(name);
            for link in &stale {
                if let Some(fixed) = &link.fixed {
                    text = text.replace(&link.link, fixed);
                }
            }
            if let Err(err) = std::fs::write(workspace().join(name), text) {
                eprintln!("xtask: cannot write {name}: {err}");
                return ExitCode::FAILURE;
            }
        }
        for link in &stale {
            match &link.fixed {
                Some(fixed) => println!("{}: {} -> {fixed}", names[0], link.link),
                None => {
                    lost += 1;
                    println!(
                        "{}: {}: its code is no longer in the file; fix it by hand",
                        names[0], link.link
                    );
                }
            }
        }
    }
    if lost > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn lesson_lines(book: &Path) -> ExitCode {
    use xtask::lines::{LESSONS, python_code_lines, rust_code_lines};
    println!("| lesson | code lines | the modules counted | the book's | code lines | ratio |");
    println!("|---|---:|---|---|---:|---:|");
    let mut over = 0;
    for (lesson, ours, theirs) in LESSONS {
        // Each module with its own count: a reader sees what was counted, and where the
        // lines are.
        let counted: Vec<(&str, usize)> = ours
            .iter()
            .map(|f| (*f, rust_code_lines(&read(f))))
            .collect();
        let rust: usize = counted.iter().map(|(_, lines)| lines).sum();
        let mut python = 0;
        for path in *theirs {
            match book_file(book, path) {
                Ok(text) => python += python_code_lines(&text),
                Err(err) => {
                    eprintln!("{err}");
                    return ExitCode::FAILURE;
                }
            }
        }
        let ratio = rust as f64 / python as f64;
        over += usize::from(ratio > 2.0);
        let modules: Vec<String> = counted
            .iter()
            .map(|(file, lines)| format!("`{file}` {lines}"))
            .collect();
        let names: Vec<String> = theirs
            .iter()
            .map(|f| format!("`{}`", f.rsplit('/').next().unwrap_or(f)))
            .collect();
        println!(
            "| {lesson} | {rust} | {} | {} | {python} | {ratio:.2} |",
            modules.join(" + "),
            names.join(" + ")
        );
    }
    if over > 0 {
        eprintln!("{over} lessons are more than twice their book files");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
