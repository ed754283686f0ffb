//! `slate fmt`: the shipped files are in the canonical layout, formatting
//! is idempotent and never changes the syntax tree (positions aside) or the
//! terms fingerprint, and a messy file's result is snapshotted.

use slate_tests::{files, read, relative};

/// Every `.sla` file the repository ships or tests with.
fn corpus() -> Vec<std::path::PathBuf> {
    let mut all = files("examples", "sla");
    all.extend(files("tests/data", "sla"));
    all
}

/// Examples and valid test files are already formatted.
#[test]
fn shipped_files_are_canonical() {
    let mut dirty = Vec::new();
    let mut all = files("examples", "sla");
    all.extend(files("tests/data/check/ok", "sla"));
    all.extend(files("tests/data/prometheus", "sla"));
    all.extend(files("tests/data/rules", "sla"));
    // Link cases, but for the two whose mistake is one of syntax.
    all.extend(files("tests/data/link", "sla").into_iter().filter(|p| {
        !slate::parse(&read(p))
            .diagnostics
            .iter()
            .any(slate::Diagnostic::is_error)
    }));
    for path in all {
        let src = read(&path);
        match slate::format(&src) {
            Ok(out) if out == src => {}
            _ => dirty.push(relative(&path)),
        }
    }
    assert!(dirty.is_empty(), "run `slate fmt` on: {dirty:?}");
}

/// `fmt(fmt(x)) == fmt(x)` on every file; a file is refused only for its
/// own syntax errors, never because the formatter would change its tree.
#[test]
fn formatting_is_idempotent_and_faithful() {
    for path in corpus() {
        let name = relative(&path);
        let src = read(&path);
        match slate::format(&src) {
            Ok(once) => {
                let twice = slate::format(&once).expect("formatted text formats");
                assert_eq!(once, twice, "{name}: not idempotent");
            }
            Err(diagnostics) => {
                assert!(
                    diagnostics.iter().all(|d| d.code != slate::Code::Internal),
                    "{name}: the formatter refused a file it should format:\n{}",
                    slate_tests::human(&diagnostics, &name, &src)
                );
                assert!(
                    slate::parse(&src)
                        .diagnostics
                        .iter()
                        .any(slate::Diagnostic::is_error)
                );
            }
        }
    }
}

/// The messy file's canonical form, and its terms are unchanged.
#[test]
fn messy_file() {
    let path = slate_tests::root().join("tests/data/fmt/messy.sla");
    let src = read(&path);
    let out = slate::format(&src).expect("formats");
    snapshot!("messy", out);
    let before = slate::compile(&src, &slate::Options::default()).expect("compiles");
    let after = slate::compile(&out, &slate::Options::default()).expect("compiles");
    assert_eq!(before.fingerprint(), after.fingerprint());
    for comment in ["// the whole year", "// the customer's turn"] {
        assert!(out.contains(comment), "lost {comment}");
    }
}

/// Marker comments on every line survive formatting, each on its own line
/// after the same code.
#[test]
fn comments_survive() {
    for path in files("examples", "sla") {
        let src = read(&path);
        let mut marked = String::new();
        let mut prose = false;
        for (i, line) in src.lines().enumerate() {
            marked.push_str(line);
            // Outside prose and comments, a trailing marker comment.
            let quotes = line.matches("\"\"\"").count();
            if !prose && quotes == 0 && !line.contains("//") && !line.trim().is_empty() {
                marked.push_str(&format!(" // marker {i}"));
            }
            if quotes % 2 == 1 {
                prose = !prose;
            }
            marked.push('\n');
        }
        let out = slate::format(&marked)
            .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, &relative(&path), &marked)));
        let expected = marked.matches("// marker ").count();
        assert!(expected > 20);
        assert_eq!(
            out.matches("// marker ").count(),
            expected,
            "{}",
            relative(&path)
        );
    }
}

/// Imports (with a list over several lines), `extends`, `override` and
/// `because` in their canonical form.
#[test]
fn messy_imports() {
    let path = slate_tests::root().join("tests/data/fmt/messy-imports.sla");
    let out = slate::format(&read(&path)).expect("formats");
    assert_eq!(slate::format(&out).expect("formats"), out);
    snapshot!("messy_imports", out);
}

/// `field` statements align with their neighbours, and a value list
/// continued on the next line hangs under its first value.
#[test]
fn field_statements() {
    let messy = "agreement \"A\" {\n    timezone \"UTC\"\n  field   priority   \"P1\",   \"P2\",\n \"P3\"\n      field status \"open\"\n}\n";
    let out = slate::format(messy).expect("formats");
    assert_eq!(
        out,
        "agreement \"A\" {\n  timezone \"UTC\"\n  field    priority \"P1\", \"P2\",\n                    \"P3\"\n  field    status \"open\"\n}\n"
    );
}

