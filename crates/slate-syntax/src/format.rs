//! The canonical layout of a `.sla` file (`slate fmt`).
//!
//! The language is line-oriented, so the formatter works on lines and
//! changes only white space:
//!
//! - each line is indented two spaces per open block (`}` lines one less);
//! - runs of spaces and tabs between tokens become one space, outside
//!   strings, prose and comments; a trailing comment keeps one space before
//!   its `//`;
//! - in a run of consecutive statements of one block (no blank line, comment
//!   or nested block between them), the first word is padded so the values
//!   line up; in opening hours the days (`monday to friday`) count as the
//!   first word, and the tiers of a credits or bonus block line up their
//!   colons (`below 99.9% : …`, `below 99%   : …`);
//! - blank lines are kept, at most one in a row, none at the start or end of
//!   the file;
//! - prose between triple quotes is kept exactly (its indentation is
//!   layout the reader already dedents), and so is every comment's text.
//!
//! Lines end with `\n`. The facade checks that the formatted text parses to
//! the same syntax tree, ignoring positions, and refuses otherwise.

/// One output line before alignment.
struct Line {
    depth: usize,
    /// Spaces after the indentation: a list continued from the line before
    /// lines up under its first value.
    hang: usize,
    /// The text after the indentation; for prose, the line as written.
    text: String,
    kind: Kind,
    /// The code, before any trailing comment, ends with a comma: the list
    /// goes on on the next line.
    open_list: bool,
}

impl Line {
    fn new(depth: usize, text: String, kind: Kind) -> Self {
        Line {
            depth,
            hang: 0,
            text,
            kind,
            open_list: false,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A statement that can be aligned with its neighbours.
    Statement,
    /// A line that opens or closes a block, a comment, or anything else
    /// that ends a run of aligned statements.
    Other,
    /// A blank line.
    Blank,
    /// A line inside prose, kept as written.
    Prose,
    /// The rest of a list begun on the statement line before.
    Continued,
}

/// What a scan of one line's code found.
struct Scan {
    /// The code with white-space runs collapsed.
    text: String,
    opens: usize,
    closes: usize,
    /// The line opens prose that it does not close.
    prose_open: bool,
    /// The line is only a comment.
    comment_only: bool,
    /// The code before any trailing comment ends with a comma.
    open_list: bool,
}

/// Collapses white space outside strings, prose and comments, and counts
/// braces. Prose that opens and closes on the line is kept as written.
fn scan(code: &str) -> Scan {
    let mut out = String::with_capacity(code.len());
    let (mut opens, mut closes) = (0, 0);
    let mut chars = code.char_indices().peekable();
    let mut prose_open = false;
    let mut pending_space = false;
    // Where a trailing comment starts in `out`.
    let mut code_end = None;
    let push_space = |out: &mut String, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
    };
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' => pending_space = true,
            '/' if code.get(i..).is_some_and(|r| r.starts_with("//")) => {
                push_space(&mut out, &mut pending_space);
                code_end = Some(out.len());
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(code.get(i..).unwrap_or("").trim_end());
                break;
            }
            '"' if code.get(i..).is_some_and(|r| r.starts_with("\"\"\"")) => {
                push_space(&mut out, &mut pending_space);
                match code.get(i + 3..).and_then(|r| r.find("\"\"\"")) {
                    Some(end) => {
                        let stop = i + 3 + end + 3;
                        out.push_str(code.get(i..stop).unwrap_or(""));
                        while chars.peek().is_some_and(|(j, _)| *j < stop) {
                            chars.next();
                        }
                    }
                    None => {
                        out.push_str(code.get(i..).unwrap_or(""));
                        prose_open = true;
                        break;
                    }
                }
            }
            '"' => {
                push_space(&mut out, &mut pending_space);
                out.push('"');
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        break;
                    }
                }
            }
            // No space before a comma, and one after it: `1 hour ,target
            // 90%` is written `1 hour, target 90%` (a comma with no space
            // on either side, as in `10,000.00`, is left alone).
            ',' if pending_space => {
                pending_space = chars.peek().is_some_and(|(_, d)| !d.is_whitespace());
                out.push(',');
            }
            _ => {
                push_space(&mut out, &mut pending_space);
                if c == '{' {
                    opens += 1;
                } else if c == '}' {
                    closes += 1;
                }
                out.push(c);
            }
        }
    }
    let comment_only = out.starts_with("//");
    let open_list = out
        .get(..code_end.unwrap_or(out.len()))
        .unwrap_or("")
        .trim_end()
        .ends_with(',');
    Scan {
        text: out,
        opens,
        closes,
        prose_open,
        comment_only,
        open_list,
    }
}

