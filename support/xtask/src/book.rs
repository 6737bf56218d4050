//! `cargo xtask book`: the class book (`book/`), built with mdBook into `target/book/html/`,
//! in English and, from `book/po/ko.po`, in Korean.
//!
//! mdBook and mdbook-i18n-helpers (the gettext plugins that Comprehensive Rust is
//! translated with) are installed at pinned versions into `target/book-tools` the first
//! time, by `cargo install --locked`, when the PATH has not got those versions already.
//! With `EXAMPLE_CODE_2E` set to a clone of fluentpython/example-code-2e, each lesson page
//! shows the book's code beside ours ([`xtask::side`]); without it, ours and a link.
//!
//! The Korean edition must be whole: the build fails, naming them, when a paragraph of the
//! English has no Korean, or a Korean one is marked fuzzy (its English changed since it
//! was translated). `cargo xtask book --update-po` merges the English's paragraphs into
//! `book/po/ko.po` (gettext's `msgmerge`), where a translator finds what to do.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use xtask::{BOOK_COMMIT, files_under, po::untranslated, side, workspace};

use crate::tools::{self, Tool};

/// mdBook, and the gettext plugins.
const TOOLS: [Tool; 2] = [
    Tool {
        krate: "mdbook",
        version: "0.5.4",
        program: "mdbook",
        says_version: true,
        // No `serve` or `watch`: they would add a web server and a file watcher.
        install_args: &["--no-default-features", "--features", "search"],
    },
    Tool {
        krate: "mdbook-i18n-helpers",
        version: "0.4.0",
        program: "mdbook-gettext",
        says_version: false,
        install_args: &[],
    },
];

/// The labels of the folded blocks (`<details><summary>...`), in Korean.
const SUMMARIES: [(&str, &str); 2] = [("Solution", "풀이"), ("Speaker notes", "강의 노트")];

pub fn run(update_po: bool) -> ExitCode {
    match build(update_po) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cargo xtask book: {err}");
            ExitCode::FAILURE
        }
    }
}

