//! The READMEs cannot go stale: their links lead to what they name, every lesson of the
//! class book is listed with a command that the book runs, they render whole, and the
//! Korean edition keeps the English one's sections, commands, output blocks and links.
//! (Their commands run in `commands/`.)

use xtask::{blocks, book_prefix, commands, links, read, stale_links};

/// Every link names a file that exists, and every line link a line that shows its code.
/// When code moves, `cargo xtask fix-links` re-points them.
#[test]
fn links_point_at_the_lines_they_name() {
    let readme = read("README.md");
    let stale = stale_links(&readme).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        stale.is_empty(),
        "stale links (run `cargo xtask fix-links`): {stale:#?}"
    );
}

#[test]
fn the_korean_readme_keeps_the_same_sections_commands_and_links() {
    let (en, ko) = (read("README.md"), read("README.ko.md"));
    let levels = |md: &str| -> Vec<usize> {
        md.lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.chars().take_while(|c| *c == '#').count())
            .collect()
    };
    assert_eq!(
        levels(&ko),
        levels(&en),
        "the same headings, in the same order"
    );
    assert_eq!(commands(&ko), commands(&en), "the same commands");
    let outputs = |md: &str| -> Vec<(String, String)> {
        blocks(md)
            .into_iter()
            .filter(|(lang, _)| lang == "text")
            .collect()
    };
    assert_eq!(outputs(&ko), outputs(&en), "the same pasted outputs");
    let targets = |md: &str| links(md).into_iter().map(|(_, t)| t).collect::<Vec<_>>();
    assert_eq!(targets(&ko), targets(&en), "the same links");
    let quick_start = |md: &str| commands(md).into_iter().take(2).collect::<Vec<_>>();
    assert_eq!(
        quick_start(&ko),
        ["cargo run -p spinner-async", "cargo test --workspace"]
    );
}

#[test]
fn the_quick_start_is_the_two_commands() {
    let commands = commands(&read("README.md"));
    assert_eq!(
        commands[..2],
        ["cargo run -p spinner-async", "cargo test --workspace"]
    );
}

/// The README lists every lesson page of the class book, each with a command that the
/// book's pages give too (where the tests run it, output and all).
#[test]
fn the_readme_lists_every_lesson_with_a_command_the_book_runs() {
    let readme = read("README.md");
    let targets: Vec<String> = links(&readme).into_iter().map(|(_, t)| t).collect();
    let pages = crate::book::pages();
    let book_commands: Vec<String> = pages.iter().flat_map(|p| commands(&read(p))).collect();
    let lessons: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("/ch") && !p.ends_with("/index.md"))
        .collect();
    assert!(lessons.len() >= 15, "{lessons:?}");
    for lesson in lessons {
        assert!(
            targets.contains(lesson),
            "the README does not list {lesson}"
        );
    }
    let mut listed = 0;
    for row in readme.lines().filter(|l| l.starts_with("| [")) {
        let cell = row
            .trim_end_matches('|')
            .rsplit('|')
            .next()
            .unwrap_or("")
            .trim();
        let Some(command) = cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')) else {
            continue;
        };
        assert!(
            book_commands.iter().any(|c| c == command),
            "the README's `{command}` is on no page of the class book"
        );
        listed += 1;
    }
    assert!(listed >= 15, "only {listed} lesson commands in the README");
}

/// The links to the book's repository.
fn book_links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| target.starts_with("https://github.com/fluentpython/"))
        .map(str::to_string)
        .collect()
}

/// Renders a README as GitHub does (CommonMark with tables): every table row must have its
/// header's number of cells (a row with one cell too many loses it, link and all), and
/// every link of the text must survive as a link.
fn check_rendering(name: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};

    let text = read(name);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    // Each table's header width, from the raw text: cells between pipes, `\|` excepted.
    for (i, line) in text.lines().enumerate() {
        let is_row = line.starts_with('|') && line.trim_end().ends_with('|');
        if !is_row {
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count() - 1;
        let header = text
            .lines()
            .take(i + 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .take_while(|l| l.starts_with('|'))
            .last()
            .expect("a header row");
        let want = header.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, want, "{name}:{}: {line}", i + 1);
    }
    // Links, as rendered: every target written in the text must come out as a link.
    let mut rendered = Vec::new();
    for event in Parser::new_ext(&text, options) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            rendered.push(dest_url.to_string());
        }
    }
    for (_, target) in links(&text) {
        assert!(
            rendered.contains(&target),
            "{name}: the link to {target} does not survive rendering"
        );
    }
}

#[test]
fn both_readmes_render_with_whole_tables_and_every_link() {
    check_rendering("README.md");
    check_rendering("README.ko.md");
}

/// The README's links to the book's repository are at the pinned commit, in both languages.
#[test]
fn the_readmes_link_the_books_repository_at_the_pinned_commit() {
    let (en, ko) = (
        book_links(&read("README.md")),
        book_links(&read("README.ko.md")),
    );
    assert!(!en.is_empty());
    assert!(en.iter().all(|l| l.starts_with(&book_prefix())), "{en:?}");
    assert_eq!(ko, en);
    for name in ["README.md", "README.ko.md"] {
        xtask::book_links(&read(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
    }
}

/// The check that `cargo xtask check-book-links` makes, on a file of the book's shape.
#[test]
fn a_book_link_must_hold_what_its_row_names() {
    let source = "import asyncio\n\nasync def supervisor(n):\n    semaphore = asyncio.Semaphore(n)  # <2>\n    return n\n\ndef main():\n    pass\n";
    let row = |line: usize| {
        format!(
            "| `asyncio.Semaphore(concur_req)` | x | y | [f.py:{line}]({}/d/f.py#L{line}) |",
            book_prefix()
        )
    };
    let link = |markdown: &str| xtask::book_links(markdown).expect("a link")[0].clone();
    let source = source.replace("(n)", "(concur_req)");
    assert_eq!(xtask::check_book_link(&link(&row(4)), &source), None);
    assert!(xtask::check_book_link(&link(&row(3)), &source).is_some());
    let range = |a: usize, b: usize| format!("[f.py]({}/d/f.py#L{a}-L{b})", book_prefix());
    assert_eq!(xtask::check_book_link(&link(&range(3, 5)), &source), None);
    assert!(xtask::check_book_link(&link(&range(3, 4)), &source).is_some());
    assert!(xtask::check_book_link(&link(&range(1, 5)), &source).is_some());
    // A whole block, its header's callout comment aside; not half of one.
    let looped = "def f(xs):\n    for x in xs:  # <7>\n        g(x)\n        h(x)\n    return 1\n";
    assert_eq!(xtask::check_book_link(&link(&range(2, 4)), looped), None);
    assert!(xtask::check_book_link(&link(&range(2, 3)), looped).is_some());
    let other = format!("[g.py]({}/d/f.py)", book_prefix());
    assert!(xtask::check_book_link(&link(&other), &source).is_some());
    let old = "[f.py](https://github.com/fluentpython/example-code-2e/blob/5d6b15604782c715c85236d6de30b90add3f8d32/f.py)";
    assert!(xtask::book_links(old).is_err());
}