const DAYS: [&str; 7] = crate::ast::Weekday::NAMES;

/// Whether a statement is a line of opening hours.
fn starts_with_day(text: &str) -> bool {
    let first = text.split(' ').next().unwrap_or("");
    DAYS.contains(&first.trim_end_matches(',').to_ascii_lowercase().as_str())
}

/// Where the first "word" of a statement ends: the keyword, or in opening
/// hours the days (`monday to friday`, `saturday, sunday`).
fn key_len(text: &str) -> usize {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return 0;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let is_day = |w: &str| DAYS.contains(&w.trim_end_matches(',').to_ascii_lowercase().as_str());
    let first = words.first().copied().unwrap_or("");
    if !is_day(first) {
        // Keywords of two words count as one.
        let second = words.get(1).copied().unwrap_or("");
        return match (first, second) {
            ("for", "cause")
            | ("credit" | "bonus", "cap")
            | ("credit", "minimum")
            | ("at", "least" | "most")
            | ("due", "by")
            | ("per", "component") => first.len() + 1 + second.len(),
            _ => first.len(),
        };
    }
    let mut len = 0;
    for (i, w) in words.iter().enumerate() {
        let part = is_day(w) || (*w == "to" && i > 0);
        if !part {
            break;
        }
        len += w.len() + usize::from(i > 0);
    }
    len
}

/// Where the values of `field NAME [as "LABEL"] "V", …` start, after
/// `field `: past the name and its label, so that values continued on the
/// next line hang under the first value, not under `as`.
fn field_lead(rest: &str) -> usize {
    let name = rest.split(' ').next().map_or(0, str::len) + 1;
    let Some(label) = rest.get(name..).and_then(|r| r.strip_prefix("as \"")) else {
        return name;
    };
    let mut escaped = false;
    for (i, c) in label.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            // Columns, not bytes: a label may hold any letter.
            '"' => {
                return name + "as \"".len() + label.get(..i).map_or(0, |l| l.chars().count()) + 2;
            }
            _ => {}
        }
    }
    name
}

/// Where the ` :` of a credit or bonus tier is, in a statement line.
fn tier_colon(l: &Line) -> Option<usize> {
    if l.kind != Kind::Statement {
        return None;
    }
    let rest = l
        .text
        .strip_prefix("below ")
        .or_else(|| l.text.strip_prefix("at least "))?;
    let threshold = rest.trim_start().split(' ').next()?;
    if !threshold.ends_with('%') {
        return None;
    }
    l.text.find(" : ")
}

/// Formats source text. Returns `None` when a prose block or a string never
/// closes (the file has syntax errors; the facade reports them).
pub fn format(source: &str) -> Option<String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = read_lines(source)?;
    let mut rest = lines.as_mut_slice();
    while !rest.is_empty() {
        let run = run_len(rest);
        let (head, tail) = rest.split_at_mut(run.max(1));
        if run > 0 {
            align(head);
        }
        rest = tail;
    }
    Some(write(&lines, source.len()))
}

/// The source's lines, classified, with their depth; `None` when a prose
/// block never closes.
fn read_lines(source: &str) -> Option<Vec<Line>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut depth: usize = 0;
    let mut prose = false;
    for raw in source.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (line, s) = if prose {
            prose_line(raw, depth)
        } else if raw.trim().is_empty() {
            (Line::new(depth, String::new(), Kind::Blank), None)
        } else {
            let s = scan(raw.trim());
            (code_line(&s, depth, &lines), Some(s))
        };
        lines.push(line);
        if let Some(s) = s {
            depth = (depth + s.opens).saturating_sub(s.closes);
            prose = s.prose_open;
        }
    }
    (!prose).then_some(lines)
}

