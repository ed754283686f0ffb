//! Hostile input: each gives a clear diagnostic (or checks clean, where the
//! input is legitimate), never a panic, a hang or an internal error.

use slate::{Code, Diagnostic};
use slate_tests::{read, root};

fn example() -> String {
    read(&root().join("examples/support.sla"))
}

fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    let mut c: Vec<Code> = diags.iter().map(|d| d.code).collect();
    c.dedup();
    c
}

fn no_internal(diags: &[Diagnostic], src: &str) {
    for d in diags {
        assert_ne!(d.code, Code::Internal, "{}", d.message);
        assert!(
            d.span.end <= src.len() && d.span.start <= d.span.end,
            "span out of the text"
        );
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_change_nothing() {
    let lf = example();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (a, b) = (slate::check(&lf), slate::check(&crlf));
    assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
    assert_eq!(
        a.model.expect("model").fingerprint(),
        b.model.expect("model").fingerprint(),
        "line endings are not terms"
    );
    // Lines and columns stay right: the same mistake on the same line and column.
    let broken = |s: &str| {
        s.replacen(
            "target  95% of tickets per month",
            "target  95% of tickets per fortnight",
            1,
        )
    };
    let (x, y) = (broken(&lf), broken(&crlf));
    let (dx, dy) = (slate::check(&x).diagnostics, slate::check(&y).diagnostics);
    assert_eq!(codes(&dx), codes(&dy));
    let lc = |s: &str, d: &Diagnostic| slate::line_col(s, d.span.start);
    assert_eq!(lc(&x, &dx[0]), lc(&y, &dy[0]));
}

#[test]
fn a_nul_byte_is_an_error_at_the_byte() {
    let src = example().replacen("Managed Service", "Managed\0Service", 1);
    let checked = slate::check(&src);
    no_internal(&checked.diagnostics, &src);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::ControlCharacter)
        .expect("E0108");
    assert_eq!(&src[d.span.start..d.span.end], "\0");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_at_once() {
    let line = "// padding to make a very large file\n";
    let src = line.repeat(slate::ast_limits::MAX_SOURCE_BYTES / line.len() + 1);
    let checked = slate::check(&src);
    assert_eq!(codes(&checked.diagnostics), [Code::FileTooLarge]);
    assert_eq!(checked.diagnostics.len(), 1);
    // The report does not quote the text: one line of it may be megabytes.
    let human = slate::human(&checked.diagnostics, "big.sla", &src, false);
    assert!(human.len() < 1000, "{} bytes", human.len());
    assert!(!human.contains("padding"), "{human}");
}

#[test]
fn a_megabyte_string_is_read_whole() {
    let long = "x".repeat(1 << 20);
    let src = example().replacen("\"KMS-BR-2026-003\"", &format!("\"{long}\""), 1);
    let checked = slate::check(&src);
    assert!(checked.diagnostics.is_empty());
    assert_eq!(
        checked.model.expect("model").id.map(|s| s.len()),
        Some(1 << 20)
    );
}

#[test]
fn ten_thousand_nested_braces_give_diagnostics_not_a_crash() {
    let src = format!(
        "agreement \"A\" {{\n  junk {}{}\n}}\n",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    let checked = slate::check(&src);
    no_internal(&checked.diagnostics, &src);
    // One clear error: the unknown line, or (where the thread's stack is small)
    // pest's depth guard reporting the nesting.
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| matches!(d.code, Code::UnknownStatement | Code::MalformedStatement)),
        "{:?}",
        checked.diagnostics.first()
    );
    // Far deeper than any parser stack: still one clear error.
    let deeper = format!("agreement \"A\" {{\n  junk {}\n}}\n", "{".repeat(300_000));
    let checked = slate::check(&deeper);
    no_internal(&checked.diagnostics, &deeper);
    assert!(!checked.diagnostics.is_empty());
}

#[test]
fn ten_thousand_repeated_blocks_are_all_read() {
    let clauses: String = (0..10_000)
        .map(|i| format!("  clause c{i} \"Clause {i}\" \"\"\"\n    Text {i}.\n  \"\"\"\n"))
        .collect();
    let base = example();
    let before = slate::check(&base).model.expect("model").clauses.len();
    let src = base.trim_end().trim_end_matches('}').to_owned() + &clauses + "}\n";
    let checked = slate::check(&src);
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        checked.diagnostics.first()
    );
    assert_eq!(checked.model.expect("model").clauses.len(), before + 10_000);
}

#[test]
fn deeply_nested_markdown_renders() {
    let quotes = format!("{}deep\n", "> ".repeat(5_000));
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    let src = example().replacen(
        "  clause exclusions \"Exclusions\" \"\"\"",
        &format!("  clause deep \"Deep\" \"\"\"\n{quotes}\n{lists}  \"\"\"\n\n  clause exclusions \"Exclusions\" \"\"\""),
        1,
    );
    let model = slate::check(&src).model.expect("model");
    let html = slate::render::to_html(&model);
    let md = slate::render::to_markdown(&model);
    assert!(html.contains("deep") && md.contains("deep"));
}

#[test]
fn numbers_too_long_to_mean_anything_are_one_error() {
    let src = example().replacen("target  95%", &format!("target  {}%", "9".repeat(400)), 1);
    let checked = slate::check(&src);
    assert_eq!(codes(&checked.diagnostics), [Code::NumberTooLarge]);
}