fn build(update_po: bool) -> Result<(), String> {
    let root = workspace();
    let target = root.join("target/book");
    let path = tools::install(&root.join("target/book-tools"), &TOOLS)?;
    let pot = extract(&root.join("book"), &target.join("pot"), &path)?;
    let po = root.join("book/po/ko.po");
    if update_po {
        return merge(&pot, &po);
    }
    let work = target.join("work");
    prepare(&root, &work)?;
    let html = target.join("html");
    mdbook(&path, &work, &html.join("en"), None)?;
    println!("English: {}", html.join("en/index.html").display());
    if !po.exists() {
        println!("Korean: no book/po/ko.po yet (`cargo xtask book --update-po` makes it)");
        return Ok(());
    }
    let missing = untranslated(&read(&pot)?, &read(&po)?);
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().take(20).map(|m| format!("  {m}")).collect();
        return Err(format!(
            "book/po/ko.po: {} paragraphs of the English are untranslated or outdated \
             (`cargo xtask book --update-po` merges them in); the first:\n{}",
            missing.len(),
            list.join("\n")
        ));
    }
    // The labels of the folded blocks are HTML, which gettext leaves as it is.
    for page in files_under(&work.join("src"), "md") {
        let text = read(&page)?;
        for label in text.split("<summary>").skip(1) {
            let label = label.split("</summary>").next().unwrap_or_default();
            if !SUMMARIES.iter().any(|(english, _)| *english == label) {
                return Err(format!(
                    "{}: no Korean for <summary>{label}",
                    page.display()
                ));
            }
        }
        let mut korean = text.clone();
        for (english, ko) in SUMMARIES {
            korean = korean.replace(
                &format!("<summary>{english}</summary>"),
                &format!("<summary>{ko}</summary>"),
            );
        }
        if korean != text {
            std::fs::write(&page, korean).map_err(|e| e.to_string())?;
        }
    }
    mdbook(&path, &work, &html.join("ko"), Some("ko"))?;
    println!("Korean: {}", html.join("ko/index.html").display());
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs mdBook on `book` into `dest`, in `language` (gettext's) or the English.
fn mdbook(
    path: &std::ffi::OsStr,
    book: &Path,
    dest: &Path,
    language: Option<&str>,
) -> Result<(), String> {
    let mut command = Command::new("mdbook");
    command.arg("build").arg(book).arg("--dest-dir").arg(dest);
    command.env("PATH", path);
    if let Some(language) = language {
        command.env("MDBOOK_BOOK__LANGUAGE", language);
    }
    // book.toml's title is not a paragraph for gettext: the Korean one is given here.
    if language == Some("ko") {
        command.env(
            "MDBOOK_BOOK__TITLE",
            "러스트로 읽는 『전문가를 위한 파이썬』의 동시성 장",
        );
    }
    let status = command.status().map_err(|e| format!("mdbook: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("mdbook build failed for {}", dest.display()))
}

/// The English's paragraphs, as gettext's template (mdbook-xgettext), from the pages as
/// written (the side-by-side lines unexpanded: code is not translated).
fn extract(book: &Path, dest: &Path, path: &std::ffi::OsStr) -> Result<PathBuf, String> {
    let status = Command::new("mdbook")
        .arg("build")
        .arg(book)
        .arg("--dest-dir")
        .arg(dest)
        .env("PATH", path)
        .env(
            "MDBOOK_OUTPUT",
            r#"{"xgettext": {"pot-file": "messages.pot", "granularity": 0}}"#,
        )
        .status()
        .map_err(|e| format!("mdbook-xgettext: {e}"))?;
    if !status.success() {
        return Err("mdbook-xgettext failed".into());
    }
    Ok(dest.join("messages.pot"))
}

/// `msgmerge --update po pot`, or `msginit` when there is no po yet.
fn merge(pot: &Path, po: &Path) -> Result<(), String> {
    let mut command = if po.exists() {
        let mut c = Command::new("msgmerge");
        c.args(["--update", "--backup=none", "--no-wrap"])
            .arg(po)
            .arg(pot);
        c
    } else {
        std::fs::create_dir_all(po.parent().unwrap_or(Path::new(".")))
            .map_err(|e| e.to_string())?;
        let mut c = Command::new("msginit");
        c.args(["--no-translator", "--no-wrap", "--locale", "ko", "--input"])
            .arg(pot)
            .arg("--output-file")
            .arg(po);
        c
    };
    let status = command
        .status()
        .map_err(|e| format!("gettext's tools (apt-get install gettext): {e}"))?;
    status
        .success()
        .then(|| println!("{} now has every paragraph of the English", po.display()))
        .ok_or_else(|| "msgmerge failed".to_string())
}

/// A copy of the book for mdBook: the side-by-side lines expanded, the screenshots beside.
fn prepare(root: &Path, work: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(work);
    copy_tree(&root.join("book"), work)?;
    let clone = std::env::var_os("EXAMPLE_CODE_2E").map(PathBuf::from);
    match &clone {
        Some(dir) => println!("the book's code from {} at {BOOK_COMMIT}", dir.display()),
        None => println!("no EXAMPLE_CODE_2E: the pages link to the book's files instead"),
    }
    let book_file = |path: &str| -> Option<String> {
        let dir = clone.as_ref()?;
        let output = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["show", &format!("{BOOK_COMMIT}:{path}")])
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    };
    if let Some(dir) = &clone
        && book_file("19-concurrency/spinner_thread.py").is_none()
    {
        return Err(format!(
            "EXAMPLE_CODE_2E={} is not a clone of fluentpython/example-code-2e that has \
             commit {BOOK_COMMIT}",
            dir.display()
        ));
    }
    let ours = |file: &str| std::fs::read_to_string(root.join(file)).unwrap_or_default();
    for page in files_under(&work.join("src"), "md") {
        let text = read(&page)?;
        if text.contains("{{#side-by-side ") {
            let expanded = side::expand(&text, &book_file, &ours)
                .map_err(|e| format!("{}: {e}", page.display()))?;
            std::fs::write(&page, expanded).map_err(|e| e.to_string())?;
        }
    }
    let images = work.join("src/images");
    std::fs::create_dir_all(&images).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(root.join("docs")).map_err(|e| e.to_string())? {
        let file = entry.map_err(|e| e.to_string())?.path();
        if file.extension().is_some_and(|e| e == "png" || e == "svg") {
            let name = file.file_name().unwrap_or_default();
            std::fs::copy(&file, images.join(name)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