/// A line inside a prose block, and what follows its closing `"""` if it
/// has one.
fn prose_line(raw: &str, depth: usize) -> (Line, Option<Scan>) {
    let Some(at) = raw.find("\"\"\"") else {
        return (
            Line::new(depth, raw.trim_end().to_owned(), Kind::Prose),
            None,
        );
    };
    let (before, after) = raw.split_at(at);
    let tail = after.get(3..).unwrap_or("");
    let rest = scan(tail);
    let gap = if !rest.text.is_empty()
        && (tail.starts_with([' ', '\t']) || rest.text.starts_with("//"))
    {
        " "
    } else {
        ""
    };
    let line = if before.trim().is_empty() {
        Line::new(depth, format!("\"\"\"{gap}{}", rest.text), Kind::Other)
    } else {
        Line::new(
            depth,
            format!("{before}\"\"\"{gap}{}", rest.text),
            Kind::Prose,
        )
    };
    (line, Some(rest))
}

/// A line of code, classified against the lines before it.
fn code_line(s: &Scan, depth: usize, before: &[Line]) -> Line {
    let line_depth = if s.text.starts_with('}') {
        depth.saturating_sub(1)
    } else {
        depth
    };
    let kind = if s.comment_only || s.opens > 0 || s.closes > 0 || s.prose_open {
        Kind::Other
    } else {
        Kind::Statement
    };
    // A line that continues a list (`contact "…",` then `"…"`) is not a
    // statement of its own.
    let continues = before
        .iter()
        .rev()
        .find(|l| l.kind != Kind::Blank)
        .is_some_and(|l| matches!(l.kind, Kind::Statement | Kind::Continued) && l.open_list);
    let kind = if continues || !s.text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        if kind == Kind::Statement && continues {
            Kind::Continued
        } else {
            Kind::Other
        }
    } else {
        kind
    };
    Line {
        open_list: s.open_list,
        ..Line::new(line_depth, s.text.clone(), kind)
    }
}

/// How many lines from the first make a run that lines up: statements at
/// one depth (opening hours among themselves, other statements among
/// themselves) and the lines that continue them; 0 when the first line is
/// not a statement.
fn run_len(lines: &[Line]) -> usize {
    let Some(first) = lines.first().filter(|l| l.kind == Kind::Statement) else {
        return 0;
    };
    let days = starts_with_day(&first.text);
    lines
        .iter()
        .take_while(|l| {
            matches!(l.kind, Kind::Statement | Kind::Continued)
                && l.depth == first.depth
                && (l.kind == Kind::Continued || starts_with_day(&l.text) == days)
        })
        .count()
}

/// Lines up a run of statements: their values, the lists they continue,
/// and the colons of tiers.
fn align(run: &mut [Line]) {
    let width = run
        .iter()
        .filter(|l| l.kind == Kind::Statement && key_len(&l.text) < l.text.len())
        .map(|l| key_len(&l.text))
        .max()
        .unwrap_or(0);
    // A list continued from a line with a keyword hangs under the
    // values; one continued from a bare list (`import "x" {` then
    // `a,` then `b`) stays at the block's indentation.
    let mut keyed = true;
    // `field NAME "V", …`: its values start after the field's name.
    let mut lead = 0;
    for l in run.iter_mut() {
        if l.kind == Kind::Continued {
            l.hang = if keyed { width + 1 + lead } else { 0 };
            continue;
        }
        let k = key_len(&l.text);
        keyed = k < l.text.len();
        lead = l.text.strip_prefix("field ").map_or(0, field_lead);
        if k < l.text.len() {
            let (key, rest) = l.text.split_at(k);
            l.text = format!("{key:<width$} {}", rest.trim_start());
        }
    }
    // Tiers (`below 99.9% : 10% of monthly fee`) line up their colons.
    let colon = run.iter().filter_map(tier_colon).max().unwrap_or(0);
    for l in run.iter_mut() {
        if let Some(at) = tier_colon(l) {
            l.text.insert_str(at, &" ".repeat(colon - at));
        }
    }
}

