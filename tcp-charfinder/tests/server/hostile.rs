//! One client cannot starve the others: a line of the same word a thousand times costs
//! what the word costs once, and a long answer lets other sessions run while it is
//! written. (How long each takes: `cargo bench -p tcp-charfinder`.)

use std::time::Duration;

use crate::common::{Server, quick};
use tcp_charfinder::Limits;

/// A line just under [`Limits::max_line`] (4 KB): `cjk`, a word that alone finds over
/// 90,000 characters, 1,020 times.
fn hostile_line() -> String {
    vec!["cjk"; 1020].join(" ")
}

#[test]
fn a_word_repeated_is_searched_once_with_the_same_answer() {
    let server = Server::start(quick());
    let mut client = server.connect();
    let once = client.query("cjk");
    // Searched word by word as given, this line costs a thousand intersections with a
    // set of 90,000 characters; the index searches each distinct word once. The 3 s
    // bound is far more than one search needs, to leave room for a slow, busy machine.
    client
        .stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a timeout");
    let repeated = client.query(&hostile_line());
    assert!(once.len() > 90_000, "{}", once.len());
    assert_eq!(repeated, once);
}

#[test]
fn a_third_client_is_answered_while_two_read_huge_answers() {
    let server = Server::start(Limits {
        write: Duration::from_secs(30),
        ..quick()
    });
    let mut hostile: Vec<_> = (0..2).map(|_| server.connect()).collect();
    for client in &mut hostile {
        use std::io::Read;
        let mut prompt = [0; 3];
        client.reader.read_exact(&mut prompt).expect("a prompt");
        client.send(format!("{}\r\n", hostile_line()).as_bytes());
    }
    // Both huge answers (90,000 lines each) are being written: read a first line of each.
    for client in &mut hostile {
        assert!(client.line().starts_with("U+"));
    }
    let mut third = server.connect();
    let answer = third.query("cat smiling");
    assert_eq!(answer.len(), 4, "{answer:?}");
    // The huge answers are still far from their end when the third is whole.
    for client in &mut hostile {
        let mut left = 0;
        loop {
            let line = client.line();
            if line.contains(" found\r\n") {
                break;
            }
            left += 1;
        }
        assert!(left > 10_000, "only {left} lines were left");
    }
}
