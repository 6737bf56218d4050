//! `cargo xtask fix-links`: re-points the `#L` line links of README.md, README.ko.md and the
//! lesson plan (docs/lesson.md, docs/lesson.ko.md) at the lines their code is on now (the
//! README test says when they are stale).

use std::process::ExitCode;

use xtask::{read, stale_links_in, workspace};

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("fix-links") => fix_links(),
        _ => {
            eprintln!("usage: cargo xtask fix-links");
            ExitCode::from(2)
        }
    }
}

fn fix_links() -> ExitCode {
    // Each English text and its Korean edition share their links.
    let texts = [
        ("", ["README.md", "README.ko.md"]),
        ("docs", ["docs/lesson.md", "docs/lesson.ko.md"]),
    ];
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