/// Writes the lines, with at most one blank line in a row and none at the
/// ends.
fn write(lines: &[Line], capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut blank = false;
    for l in lines {
        if l.kind == Kind::Blank {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if l.kind != Kind::Prose {
            out.push_str(&"  ".repeat(l.depth));
            out.push_str(&" ".repeat(l.hang));
        }
        out.push_str(&l.text);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_collapses_and_aligns() {
        let src = "agreement \"A\" {\n\n\n effective   2026-01-01 to 2026-12-31 // valid\n\ttimezone \"Europe/London\"\n  calendar c {\nmonday to friday 09:00-17:00\n  saturday 10:00-12:00\n    closed 2026-12-25 \"Christmas  Day\"\n }\n}\n\n";
        let want = "agreement \"A\" {\n\n  effective 2026-01-01 to 2026-12-31 // valid\n  timezone  \"Europe/London\"\n  calendar c {\n    monday to friday 09:00-17:00\n    saturday         10:00-12:00\n    closed 2026-12-25 \"Christmas  Day\"\n  }\n}\n";
        assert_eq!(format(src).as_deref(), Some(want));
        assert_eq!(format(want).as_deref(), Some(want));
    }

    #[test]
    fn aligns_tier_colons() {
        let src = "credits for up {\n  below 99.9% : 10% of monthly fee\n  below 99%   :   25% of monthly fee\n  cap 50% of monthly fee\n}\n";
        let want = "credits for up {\n  below 99.9% : 10% of monthly fee\n  below 99%   : 25% of monthly fee\n  cap   50% of monthly fee\n}\n";
        assert_eq!(format(src).as_deref(), Some(want));
        let src = "bonus for up {\n  at least 99.99% : 5% of monthly fee\n  at least 100%  : GBP 500.00\n}\n";
        let want = "bonus for up {\n  at least 99.99% : 5% of monthly fee\n  at least 100%   : GBP 500.00\n}\n";
        assert_eq!(format(src).as_deref(), Some(want));
        assert_eq!(format(want).as_deref(), Some(want));
    }

    #[test]
    fn a_space_before_a_comma_goes_after_it() {
        let f = |s: &str| format(s).unwrap_or_default();
        assert_eq!(
            f("goal within 1 hour ,target 90%\n"),
            "goal within 1 hour, target 90%\n"
        );
        assert_eq!(
            f("goal within 1 hour , target 90%\n"),
            "goal within 1 hour, target 90%\n"
        );
        assert_eq!(f("channels email ,phone\n"), "channels email, phone\n");
        // A number's separators and a string's commas are kept.
        assert_eq!(
            f("fee GBP 10,000.00 per month\n"),
            "fee GBP 10,000.00 per month\n"
        );
        assert_eq!(f("contact \"a ,b\"\n"), "contact \"a ,b\"\n");
    }

    #[test]
    fn keeps_prose_and_comments() {
        let src = "x {\n  clause c \"C\" \"\"\"\n      Text   with  spaces.\n\n    // not a comment\n  \"\"\"  // after\n  // a   comment   kept\n}\n";
        let out = format(src).unwrap();
        assert!(
            out.contains("      Text   with  spaces.\n\n    // not a comment\n"),
            "{out}"
        );
        assert!(out.contains("  \"\"\" // after\n"), "{out}");
        assert!(out.contains("  // a   comment   kept\n"), "{out}");
        assert_eq!(format(&out).as_deref(), Some(out.as_str()));
    }

    #[test]
    fn unclosed_prose_is_not_formatted() {
        assert_eq!(format("a {\n  description \"\"\"\n  text\n}\n"), None);
    }
}
