//! What the README checks and `cargo xtask` share: the workspace's folder and a `cargo`
//! run as a reader runs it ([`workspace`], [`cargo`], [`built_binary`], [`read`]); reading
//! the READMEs' code blocks, commands and links, and finding where the code a line link
//! names is now ([`stale_links`]); the links to the book's repository at its pinned commit
//! ([`book_link`]); the port a server's line names
//! ([`loopback_port`]); and a lesson's code lines against its book file's ([`lines`]).

pub mod book_link;
pub mod lines;
pub mod manifests;
pub mod po;
pub mod side;

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

pub use book_link::{BOOK_COMMIT, BookLink, book_links, book_prefix, check_book_link};

/// The workspace's folder (this crate is `support/xtask`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the workspace folder")
        .to_path_buf()
}

/// `cargo`, as a test was started with, in a reader's environment: without the variables
/// that cargo sets for a test it runs (`CARGO_PKG_NAME`, `CARGO_TARGET_TMPDIR`, ...). With
/// them, some crates' fingerprints change, and a build from a test rebuilds them.
pub fn cargo() -> std::process::Command {
    let mut command =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let set_for_tests = [
        "CARGO_PKG_",
        "CARGO_MANIFEST_",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "OUT_DIR",
        // Cargo adds the target folder's libraries for the test; a reader's shell has none.
        "LD_LIBRARY_PATH",
    ];
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if set_for_tests.iter().any(|p| name.starts_with(p)) {
            command.env_remove(name);
        }
    }
    command
}

/// A program of the workspace, built as `cargo build --workspace --bins` builds it (once
/// per test process), in the target folder of the running test.
pub fn built_binary(name: &str) -> PathBuf {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let status = cargo()
            .args(["build", "--workspace", "--bins"])
            .current_dir(workspace())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the workspace builds");
    });
    let test = std::env::current_exe().expect("the test's path");
    let debug = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    debug.join(name)
}

/// The loopback port a server's line names: `Serving on ('127.0.0.1', 4242)`, `Serving on
/// http://127.0.0.1:4242/`, flags-server's `serving ... at http://127.0.0.1:4242/flags`.
///
/// ```
/// assert_eq!(xtask::loopback_port("Serving on ('127.0.0.1', 4242). Hit"), Some(4242));
/// assert_eq!(xtask::loopback_port("at http://127.0.0.1:80/flags"), Some(80));
/// assert_eq!(xtask::loopback_port("Building index."), None);
/// ```
pub fn loopback_port(line: &str) -> Option<u16> {
    let (_, after) = line.split_once("127.0.0.1")?;
    after
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// A loopback port that was free a moment ago, for a server told where to listen. It is
/// taken below the ports that systems hand out for port 0 (Linux from 32768, Windows and
/// macOS from 49152): a server that starts a moment later cannot find it taken by another
/// test's server on port 0. Each process starts its search elsewhere, by its id.
pub fn free_port() -> std::io::Result<u16> {
    use std::sync::atomic::{AtomicU32, Ordering};
    const FIRST: u32 = 20_000;
    const COUNT: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let mut last = None;
    for _ in 0..100 {
        let step = NEXT.fetch_add(97, Ordering::Relaxed) % COUNT;
        let port = (FIRST + (std::process::id() + step) % COUNT) as u16;
        match std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)) {
            Ok(_) => return Ok(port),
            Err(err) => last = Some(err),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// A file of the workspace, as text.
pub fn read(name: &str) -> String {
    std::fs::read_to_string(workspace().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fenced code blocks of a Markdown text: (language, body), as pulldown-cmark reads
/// them (GitHub's CommonMark).
pub fn blocks(markdown: &str) -> Vec<(String, String)> {
    blocks_in_turn(markdown)
        .into_iter()
        .map(|(lang, body, _)| (lang, body))
        .collect()
}

/// Every file under `dir` whose name ends in `.{extension}`, in sorted order.
pub fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Each fenced code block's language and body, and whether the block before it ends right
/// above it, with nothing but blank lines between (an output pasted under its command).
pub fn blocks_in_turn(markdown: &str) -> Vec<(String, String, bool)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String, usize)> = None;
    let mut previous_end: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                current = Some((lang.trim().to_string(), String::new(), range.start));
            }
            Event::Text(text) => {
                if let Some((_, body, _)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body, start)) = current.take() {
                    let adjacent =
                        previous_end.is_some_and(|end| markdown[end..start].trim().is_empty());
                    found.push((lang, body, adjacent));
                    previous_end = Some(range.end);
                }
            }
            _ => {}
        }
    }
    found
}

