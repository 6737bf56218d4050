//! What a translation lacks: the messages of gettext's template (`.pot`, the English's
//! paragraphs) that a `.po` file has not translated, or marks fuzzy because their English
//! changed since.

/// The template's messages that `po` lacks, leaves empty or marks fuzzy, each as its first
/// line.
pub fn untranslated(pot: &str, po: &str) -> Vec<String> {
    let done: std::collections::HashSet<String> = entries(po)
        .into_iter()
        .filter(|e| !e.fuzzy && !e.msgstr.is_empty())
        .map(|e| e.msgid)
        .collect();
    entries(pot)
        .into_iter()
        .filter(|e| !e.msgid.is_empty() && !done.contains(&e.msgid))
        .map(|e| e.msgid.lines().next().unwrap_or_default().to_string())
        .collect()
}

/// One message of a PO file.
#[derive(Debug, Default)]
struct Entry {
    msgid: String,
    msgstr: String,
    fuzzy: bool,
}

/// The messages of a PO (or POT) file; obsolete ones (`#~`) left out.
fn entries(po: &str) -> Vec<Entry> {
    let mut found = Vec::new();
    for block in po.split("\n\n") {
        let mut entry = Entry::default();
        // Which string a continuation line (`"..."`) adds to: msgid's, msgstr's or none.
        let mut field = 0;
        for line in block.lines() {
            if line.starts_with("#,") && line.contains("fuzzy") {
                entry.fuzzy = true;
            } else if let Some(rest) = line.strip_prefix("msgid ") {
                entry.msgid = unquote(rest);
                field = 1;
            } else if let Some(rest) = line.strip_prefix("msgstr ") {
                entry.msgstr = unquote(rest);
                field = 2;
            } else if line.starts_with('"') && field == 1 {
                entry.msgid.push_str(&unquote(line));
            } else if line.starts_with('"') && field == 2 {
                entry.msgstr.push_str(&unquote(line));
            } else {
                field = 0;
            }
        }
        if block.lines().any(|l| l.starts_with("msgid ")) {
            found.push(entry);
        }
    }
    found
}

/// A PO string's text: its quotes off, its escapes read.
fn unquote(quoted: &str) -> String {
    let inner = quoted.trim().trim_start_matches('"').trim_end_matches('"');
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => text.push('\n'),
            Some('t') => text.push('\t'),
            Some(other) => text.push(other),
            None => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_empty_and_fuzzy_messages_are_untranslated() {
        let pot = "msgid \"\"\nmsgstr \"\"\n\n#: a.md\nmsgid \"One\"\nmsgstr \"\"\n\n\
                   msgid \"\"\n\"Two \\\"lines\\\"\\n\"\n\"more\"\nmsgstr \"\"\n\n\
                   msgid \"Three\"\nmsgstr \"\"\n\nmsgid \"Four\"\nmsgstr \"\"\n";
        let po = "msgid \"One\"\nmsgstr \"하나\"\n\n\
                  msgid \"\"\n\"Two \\\"lines\\\"\\n\"\n\"more\"\nmsgstr \"\"\n\"둘\"\n\n\
                  #, fuzzy\nmsgid \"Three\"\nmsgstr \"셋\"\n\nmsgid \"Four\"\nmsgstr \"\"\n";
        assert_eq!(untranslated(pot, po), ["Three", "Four"]);
        assert_eq!(entries(po)[1].msgid, "Two \"lines\"\nmore");
        assert!(untranslated(pot, "").len() == 4);
    }
}
