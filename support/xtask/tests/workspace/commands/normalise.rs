//! What varies from run to run masked, so that a document's pasted output can be compared.

/// What varies from run to run: times (`0.16s`, `[0.104s]`, `[18:58:26]`), ports, and the
/// order in which concurrent work completes (a run of per-flag lines, of per-domain lines,
/// or of executor-map's time-stamped lines is compared as a set).
pub(crate) fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| mask(l.trim_end())).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let is_flag_line = |l: &str| {
        let b = l.as_bytes();
        b.len() > 3 && b[..2].iter().all(u8::is_ascii_uppercase) && b[2] == b' '
    };
    // blogdom's `+ def.dev` and `  none.dev`, domaincheck's `def.dev` and `\t\tnone.dev`.
    let is_domain_line = |l: &str| {
        let name = ["+ ", "  ", "\t\t"]
            .iter()
            .find_map(|p| l.strip_prefix(p))
            .unwrap_or(l);
        name.contains('.')
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    };
    let is_unordered =
        |l: &str| is_flag_line(l) || is_domain_line(l) || l.starts_with("[HH:MM:SS] ");
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && is_unordered(&lines[i]) {
            i += 1;
        }
        lines[start..i].sort();
        i = i.max(start + 1);
    }
    lines
}

/// A line with every time (digits, a point, digits, then `s`) and every loopback port
/// replaced by a placeholder.
fn mask(line: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    // A clock time stamp, `[18:58:26]` (executor-map).
    let stamp = "[00:00:00]".chars().zip(&chars);
    if chars.len() >= 10
        && stamp.clone().all(|(want, got)| {
            if want == '0' {
                got.is_ascii_digit()
            } else {
                want == *got
            }
        })
    {
        out.push_str("[HH:MM:SS]");
        i = 10;
    }
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if let Some(after) = rest.strip_prefix("127.0.0.1:") {
            out.push_str("127.0.0.1:PORT");
            i += "127.0.0.1:".len() + after.chars().take_while(char::is_ascii_digit).count();
            continue;
        }
        let digits = |from: usize| {
            chars[from..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let whole = digits(i);
        let starts_number = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if whole > 0 && starts_number && chars.get(i + whole) == Some(&'.') {
            let fraction = digits(i + whole + 1);
            if fraction > 0 && chars.get(i + whole + 1 + fraction) == Some(&'s') {
                out.push_str("T.TTs");
                i += whole + 1 + fraction + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Two `Server:` lines that differ only in their count of connections, by one: a client
/// opens one more connection when a request starts before the answer that frees one has
/// been read to its end (the README says so where it counts connections).
pub(crate) fn one_connection_apart(want: &str, got: &str) -> bool {
    let count = |line: &str| -> Option<(String, u64)> {
        let (head, rest) = line.split_once(" requests served on ")?;
        let (n, tail) = rest.split_once(' ')?;
        Some((format!("{head}|{tail}"), n.parse().ok()?))
    };
    match (count(want), count(got)) {
        (Some((a, m)), Some((b, n))) => a == b && m.abs_diff(n) == 1,
        _ => false,
    }
}

#[test]
fn the_normalisation_masks_times_ports_and_completion_order_only() {
    let shown = "LOCAL site: http://127.0.0.1:42941/flags (built-in: delay 0.00s)\nEG OK\nBD error: x\nElapsed time: 0.16s\nServer: 3 requests";
    let printed = "LOCAL site: http://127.0.0.1:1/flags (built-in: delay 0.01s)\nBD error: x\nEG OK\nElapsed time: 12.5s\nServer: 3 requests\n\n";
    assert_eq!(normalise(shown), normalise(printed));
    assert_ne!(
        normalise("Server: 3 requests"),
        normalise("Server: 4 requests")
    );
    assert_ne!(normalise("a\nb"), normalise("b\na"), "only flag lines move");
    assert_eq!(mask("U+1F638 x 3 found"), "U+1F638 x 3 found");
    let served = |n| format!("Server: 15 requests served on {n} connections, 2 errors");
    assert!(one_connection_apart(&served(5), &served(6)));
    assert!(!one_connection_apart(&served(5), &served(7)));
    assert!(!one_connection_apart(
        &served(5),
        "Server: 16 requests served on 6 connections, 2 errors"
    ));
    assert_eq!(mask("[0.104s] wake"), "[T.TTs] wake");
    assert_eq!(mask("[18:58:26] result 0: 0"), "[HH:MM:SS] result 0: 0");
    assert_eq!(
        normalise("+ def.dev\n  none.dev\nx"),
        normalise("  none.dev\n+ def.dev\nx")
    );
    assert_eq!(
        normalise("FOUND\ndef.dev\n\t\tnone.dev"),
        normalise("FOUND\n\t\tnone.dev\ndef.dev")
    );
    assert_ne!(
        normalise("+ def.dev"),
        normalise("  def.dev"),
        "the mark counts"
    );
    assert_eq!(
        normalise("[18:58:26] a\n[18:58:27] b"),
        normalise("[19:00:00] b\n[19:00:00] a")
    );
    assert_ne!(normalise("[18:58:26] a"), normalise("[18:58:26] b"));
}
