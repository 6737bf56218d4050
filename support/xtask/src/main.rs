//! `cargo xtask fix-links`: re-points the `#L` line links of README.md and README.ko.md at
//! the lines their code is on now (the README test says when they are stale).

use std::process::ExitCode;

use xtask::{read, stale_links, workspace};

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
    let stale = match stale_links(&read("README.md")) {
        Ok(stale) => stale,
        Err(err) => {
            eprintln!("xtask: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut lost = 0;
    for name in ["README.md", "README.ko.md"] {
        let mut text = read(name);
        for link in &stale {
            match &link.fixed {
                Some(fixed) => text = text.replace(&link.link, fixed),
                None => lost += 1,
            }
        }
        if let Err(err) = std::fs::write(workspace().join(name), text) {
            eprintln!("xtask: cannot write {name}: {err}");
            return ExitCode::FAILURE;
        }
    }
    for link in &stale {
        match &link.fixed {
            Some(fixed) => println!("{} -> {fixed}", link.link),
            None => println!(
                "{}: its code is no longer in the file; fix it by hand",
                link.link
            ),
        }
    }
    if lost > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
