//! A target that `cargo test` skips must have nothing to test: a crate whose `[lib]` says
//! `test = false` holds no `#[test]`, and a `[[bin]]` that says `test = false` no `#[test]`
//! in its file or the modules it declares. Those lines spare a test run the build and the
//! start of an empty test binary per target; this check keeps a test added later from going
//! unrun. Every library says `doctest = false`: rustdoc compiles the doc examples anew on
//! every run, so they run in the slow step, `cargo test --workspace --doc`, which runs them
//! whatever the manifests say.

use std::path::Path;

/// The workspace's members, as the root Cargo.toml lists them.
pub fn members() -> Vec<String> {
    let root = std::fs::read_to_string(crate::workspace().join("Cargo.toml")).unwrap_or_default();
    let list = root
        .split("members = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_default();
    list.lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The programs of a manifest whose `[[bin]]` says `test = false`.
pub fn untested_bins(manifest: &str) -> Vec<String> {
    manifest
        .split("\n[[bin]]\n")
        .skip(1)
        .filter_map(|bin| {
            let table = bin.split("\n[").next().unwrap_or_default();
            let name = table.lines().find_map(|l| l.strip_prefix("name = "))?;
            table
                .lines()
                .any(|l| l.trim() == "test = false")
                .then(|| name.trim_matches('"').to_string())
        })
        .collect()
}

/// The files a program is built from, outside its library: `src/bin/NAME.rs` or, for the
/// program named after its package, `src/main.rs`, with the modules it declares (`mod x;`
/// is `x.rs` or the folder `x/` beside it).
pub fn bin_files(src: &Path, package: &str, name: &str) -> Vec<std::path::PathBuf> {
    let file = if name == package && src.join("main.rs").exists() {
        src.join("main.rs")
    } else {
        src.join("bin").join(format!("{name}.rs"))
    };
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let beside = file.parent().unwrap_or(src).to_path_buf();
    let mut files = vec![file];
    for line in text.lines() {
        let declared = line
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'));
        if let Some(module) = declared {
            files.push(beside.join(format!("{module}.rs")));
            files.extend(crate::files_under(&beside.join(module), "rs"));
        }
    }
    files
}

/// Whether a file holds a test.
fn holds_a_test(text: &str) -> bool {
    text.contains("#[test]") || text.contains("#[tokio::test")
}

/// The files of `src` that hold a test, and those whose docs hold a Rust example (which
/// the slow step runs).
pub fn tests_and_examples(src: &Path) -> (Vec<String>, Vec<String>) {
    let (mut tests, mut examples) = (Vec::new(), Vec::new());
    for file in crate::files_under(src, "rs") {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file.display().to_string();
        if holds_a_test(&text) {
            tests.push(name.clone());
        }
        let fences = text.lines().map(str::trim_start).filter(|l| {
            let fence = l
                .strip_prefix("//! ```")
                .or_else(|| l.strip_prefix("/// ```"));
            fence.is_some_and(|info| info.is_empty() || info.starts_with("rust"))
        });
        if fences.count() > 0 {
            examples.push(name);
        }
    }
    (tests, examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `[lib]` switches of a manifest: (`test = false`, `doctest = false`).
    fn skipped(manifest: &str) -> (bool, bool) {
        let Some(lib) = manifest.split("\n[lib]\n").nth(1) else {
            return (false, false);
        };
        let table = lib.split("\n[").next().unwrap_or_default();
        let says = |line: &str| table.lines().any(|l| l.trim() == line);
        (says("test = false"), says("doctest = false"))
    }

    #[test]
    fn what_cargo_test_skips_has_nothing_to_test_and_libraries_leave_examples_to_the_slow_step() {
        let root = crate::workspace();
        let mut checked = 0;
        for member in members() {
            let dir = root.join(&member);
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a manifest");
            let (no_tests, no_doctests) = skipped(&manifest);
            let (tests, examples) = tests_and_examples(&dir.join("src"));
            if no_tests {
                assert!(tests.is_empty(), "{member} says test = false: {tests:?}");
                checked += 1;
            }
            if dir.join("src/lib.rs").exists() {
                assert!(
                    no_doctests,
                    "{member}: a library says doctest = false (its examples {examples:?} run \
                     in `cargo test --workspace --doc`)"
                );
                checked += 1;
            }
            let package = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            for bin in untested_bins(&manifest) {
                let files = bin_files(&dir.join("src"), package, &bin);
                assert!(files[0].exists(), "{member}: no file for the program {bin}");
                for file in files {
                    let text = std::fs::read_to_string(&file).unwrap_or_default();
                    assert!(
                        !holds_a_test(&text),
                        "{member} says test = false for {bin}: {} holds a test",
                        file.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 50, "only {checked} switches checked");
    }

    #[test]
    fn the_check_finds_a_test_and_an_example() {
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::write(
            dir.path().join("a.rs"),
            "/// ```\n/// x();\n/// ```\nfn x() {}\n",
        )
        .expect("written");
        std::fs::write(dir.path().join("b.rs"), "#[test]\nfn t() {}\n/// ```text\n")
            .expect("written");
        let (tests, examples) = tests_and_examples(dir.path());
        assert_eq!((tests.len(), examples.len()), (1, 1));
        assert_eq!(
            skipped("[package]\n\n[lib]\ntest = false\n\n[dependencies]\ndoctest = false\n"),
            (true, false)
        );
        let manifest =
            "[package]\n\n[[bin]]\nname = \"a\"\ntest = false\n\n[[bin]]\nname = \"b\"\n";
        assert_eq!(untested_bins(manifest), ["a"]);
        std::fs::create_dir_all(dir.path().join("bin")).expect("a folder");
        std::fs::write(dir.path().join("bin/a.rs"), "mod b;\nfn main() {}\n").expect("written");
        let files = bin_files(dir.path(), "p", "a");
        assert_eq!(
            files,
            [dir.path().join("bin/a.rs"), dir.path().join("bin/b.rs")]
        );
    }
}