/// A list continued after a trailing comment (`items "api-eu", // eu`)
/// hangs under its first value as it does without the comment, and the
/// statements after it stay aligned: the comment is not the end of the
/// code, the comma is. Formatting with the comments, then taking them out,
/// gives what formatting without them gives.
#[test]
fn a_list_continued_after_a_comment_hangs_as_without_it() {
    let src = "agreement \"A\" {\n  timezone \"UTC\"\n  field priority as \"urgency\" \"P1\" as \"critical\", // one\n \"P2\" as \"major\", // two\n    \"P3\" // three\n  objective a \"A\" {\n    service s\n    items \"api-eu\", // eu\n          \"api-us\" // us\n    uptime at least 99.9% per month\n    exclude cause \"x\", // x\n   \"y\"\n  }\n}\n";
    let without: String = src
        .lines()
        .map(|l| l.split(" //").next().unwrap_or(l).trim_end())
        .map(|l| format!("{l}\n"))
        .collect();
    let plain = slate::format(&without).expect("formats");
    let commented = slate::format(src).expect("formats");
    let stripped: String = commented
        .lines()
        .map(|l| l.split(" //").next().unwrap_or(l).trim_end())
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(stripped, plain, "{commented}");
    assert_eq!(slate::format(&commented).expect("formats"), commented);
    assert!(
        commented.contains("    items   \"api-eu\", // eu\n            \"api-us\" // us\n"),
        "{commented}"
    );
}

/// The values of a labelled field continued on the next line hang under
/// its first value, past the label (`as "…"`, which may hold spaces and
/// escaped quotes), as those of a field without a label do.
#[test]
fn a_labelled_field_continued_hangs_under_its_first_value() {
    let src = r#"agreement "A" {
  timezone "UTC"
  field cause as "the \"cause\" of the outage, é" "customer" as "the customer",
 "hardware"
  field priority "P1",
 "P2"
}
"#;
    let out = slate::format(src).expect("formats");
    assert_eq!(
        out,
        r#"agreement "A" {
  timezone "UTC"
  field    cause as "the \"cause\" of the outage, é" "customer" as "the customer",
                                                     "hardware"
  field    priority "P1",
                    "P2"
}
"#
    );
    assert_eq!(slate::format(&out).expect("formats"), out);
}

/// A goal's own target written with the space before its comma
/// (`within 1 hour ,target 50%`, `within 2 hours , target 75%`) is
/// normalised to `within 1 hour, target 50%`: the text formatting the
/// canonical agreement gives.
#[test]
fn a_goal_target_after_a_misplaced_comma_is_normalised() {
    let canonical = crate::per_goal::AGREEMENT;
    assert!(canonical.contains("within 1 hour, target 50%"));
    let messy = canonical
        .replacen("within 1 hour, target 50%", "within 1 hour ,target 50%", 1)
        .replacen(
            "within 2 hours, target 75%",
            "within 2 hours , target 75%",
            1,
        );
    assert_ne!(messy, canonical);
    let out = slate::format(&messy).expect("formats");
    assert_eq!(out, slate::format(canonical).expect("formats"));
    assert!(out.contains("within 1 hour, target 50%"), "{out}");
}

/// Every remedy statement of issue 19 (tests/data/lsp/remedies.sla) badly
/// laid out, with comments between the statements: its canonical form,
/// which formats to itself, keeps every comment and says what the input
/// says, and what the tidy agreement says (the same terms fingerprint).
#[test]
fn messy_remedies() {
    let root = slate_tests::root();
    let src = read(&root.join("tests/data/fmt/messy-remedies.sla"));
    let out = slate::format(&src).expect("formats");
    snapshot!("messy_remedies", out);
    assert_eq!(slate::format(&out).expect("formats"), out, "not idempotent");
    let options = slate::Options::default();
    let before = slate::compile(&src, &options).expect("compiles");
    let after = slate::compile(&out, &options).expect("compiles");
    assert_eq!(before.fingerprint(), after.fingerprint());
    let tidy = read(&root.join("tests/data/lsp/remedies.sla"));
    let tidy = slate::compile(&tidy, &options).expect("compiles");
    assert_eq!(after.fingerprint(), tidy.fingerprint());
    for comment in [
        "// what the bill says",
        "// each line's own fee",
        "// no line earns more than a quarter of its fee",
        "// a unit begun counts",
        "// credits of a dollar or less are not issued",
        "// from each breach",
        "// never more than the deliverable cost",
        "// a bonus of at most two seconds' worth",
        "// rolling",
    ] {
        assert_eq!(src.matches(comment).count(), 1, "{comment}");
        assert_eq!(out.matches(comment).count(), 1, "lost {comment}");
    }
}
