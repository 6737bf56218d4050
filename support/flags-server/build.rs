//! Draws every country's flag (flag-art) once, when this crate is built, into `OUT_DIR`,
//! and writes the table of them that `src/art.rs` includes: each program with a built-in
//! server carries the flags in its binary, so that no run and no test draws them again.

// Only the list of countries is used here, not its look-ups.
#[allow(dead_code)]
#[path = "src/countries.rs"]
mod countries;

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut table = String::from("[\n");
    for country in countries::COUNTRIES {
        let gif = out.join(format!("{}.gif", country.iso_cc));
        std::fs::write(&gif, flag_art::draw_flag(country.iso_cc)).expect("a flag in OUT_DIR");
        // `{:?}`: the path as a Rust string literal, its Windows backslashes escaped.
        table += &format!("    include_bytes!({:?}),\n", gif.display().to_string());
    }
    table += "]\n";
    std::fs::write(out.join("flags.rs"), table).expect("the table in OUT_DIR");
    // Drawn again only when the list changes (or flag-art, which rebuilds this script).
    println!("cargo::rerun-if-changed=src/countries.rs");
}