#[test]
fn dates_that_do_not_exist_and_far_dates() {
    let src = example().replacen("effective 2026-01-01", "effective 2026-02-30", 1);
    assert_eq!(codes(&slate::check(&src).diagnostics), [Code::InvalidDate]);
    let far = example().replacen(
        "effective 2026-01-01 to 2027-12-31",
        "effective 0001-01-01 to 9999-12-31",
        1,
    );
    // Outside the years an agreement may be in force: both ends refused,
    // so no backend tabulates 8,000 years of periods.
    let checked = slate::check(&far).diagnostics;
    assert_eq!(codes(&checked), [Code::EffectiveOutOfRange]);
    assert_eq!(checked.len(), 2);
    let edges = example().replacen(
        "effective 2026-01-01 to 2027-12-31",
        "effective 1970-01-01 to 2099-12-31",
        1,
    );
    let checked = slate::check(&edges);
    assert!(
        checked.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        checked.diagnostics.first()
    );
}

#[test]
fn a_fifty_megabyte_file_is_refused_at_once() {
    // 50 MB of valid-looking statements: refused by size before parsing,
    // with one diagnostic.
    let src = example().repeat(50 * 1024 * 1024 / example().len() + 1);
    assert!(src.len() >= 50 * 1024 * 1024);
    let checked = slate::check(&src);
    assert_eq!(codes(&checked.diagnostics), [Code::FileTooLarge]);
    assert!(slate::format(&src).is_err());
}

#[test]
fn event_timestamps_far_outside_the_range_are_invalid_records() {
    use slate::eval::{Events, Format};
    let mut e = Events::default();
    e.read(
        "far.ndjson",
        concat!(
            "{\"id\":\"A\",\"at\":\"9999-12-31T23:59:59Z\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"-262144-01-01T00:00:00Z\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00+99:00\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\"}\n",
        ),
        Format::Ndjson,
    );
    assert_eq!(e.records.len(), 1);
    assert_eq!(
        e.invalid.iter().map(|i| i.line).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    // A cut-off far away is refused, not evaluated over centuries.
    let model = slate::compile(&example(), &slate::Options::default()).expect("compiles");
    let options = slate::eval::Options {
        as_of: Some(253_402_300_799),
        ..slate::eval::Options::default()
    };
    let err = slate::eval::evaluate(
        &slate::rules::from_model(&model).expect("a rule set"),
        &e,
        &options,
    )
    .expect_err("refused");
    assert_eq!(err, slate::eval::EvalError::CutoffOutOfRange);
    assert!(
        err.to_string().contains("outside the years 1900 to 2199"),
        "{err}"
    );
}

/// The terminal never receives a raw control or hidden character from a
/// diagnostic: a string holding ESC (which would start an escape sequence)
/// or a right-to-left override (which would reorder the quoted line) is
/// quoted with a visible stand-in of the same length, so the underline still
/// points at the right place, and the words of the diagnostic name the
/// character as `<U+202E>`.
#[test]
fn diagnostics_never_send_a_terminal_a_hidden_character() {
    let src = example()
        .replacen(
            "Managed Service Desk",
            "Managed \u{202E}Service\u{202C} Desk",
            1,
        )
        .replacen("KMS-BR-2026-003", "KMS\u{1b}[2J-003", 1);
    let checked = slate::check(&src);
    no_internal(&checked.diagnostics, &src);
    let codes = codes(&checked.diagnostics);
    assert!(codes.contains(&Code::ControlCharacter), "{codes:?}");
    assert!(codes.contains(&Code::HiddenCharacter), "{codes:?}");
    for color in [false, true] {
        let out = slate::human(&checked.diagnostics, "hostile.sla", &src, color);
        for c in ['\u{202E}', '\u{202C}'] {
            assert!(
                !out.contains(c),
                "U+{:04X} reaches the terminal:\n{out}",
                u32::from(c)
            );
        }
        // Colour uses escape sequences of its own; none is the source's.
        assert!(
            !out.contains("\u{1b}[2J"),
            "the source's ESC reaches the terminal"
        );
        assert!(
            out.contains("Managed \u{FFFD}Service\u{FFFD} Desk"),
            "{out}"
        );
        assert!(out.contains("KMS?[2J-003"), "{out}");
    }
}

/// One line of twenty thousand item ids, ending in an id named twice and an
/// empty one: each mistake is reported with its code, its place
/// (`file:line:column`, both places for the id named twice) and its help.
/// The terminal report used to panic: miette pads to a label's column with
/// a formatting width, and a width past 65,535 panics.
#[test]
fn a_mistake_far_along_a_very_long_line_is_reported_by_place() {
    let ids: Vec<String> = (0..20_000).map(|i| format!("\"id{i}\"")).collect();
    let src = read(&root().join("examples/saas.sla")).replacen(
        "  objective availability",
        &format!(
            "  objective far \"Far\" {{\n    service platform\n    items   {}, \"id19999\", \"\"\n    uptime  at least 99% per month\n  }}\n\n  objective availability",
            ids.join(", ")
        ),
        1,
    );
    let checked = slate::check(&src);
    no_internal(&checked.diagnostics, &src);
    assert!(codes(&checked.diagnostics).contains(&Code::DuplicateItem));
    let human = slate::human(&checked.diagnostics, "far.sla", &src, false);
    assert!(human.contains("slate::E0326"), "{human}");
    assert!(human.contains("slate::E0327"), "{human}");
    assert!(human.contains("  at far.sla:"), "{human}");
    assert!(human.contains("  help: "), "{human}");
    assert!(human.len() < 20_000, "{} bytes", human.len());
}
