//! Names as the language writes them: the attributes a rule set reads.

/// Whether `text` is a name as the language writes one (`ident` in
/// grammar/slate.pest): a letter or `_`, then letters, digits, `_` and
/// single `-` between them, optionally one `.` and a second such part.
pub(crate) fn is_name(text: &str) -> bool {
    match text.split_once('.') {
        Some((first, second)) => part(first) && part(second),
        None => part(text),
    }
}

/// One part of a name: `office_hours` in `corp.office_hours`.
fn part(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    if !chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        return false;
    }
    while let Some(c) = chars.next() {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        match c {
            '-' if chars.peek().is_some_and(|n| word(*n)) => {}
            c if word(c) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_name;

    #[test]
    fn names_are_the_grammars() {
        for ok in ["latency_ms", "_x", "a-b", "corp.due_date", "x1"] {
            assert!(is_name(ok), "{ok}");
        }
        for bad in [
            "",
            "latency ms",
            "1x",
            "a-",
            "a--b",
            "a.",
            ".a",
            "a.b.c",
            "é",
        ] {
            assert!(!is_name(bad), "{bad}");
        }
    }
}
