//! Lists, articles, capitals and identifiers read as words.

/// `a`, `a and b`, `a, b and c`.
pub fn list_and(items: &[String]) -> String {
    join(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
pub fn list_or(items: &[String]) -> String {
    join(items, "or")
}

fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// `a` or `an` before these words, by their first letter.
pub fn article(words: &str) -> &'static str {
    match words.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// An identifier read as words: `_` and `-` become spaces
/// (`force_majeure` reads "force majeure").
pub fn ident(name: &str) -> String {
    name.replace(['_', '-'], " ")
}

/// `Office Hours` from `Office hours`: defined terms are capitalised.
pub fn term(title: &str) -> String {
    title
        .split(' ')
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Monday` from `monday`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_terms() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(list_and(&v(&[])), "");
        assert_eq!(list_and(&v(&["a"])), "a");
        assert_eq!(list_and(&v(&["a", "b"])), "a and b");
        assert_eq!(list_or(&v(&["a", "b", "c"])), "a, b or c");
        assert_eq!(term("Office hours"), "Office Hours");
        assert_eq!(capitalise("équipe"), "Équipe");
        assert_eq!(ident("force_majeure"), "force majeure");
        assert_eq!(article("event"), "an");
        assert_eq!(article("report"), "a");
    }
}