/// Markdown as GitHub renders a README: CommonMark with tables.
fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options
}

/// Every command line of the `sh` blocks.
pub fn commands(markdown: &str) -> Vec<String> {
    blocks(markdown)
        .into_iter()
        .filter(|(lang, _)| lang == "sh")
        .flat_map(|(_, body)| body.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The relative links: (text, target), e.g. (`` `spin` ``, `spinner-async/src/lib.rs#L40`).
pub fn links(markdown: &str) -> Vec<(String, String)> {
    every_link(markdown)
        .filter(|(_, target)| !target.starts_with("http"))
        .map(|(text, target)| (text.to_string(), target.to_string()))
        .collect()
}

/// Every Markdown link and image of `text`, in order: (text, target), as written (a `\|` in a
/// table's cell stays as it is), so that a link can be found and replaced in the text.
pub(crate) fn every_link(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let links: Vec<(&str, &str)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                let written = text[range].trim_start_matches('!').strip_prefix('[')?;
                let written = written.strip_suffix(')')?;
                written.rsplit_once("](")
            }
            _ => None,
        })
        .collect();
    links.into_iter()
}

/// A line link whose line does not hold its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// `[`spin`](spinner-async/src/lib.rs#L40)`.
    pub link: String,
    /// The same link at the line the code is on now, if it is still in the file.
    pub fixed: Option<String>,
}

/// Checks every link of `markdown`: the file exists (an error otherwise), and a `#L` link's
/// line contains the link's text (its code); returns the links whose line moved.
pub fn stale_links(markdown: &str) -> Result<Vec<Stale>, String> {
    stale_links_in(markdown, "")
}

/// [`stale_links`] for a Markdown file in the workspace's folder `base` (`docs`), whose
/// links are relative to it (`../flags-bounded/src/lib.rs#L102`).
pub fn stale_links_in(markdown: &str, base: &str) -> Result<Vec<Stale>, String> {
    let mut stale = Vec::new();
    for (text, target) in links(markdown) {
        let (path, line) = match target.split_once("#L") {
            Some((path, line)) => {
                let line = line
                    .parse::<usize>()
                    .map_err(|_| format!("{target}: not a line number"))?;
                (path, Some(line))
            }
            None => (target.as_str(), None),
        };
        let file = workspace().join(base).join(path);
        if !file.exists() {
            return Err(format!("{target}: no such file"));
        }
        let Some(line) = line else { continue };
        let code = text.trim_matches('`').replace("\\|", "|");
        let source = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
        let lines: Vec<&str> = source.lines().collect();
        if lines.get(line - 1).is_some_and(|l| l.contains(&code)) {
            continue;
        }
        // The code's line: one that is not a comment, if there is one.
        let is_comment = |l: &&str| l.trim_start().starts_with("//");
        let now_at = lines
            .iter()
            .position(|l| l.contains(&code) && !is_comment(l))
            .or_else(|| lines.iter().position(|l| l.contains(&code)))
            .map(|i| i + 1);
        stale.push(Stale {
            link: format!("[{text}]({target})"),
            fixed: now_at.map(|now| format!("[{text}]({path}#L{now})")),
        });
    }
    Ok(stale)
}
