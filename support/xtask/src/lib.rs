//! What the README checks and `cargo xtask` share: reading the READMEs' code blocks and
//! links, and finding where the code a link names is now.

use std::path::{Path, PathBuf};

/// The workspace's folder (this crate is `support/xtask`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the workspace folder")
        .to_path_buf()
}

/// A file of the workspace, as text.
pub fn read(name: &str) -> String {
    std::fs::read_to_string(workspace().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fenced code blocks of a Markdown text: (language, body).
pub fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (line.strip_prefix("```"), current.take()) {
            (Some(lang), None) => current = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some(block)) => blocks.push(block),
            (None, Some((lang, mut body))) => {
                body.push_str(line);
                body.push('\n');
                current = Some((lang, body));
            }
            (None, None) => {}
        }
    }
    blocks
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
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("](") {
        let text_start = rest[..start].rfind('[').map_or(start, |i| i + 1);
        let text = rest[text_start..start].to_string();
        let after = &rest[start + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].to_string();
        if !target.starts_with("http") {
            found.push((text, target));
        }
        rest = &after[end..];
    }
    found
}

/// A line link whose line no longer shows its code.
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
